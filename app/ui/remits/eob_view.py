"""The EOB of one claim: remittances, lines, adjustments and remarks with explanations.

Each remittance shows its lines with billed, allowed and paid, then each CAS adjustment
(group-reason, amount) and remark code with ClaimDesk's explanation.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.services import eob
from app.ui.batches.tip_model import TipTableModel
from app.ui.models.columns import Column, date_column, money_column
from app.ui.presenters.remit_eob import EobRow, eob_headline, eob_rows
from app.ui.widgets.table import DataTable

AnyIndex = QModelIndex | QPersistentModelIndex


def _label(row: EobRow) -> str:
    if row.kind == "adjustment":
        return "    adjustment"
    if row.kind == "remark":
        return "    remark"
    return row.label


EOB_COLUMNS: list[Column] = [
    Column("label", "Remittance / line", 250, getter=_label),
    date_column("service_date", "DOS", 84),
    money_column("billed", "Billed", 76),
    money_column("allowed", "Allowed", 76),
    money_column("paid", "Paid", 76),
    Column("code", "Code", 150),
    money_column("amount", "Amount", 76),
    Column("explanation", "Explanation", 260),
]


class EobModel(TipTableModel):
    """EOB rows; remittance rows in bold."""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.isValid() \
                and 0 <= index.row() < self.rowCount() \
                and self.row_at(index.row()).kind == "claim":
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)


class EobView(QWidget):
    """Type a claim number (or come here from the denial queue) to see what was remitted."""

    def __init__(self, db: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.claim_id: int | None = None
        self.search = QLineEdit()
        self.search.setObjectName("eob_claim")
        self.search.setPlaceholderText("Claim number, e.g. C0000238 (Enter)")
        self.search.setMaximumWidth(260)
        self.search.returnPressed.connect(self.lookup)
        show = QPushButton("&Show EOB")
        show.clicked.connect(self.lookup)
        self.headline = QLabel("Type a claim number to see its remittances.")
        self.headline.setObjectName("eob_headline")
        self.model = EobModel(EOB_COLUMNS, self)
        self.table = DataTable("eob_table", self)
        self.table.setObjectName("eob_rows")
        self.table.set_model(self.model, EOB_COLUMNS)
        bar = QHBoxLayout()
        bar.addWidget(self.search)
        bar.addWidget(show)
        bar.addWidget(self.headline, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.search)

    @Slot()
    def lookup(self) -> None:
        number = self.search.text().strip().upper()
        if not number:
            return
        claim_id = eob.claim_by_control_number(self.db, number)
        if claim_id is None:
            self.claim_id = None
            self.model.set_rows([])
            self.headline.setText(f"No claim {number}.")
            return
        self.show_claim(claim_id, number)

    def show_claim(self, claim_id: int, control_number: str) -> None:
        self.claim_id = claim_id
        self.search.setText(control_number)
        remits = eob.remits_for_claim(self.db, claim_id)
        self.model.set_rows(eob_rows(remits))
        self.headline.setText(eob_headline(control_number, remits))

    def reload(self) -> None:
        if self.claim_id is not None:
            self.show_claim(self.claim_id, self.search.text().strip().upper())

    def save_state(self) -> None:
        self.table.save_state()
