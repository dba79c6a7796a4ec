"""The claim list with status and payer filters (read-only for now)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.domain.claims import ClaimStatus
from app.domain.money import format_money
from app.services import claims, settings
from app.ui.changes import ChangeBus
from app.ui.models.columns import Column, date_column, money_column
from app.ui.models.table_model import RowTableModel
from app.ui.widgets.fields import buddy_label
from app.ui.widgets.page import Page
from app.ui.widgets.table import DataTable

COLUMNS: list[Column] = [
    Column("control_number", "Control #", 110),
    Column("patient", "Patient", 200),
    Column("payer", "Payer", 180),
    Column("status", "Status", 84, formatter=lambda s: str(s).capitalize()),
    date_column("date_of_service", "DOS", 86),
    money_column("billed", "Billed"),
    money_column("paid", "Paid"),
    money_column("adjusted", "Adjusted"),
    money_column("patient_responsibility", "Patient resp.", 92),
    money_column("balance", "Balance"),
]


class ClaimsPage(Page):
    title = "Billing"
    watches = ("claims", "charges", "payments", "patients", "settings")

    def __init__(self, db: object, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(db, bus, parent)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("claim_status_filter")
        self.status_filter.addItem("All statuses", None)
        for status in ClaimStatus:
            self.status_filter.addItem(status.value.capitalize(), status.value)
        self.payer_filter = QComboBox()
        self.payer_filter.setObjectName("claim_payer_filter")
        self.payer_filter.setMinimumContentsLength(24)
        self.count_label = QLabel()
        self.model = RowTableModel(COLUMNS, self)
        self.table = DataTable("billing_claims", self)
        self.table.set_model(self.model, COLUMNS)
        self.table.enable_sorting(4, Qt.SortOrder.DescendingOrder)
        self._build_layout()
        self.status_filter.currentIndexChanged.connect(self.reload_claims)
        self.payer_filter.currentIndexChanged.connect(self.reload_claims)

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(buddy_label("&Status:", self.status_filter))
        bar.addWidget(self.status_filter)
        bar.addSpacing(12)
        bar.addWidget(buddy_label("&Payer:", self.payer_filter))
        bar.addWidget(self.payer_filter)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addLayout(bar)
        layout.addWidget(self.table)

    def _load_payers(self) -> None:
        current = self.payer_filter.currentData()
        self.payer_filter.blockSignals(True)
        self.payer_filter.clear()
        self.payer_filter.addItem("All payers", None)
        for payer in settings.list_payers(self.db):  # type: ignore[arg-type]
            if not payer.is_self_pay:
                self.payer_filter.addItem(payer.name, payer.payer_id)
        self.payer_filter.setCurrentIndex(max(self.payer_filter.findData(current), 0))
        self.payer_filter.blockSignals(False)

    @Slot()
    def refresh(self) -> None:
        super().refresh()
        self._load_payers()
        self.reload_claims()

    @Slot()
    def reload_claims(self) -> None:
        rows = claims.list_claims(self.db, self.status_filter.currentData(),  # type: ignore[arg-type]
                                  self.payer_filter.currentData())
        self.model.set_rows(rows)
        balance = sum((r.balance for r in rows), Decimal("0.00"))
        self.count_label.setText(f"{len(rows):,} claims · balance {format_money(balance)}")

    def focus_search(self) -> None:
        self.status_filter.setFocus()

    def save_state(self) -> None:
        self.table.save_state()
