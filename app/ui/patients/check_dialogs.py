"""Record an eligibility check; add or edit a prior authorization."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from app.domain.patients import EligibilityCheck, EligibilityStatus, Policy, PriorAuth
from app.domain.practice import Payer
from app.services import patients
from app.ui.changes import ChangeBus
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.patients.policy_dialog import payer_combo
from app.ui.presenters.form_values import Kind
from app.ui.presenters.patient_detail import ELIGIBILITY_LABELS, policy_label
from app.ui.widgets.fields import add_row, combo, date_line, line, make_form, money_line, spin


def _note() -> QPlainTextEdit:
    note = QPlainTextEdit()
    note.setTabChangesFocus(True)
    note.setMaximumHeight(70)
    return note


class EligibilityDialog(RecordDialog):
    """Record the outcome of an eligibility verification (portal, phone or 271)."""

    def __init__(self, parent: QWidget | None, bus: ChangeBus, db: Any,
                 policies: list[Policy], payer_names: dict[int, str]) -> None:
        super().__init__(parent, bus, "Record eligibility check", "Eligibility check",
                         lambda data: patients.add_eligibility_check(db, data),
                         "eligibility_dialog", EligibilityCheck)
        form = make_form()
        b = self.binder
        policy_items = [(policy_label(p, payer_names), p.id) for p in policies]
        add_row(form, b, "&Policy:", "policy_id", combo(policy_items, 300))
        add_row(form, b, "&Checked on:", "checked_on", date_line(), Kind.DATE)
        add_row(form, b, "&Status:", "status", combo(
            [(label, s.value) for s, label in ELIGIBILITY_LABELS.items()], 140))
        add_row(form, b, "C&opay:", "copay", money_line(), Kind.OPTIONAL_MONEY)
        add_row(form, b, "&Deductible left:", "deductible_remaining", money_line(),
                Kind.OPTIONAL_MONEY)
        add_row(form, b, "&Reference:", "reference", line("Call or transaction reference",
                                                          None, 50))
        add_row(form, b, "&Note:", "note", _note())
        self.body.addLayout(form)
        self.binder.write({"checked_on": date.today(), "status": EligibilityStatus.ACTIVE})
        self.restore_size()


class PriorAuthDialog(RecordDialog):
    """Add or edit a payer's prior authorization."""

    def __init__(self, parent: QWidget | None, bus: ChangeBus, db: Any, patient_id: int,
                 payers: list[Payer], auth: PriorAuth | None = None) -> None:
        title = "Edit prior authorization" if auth else "Add prior authorization"
        super().__init__(parent, bus, title, "Prior authorization",
                         lambda data: patients.save_prior_auth(db, data), "auth_dialog", PriorAuth)
        self.patient_id = patient_id
        form = make_form()
        b = self.binder
        add_row(form, b, "&Payer:", "payer_id", payer_combo(payers, auth and auth.payer_id))
        add_row(form, b, "&Number:", "number", line("Authorization number", 260, 50))
        add_row(form, b, "&Codes:", "codes", line("CPT/HCPCS, comma separated (blank = any)"),
                Kind.CODES)
        add_row(form, b, "Visits &allowed:", "visits_allowed", spin(999))
        add_row(form, b, "Visits &used:", "visits_used", spin(999))
        add_row(form, b, "&Start:", "start_date", date_line(), Kind.DATE)
        add_row(form, b, "&End:", "end_date", date_line(), Kind.DATE)
        add_row(form, b, "N&ote:", "note", _note())
        self.body.addLayout(form)
        today = date.today()
        self.binder.write(auth if auth is not None else
                          {"start_date": today, "end_date": today + timedelta(days=90)})
        self.restore_size()

    def extra_values(self, data: dict[str, Any]) -> dict[str, Any]:
        return {**data, "patient_id": self.patient_id}
