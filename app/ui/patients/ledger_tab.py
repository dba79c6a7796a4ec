"""The patient window's Ledger tab: the account with running balances and its actions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app import paths
from app.domain.account_ledger import AccountLedger, LedgerLine
from app.domain.money import format_money
from app.services import patient_ledger, patient_payments
from app.ui import dialogs, jobs
from app.ui.billing import prompts
from app.ui.changes import ChangeBus
from app.ui.models.columns import Column, date_column, money_column
from app.ui.models.table_model import RowTableModel
from app.ui.widgets.table import DataTable

LEDGER_COLUMNS: list[Column] = [
    date_column("on", "Date"),
    Column("kind", "What", 80),
    Column("description", "Description", 330),
    money_column("amount", "Amount"),
    money_column("insurance_pending", "Insurance", 84),
    money_column("patient_owed", "Patient owes", 92),
    money_column("credit", "Credit", 76),
]


def totals_text(ledger: AccountLedger, credit_available: bool) -> str:
    """The line under the table (and what it offers)."""
    pending, owed, credit = ledger.last
    text = (f"<b>Insurance pending {format_money(pending)} · Patient owes {format_money(owed)}"
            f" · Credit {format_money(credit)}</b>")
    if credit_available:
        text += " — credit can go to what is owed: <i>Apply credit</i>."
    return text


class LedgerTab(QWidget):
    """Ledger table, Take payment, Apply credit, Void, Print ledger, Print receipt."""

    changed = Signal()

    def __init__(self, bus: ChangeBus, db: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bus, self.db = bus, db
        self.patient_id: int | None = None
        self.model = RowTableModel(LEDGER_COLUMNS, self)
        self.table = DataTable("patient_ledger", self)
        self.table.setObjectName("ledger_table")
        self.table.set_model(self.model, LEDGER_COLUMNS)
        self.totals = QLabel()
        self.totals.setObjectName("ledger_totals")
        self.take_button = self._button("&Take payment...", "take_payment")
        self.credit_button = self._button("Appl&y credit", "apply_credit", self.apply_credit)
        self.void_button = self._button("Vo&id payment...", "void_payment", self.void_payment)
        self.receipt_button = self._button("Print &receipt...", "print_receipt",
                                           self.print_receipt)
        self.print_button = self._button("Print led&ger...", "print_ledger", self.print_ledger)
        bar = QHBoxLayout()
        for b in (self.take_button, self.credit_button, self.void_button, self.receipt_button,
                  self.print_button):
            bar.addWidget(b)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addLayout(bar)

    def _button(self, text: str, name: str, slot: Any = None) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"{name}_button")
        button.setAutoDefault(False)
        if slot is not None:
            button.clicked.connect(slot)
        return button

    def load(self, patient_id: int) -> None:
        self.patient_id = patient_id
        ledger = patient_ledger.patient_ledger(self.db, patient_id)
        credit, owed = patient_payments.open_credit(self.db, patient_id)
        self.model.set_rows(list(ledger.lines))
        if ledger.lines:
            self.table.select_row(len(ledger.lines) - 1)
        offer = credit > 0 and owed > 0
        self.credit_button.setEnabled(offer)
        self.totals.setText(totals_text(ledger, offer))

    def current_line(self) -> LedgerLine | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _selected_payment(self) -> int | None:
        line = self.current_line()
        if line is None or line.payment_id is None:
            dialogs.inform(self, "Patient payment", "Select a line of a patient payment first.")
            return None
        return line.payment_id

    def _done(self, result: tuple[Any, Any]) -> None:
        self.bus.publish(result[1])
        self.changed.emit()

    @Slot()
    def apply_credit(self) -> None:
        pid = self.patient_id
        if pid is not None:
            jobs.run_op(self, lambda: patient_payments.apply_credit(self.db, pid),
                        on_success=self._done)

    @Slot()
    def void_payment(self) -> None:
        payment_id = self._selected_payment()
        if payment_id is None:
            return
        reason = prompts.ask_reason(self, "Void payment",
                                    f"Why is payment {payment_id} voided? (entered by mistake...)")
        if reason:
            jobs.run_op(self, lambda: patient_payments.void_payment(self.db, payment_id, reason),
                        on_success=self._done)

    def _print(self, title: str, name: str, write: Any) -> None:
        out = dialogs.ask_save_path(self, title, Path(paths.exports_dir()) / name,
                                    "PDF files (*.pdf)")
        if out is None:
            return
        jobs.run_op(self, lambda: write(out), on_success=lambda _pages: dialogs.inform(
            self, title, f"Saved {out.name}."))

    @Slot()
    def print_receipt(self) -> None:
        payment_id = self._selected_payment()
        if payment_id is not None:
            self._print("Print receipt", f"receipt-{payment_id}.pdf",
                        lambda out: patient_ledger.write_receipt_pdf(self.db, payment_id, out))

    @Slot()
    def print_ledger(self) -> None:
        pid = self.patient_id
        if pid is not None:
            self._print("Print ledger", f"ledger-{pid}.pdf",
                        lambda out: patient_ledger.write_ledger_pdf(self.db, pid, out))

