"""Add or change a fee or a contracted amount; end one after its last day.

Each save adds an effective-dated row through ``services.fees`` (history is kept; claims keep
the charges they were built with).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QGroupBox, QLabel, QWidget

from app.domain.changes import Changes
from app.domain.document import ContractRate, FeeScheduleEntry
from app.domain.practice import Payer
from app.services import fees
from app.ui.changes import ChangeBus
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.presenters.fee_book import BookLine
from app.ui.presenters.form_values import Kind
from app.ui.widgets.fields import add_row, combo, date_line, line, make_form, money_line

NOTE = ("A change starts on its effective date; visits before it keep the earlier price and "
        "claims keep the charges they were billed with.")


def _box(title: str, form: Any) -> QGroupBox:
    box = QGroupBox(title)
    box.setLayout(form)
    return box


def _note() -> QLabel:
    label = QLabel(NOTE)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


class FeeDialog(RecordDialog):
    """A new code on the schedule, or a new price for one (``line`` pre-fills it)."""

    def __init__(self, parent: QWidget | None, bus: ChangeBus, db: Any,
                 line_: BookLine | None = None) -> None:
        title = "Change fee" if line_ else "Add fee"
        super().__init__(parent, bus, title, "Fee", lambda data: fees.set_fee(db, data),
                         "fee_dialog", FeeScheduleEntry)
        form = make_form()
        b = self.binder
        add_row(form, b, "&Code:", "code", line("99213", 90, 5), Kind.UPPER)
        add_row(form, b, "&Modifier:", "modifier", line("", 50, 2), Kind.UPPER)
        add_row(form, b, "&Label:", "label", line("The practice's own words", None, 100))
        add_row(form, b, "C&harge:", "charge", money_line(), Kind.MONEY)
        add_row(form, b, "&Effective from:", "effective_date", date_line(), Kind.DATE)
        self.body.addWidget(_box("Fee", form))
        self.body.addWidget(_note())
        start = {"effective_date": date.today()}
        if line_ is not None:
            start |= {"code": line_.code, "modifier": line_.modifier, "label": line_.label,
                      "charge": line_.amount}
        self.binder.write(start)
        self.binder.widget("charge" if line_ else "code").setFocus()
        self.restore_size()


class ContractDialog(RecordDialog):
    """A payer's contracted allowed amount for a code, from a date."""

    def __init__(self, parent: QWidget | None, bus: ChangeBus, db: Any, payers: list[Payer],
                 line_: BookLine | None = None) -> None:
        title = "Change contracted amount" if line_ else "Add contracted amount"
        super().__init__(parent, bus, title, "Contract",
                         lambda data: fees.set_contract_rate(db, data), "contract_dialog",
                         ContractRate)
        form = make_form()
        b = self.binder
        add_row(form, b, "&Payer:", "payer_id", combo(
            [("", None), *((p.name, p.id) for p in payers if p.active)], 240))
        add_row(form, b, "&Code:", "code", line("99213", 90, 5), Kind.UPPER)
        add_row(form, b, "&Modifier:", "modifier", line("", 50, 2), Kind.UPPER)
        add_row(form, b, "&Allowed:", "allowed", money_line(), Kind.MONEY)
        add_row(form, b, "&Effective from:", "effective_date", date_line(), Kind.DATE)
        self.body.addWidget(_box("Contracted amount", form))
        self.body.addWidget(_note())
        start: dict[str, Any] = {"effective_date": date.today()}
        if line_ is not None:
            start |= {"payer_id": line_.key[0], "code": line_.code, "modifier": line_.modifier,
                      "allowed": line_.amount}
        self.binder.write(start)
        self.binder.widget("allowed" if line_ else "payer_id").setFocus()
        self.restore_size()


class EndDialog(RecordDialog):
    """End a fee or a contracted amount after its last day."""

    def __init__(self, parent: QWidget | None, bus: ChangeBus, db: Any, line_: BookLine,
                 contract: bool) -> None:
        what = f"{line_.code}{' ' + line_.modifier if line_.modifier else ''}"
        title = f"End {'contracted amount' if contract else 'fee'} {what}"
        super().__init__(parent, bus, title, "End", self._end, "end_fee_dialog")
        self.db, self.line, self.contract = db, line_, contract
        form = make_form()
        add_row(form, self.binder, "&Last day:", "last_day", date_line(), Kind.DATE)
        payer = f" with {line_.payer}" if contract else ""
        self.body.addWidget(QLabel(f"{what} {line_.label}{payer}: the last day it applies."))
        self.body.addWidget(_box("End", form))
        self.binder.write({"last_day": date.today()})
        self.binder.widget("last_day").setFocus()
        self.restore_size()

    def _end(self, data: dict[str, Any]) -> tuple[Any, Changes]:
        from app.domain.errors import Problem, ValidationFailed

        last_day = data.get("last_day")
        if last_day is None:
            raise ValidationFailed([Problem("End", "last_day", "Enter the last day.")])
        line_ = self.line
        if self.contract:
            return fees.end_contract_rate(self.db, line_.key[0], line_.code, line_.modifier,
                                          last_day)
        return fees.end_fee(self.db, line_.code, line_.modifier, last_day)
