"""Tables of the patient detail dialog: columns declared once, plus an add/edit button bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.ui.models.columns import Column, date_column, money_column
from app.ui.models.table_model import RowTableModel
from app.ui.widgets.table import DataTable

POLICY_COLUMNS: list[Column] = [
    Column("payer", "Payer", 180),
    Column("order", "Order", 76),
    Column("member_id", "Member ID", 120),
    Column("group_number", "Group", 90),
    Column("relationship", "Relationship", 90),
    Column("subscriber", "Subscriber", 150),
    date_column("effective_date", "Effective"),
    date_column("termination_date", "Terminated"),
]
ELIGIBILITY_COLUMNS: list[Column] = [
    date_column("checked_on", "Checked"),
    Column("policy", "Policy", 260),
    Column("status", "Status", 70),
    money_column("copay", "Copay", 70),
    money_column("deductible_remaining", "Deductible left", 100),
    Column("reference", "Reference", 110),
    Column("note", "Note", 150),
]
AUTH_COLUMNS: list[Column] = [
    Column("payer", "Payer", 170),
    Column("number", "Number", 120),
    Column("codes", "Codes", 120),
    date_column("start_date", "Start"),
    date_column("end_date", "End"),
    Column("visits", "Visits used", 80),
    Column("note", "Note", 150),
]


class RecordTable(QWidget):
    """A table of one kind of sub-record with Add and (optionally) Edit buttons."""

    def __init__(self, name: str, columns: list[Column], add_text: str,
                 on_add: Callable[[], None], on_edit: Callable[[int], None] | None) -> None:
        super().__init__()
        self.model = RowTableModel(columns, self)
        self.table = DataTable(f"patient_detail_{name}", self)
        self.table.setObjectName(f"{name}_table")
        self.table.set_model(self.model, columns)
        self.add_button = QPushButton(add_text)
        self.add_button.setObjectName(f"add_{name}")
        self.add_button.clicked.connect(on_add)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        self.edit_button: QPushButton | None = None
        if on_edit is not None:
            self.edit_button = QPushButton("&Edit...")
            self.edit_button.setObjectName(f"edit_{name}")
            self.edit_button.clicked.connect(lambda: self._edit(on_edit))
            self.table.activated.connect(lambda _index: self._edit(on_edit))
            buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def _edit(self, on_edit: Callable[[int], None]) -> None:
        record_id = self.table.current_id()
        if record_id is not None:
            on_edit(record_id)

    def set_rows(self, rows: list[object]) -> None:
        self.model.set_rows(rows)
        if rows and not self.table.currentIndex().isValid():
            self.table.select_row(0)

    def save_state(self) -> None:
        self.table.save_state()
