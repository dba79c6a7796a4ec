"""The coding work queue: encounters by coding status, oldest visit first (read-only)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.domain.encounters import CodingStatus
from app.services import coding
from app.ui.changes import ChangeBus
from app.ui.models.columns import ALIGN_RIGHT, Column, date_column, money_column
from app.ui.models.table_model import RowTableModel
from app.ui.widgets.fields import buddy_label
from app.ui.widgets.page import Page
from app.ui.widgets.table import DataTable

STATUS_LABELS: dict[str, str] = {
    CodingStatus.UNCODED.value: "Uncoded",
    CodingStatus.QUERY.value: "Provider query",
    CodingStatus.CODED.value: "Coded",
    CodingStatus.CORRECTION.value: "Correction",
}

#: Filter choices: label and the statuses it shows (empty = all).
FILTERS: list[tuple[str, tuple[str, ...]]] = [
    *((label, (status,)) for status, label in STATUS_LABELS.items()),
    ("All", ()),
]

COLUMNS: list[Column] = [
    date_column("date_of_service", "DOS", 86),
    Column("patient", "Patient", 210),
    Column("provider", "Provider", 150),
    Column("payer", "Payer", 190),
    Column("coding_status", "Status", 110, formatter=lambda s: STATUS_LABELS.get(s, s)),
    Column("days_since_visit", "Days", 56, ALIGN_RIGHT, tooltip="Days since the visit"),
    money_column("total_charge", "Charges", 90),
]


class CodingQueuePage(Page):
    title = "Coding"
    watches = ("encounters", "codes", "patients", "settings", "charges")

    def __init__(self, db: object, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(db, bus, parent)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("coding_status_filter")
        for label, statuses in FILTERS:
            self.status_filter.addItem(label, statuses)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.count_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(buddy_label("&Status:", self.status_filter))
        bar.addWidget(self.status_filter)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        self.model = RowTableModel(COLUMNS, self)
        self.table = DataTable("coding_queue", self)
        self.table.set_model(self.model, COLUMNS)
        self.table.enable_sorting(0, Qt.SortOrder.AscendingOrder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addLayout(bar)
        layout.addWidget(self.table)

    @Slot()
    def refresh(self) -> None:
        super().refresh()
        statuses = self.status_filter.currentData() or ()
        rows = coding.work_queue(self.db, tuple(statuses))  # type: ignore[arg-type]
        self.model.set_rows(rows)
        self.count_label.setText(f"{len(rows):,} encounters")

    def focus_search(self) -> None:
        self.status_filter.setFocus()

    def save_state(self) -> None:
        self.table.save_state()
