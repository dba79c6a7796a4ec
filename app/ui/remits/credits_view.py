"""Credit balances: payer duplicates/overpayments and patients' credit; refund or offset.

A refund needs the check number and a reason; it posts refund entries, closes the credit and
its refund task, then offers to save the refund letter (PDF). An offset applies a patient's
credit to the same patient's other open balances. Both run through ``app.services.refunds``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app import paths
from app.domain.refunds import CreditRow, RefundDone
from app.services import refunds
from app.ui import dialogs, jobs
from app.ui.changes import ChangeBus
from app.ui.models.columns import Column, date_column, money_column
from app.ui.models.table_model import RowTableModel
from app.ui.widgets.fields import buddy_label, line
from app.ui.widgets.table import DataTable

CREDIT_COLUMNS: list[Column] = [
    Column("key", "Id", 60),
    Column("account_number", "Account", 80),
    Column("patient", "Patient", 160),
    Column("owed_to", "Owed to", 70),
    Column("payer", "Payer", 150),
    Column("claim", "Claim", 100),
    Column("source", "Source", 130, formatter=lambda s: str(s).replace("_", " ")),
    money_column("amount", "Amount", 90),
    date_column("due", "Refund due", 90),
    money_column("owed_elsewhere", "Owes elsewhere", 100),
]


class CreditsView(QWidget):
    """The credit-balance list with Refund and Offset."""

    message = Signal(str)

    def __init__(self, db: Any, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.model = RowTableModel(CREDIT_COLUMNS, self)
        self.table = DataTable("credits", self)
        self.table.setObjectName("credits_table")
        self.table.set_model(self.model, CREDIT_COLUMNS)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.check = line("Refund check number", 150, 40)
        self.check.setObjectName("refund_check")
        self.reason = line("Why the money goes back", 320, 200)
        self.reason.setObjectName("refund_reason")
        self.refund_button = QPushButton("&Refund")
        self.refund_button.setObjectName("refund_button")
        self.offset_button = QPushButton("O&ffset")
        self.offset_button.setObjectName("offset_button")
        self.offset_button.setToolTip("Apply the patient's credit to the patient's other open "
                                      "balances (with the patient's agreement).")
        self.refund_button.clicked.connect(self.refund)
        self.offset_button.clicked.connect(self.offset)
        for edit in (self.check, self.reason):
            edit.textChanged.connect(self._update)
        bar = QHBoxLayout()
        for label, widget in (("Chec&k #:", self.check), ("Rea&son:", self.reason)):
            bar.addWidget(buddy_label(label, widget))
            bar.addWidget(widget)
        bar.addWidget(self.refund_button)
        bar.addWidget(self.offset_button)
        bar.addStretch(1)
        self.detail = QLabel()
        self.detail.setObjectName("credits_detail")
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(bar)
        self.reload()

    def reload(self) -> None:
        """Re-read the open credit balances."""
        self.model.set_rows(refunds.credit_list(self.db))
        self.table.select_row(0)
        self._update()

    def current(self) -> CreditRow | None:
        row = self.table.currentIndex().row()
        return self.model.row_at(row) if 0 <= row < self.model.rowCount() else None

    @Slot(QItemSelection, QItemSelection)
    def _selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._update()

    @Slot()
    def _update(self) -> None:
        c = self.current()
        self.detail.setText(c.note if c is not None else "No credit balances.")
        ready = c is not None and bool(self.check.text().strip() and self.reason.text().strip())
        self.refund_button.setEnabled(ready)
        self.offset_button.setEnabled(c is not None and c.can_offset)

    @Slot()
    def refund(self) -> None:
        c = self.current()
        if c is None:
            return
        key, check, reason = c.key, self.check.text(), self.reason.text()
        jobs.run_op(self, lambda: refunds.refund(self.db, key, check, reason),
                    on_success=self._refunded)

    def _refunded(self, outcome: tuple[RefundDone, Any]) -> None:
        done, changes = outcome
        self.bus.publish(changes)
        self.check.clear()
        self.reason.clear()
        self.message.emit(f"Refunded {done.amount:,.2f} to the {done.owed_to} by check "
                          f"{done.check_number}.")
        self.reload()
        out = dialogs.ask_save_path(self, "Save the refund letter",
                                    Path(paths.exports_dir()) / f"refund-{done.key}.pdf",
                                    "PDF files (*.pdf)")
        if out is not None:
            jobs.run_op(self, lambda: refunds.write_refund_letter(self.db, done, out))

    @Slot()
    def offset(self) -> None:
        c = self.current()
        if c is None or not c.can_offset:
            return
        key = c.key
        jobs.run_op(self, lambda: refunds.offset(self.db, key), on_success=self._offset)

    def _offset(self, outcome: tuple[Any, Any]) -> None:
        moves, changes = outcome
        self.bus.publish(changes)
        self.message.emit(f"Credit applied: {sum(m.amount for m in moves):,.2f}.")
        self.reload()

    def save_state(self) -> None:
        self.table.save_state()
