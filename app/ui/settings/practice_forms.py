"""Practice (billing provider) and clearinghouse settings forms."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QGroupBox, QPlainTextEdit, QWidget

from app.domain.errors import Problem
from app.domain.identifiers import check_zip
from app.domain.practice import Clearinghouse, Practice, UsageMode
from app.services import settings
from app.ui.changes import ChangeBus
from app.ui.presenters.form_values import Kind
from app.ui.settings.form_panel import FormPanel
from app.ui.widgets.fields import add_row, address_grid, combo, line, make_form

ISA_QUALIFIERS = ["ZZ", "01", "14", "20", "27", "28", "29", "30", "33"]


class PracticeForm(FormPanel):
    """The billing provider as it appears on every claim."""

    def __init__(self, db: Any, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(bus, "Practice", lambda: settings.get_practice(db),
                         lambda data: settings.save_practice(db, data), parent, Practice)
        b = self.binder
        main = QGroupBox("Billing provider")
        form = make_form()
        add_row(form, b, "&Legal name:", "legal_name", line("As registered with the IRS", None,
                                                            60))
        add_row(form, b, "&NPI:", "npi", line("10 digits", 140, 10))
        add_row(form, b, "&EIN (TIN):", "ein", line("12-3456789", 140, 10), Kind.EIN)
        add_row(form, b, "&Taxonomy:", "taxonomy", line("207Q00000X", 140, 10), Kind.UPPER)
        form.addRow("Address:", address_grid(b, "address"))
        add_row(form, b, "&Phone:", "phone", line("(555) 555-0100", 160), Kind.PHONE)
        main.setLayout(form)
        self.pay_to = QGroupBox("Separate pay-to address (where payers mail checks)")
        self.pay_to.setCheckable(True)
        self.pay_to.setChecked(False)
        pay_form = make_form()
        pay_form.addRow("Address:", address_grid(b, "pay_to_address"))
        self.pay_to.setLayout(pay_form)
        b.optional_group("pay_to_address", self.pay_to.isChecked)
        statements = QGroupBox("Patient statements")
        st_form = make_form()
        message = QPlainTextEdit()
        message.setTabChangesFocus(True)
        message.setMaximumHeight(64)
        add_row(st_form, b, "&Message:", "statement_message", message)
        statements.setLayout(st_form)
        for box in (main, self.pay_to, statements):
            self.form_body.addWidget(box)
        self.form_body.addStretch(1)

    def extra_problems(self, data: dict[str, Any]) -> list[Problem]:
        zip_code = (data.get("address") or {}).get("zip", "")
        if zip_code and not check_zip(zip_code) and check_zip(zip_code, require_plus4=True):
            return [Problem("Practice", "address.zip",
                            "The billing provider needs a ZIP+4 (nine digits) on claims.")]
        return []

    def after_write(self, record: Any) -> None:
        self.pay_to.setChecked(getattr(record, "pay_to_address", None) is not None)
        self.binder.mark_clean()


class ClearinghouseForm(FormPanel):
    """Submitter and receiver identifiers, and test/production usage (ISA15)."""

    def __init__(self, db: Any, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(bus, "Clearinghouse", lambda: settings.get_clearinghouse(db),
                         lambda data: settings.save_clearinghouse(db, data), parent,
                         Clearinghouse)
        b = self.binder
        sender = QGroupBox("Clearinghouse and submitter")
        form = make_form()
        add_row(form, b, "Clearinghouse &name:", "name", line("", None, 60))
        add_row(form, b, "&Submitter name:", "submitter_name", line("", None, 60))
        add_row(form, b, "Submitter &ID:", "submitter_id", line("Assigned by the "
                                                                "clearinghouse", 220, 15))
        add_row(form, b, "ISA &qualifier:", "isa_qualifier", combo(
            [(q, q) for q in ISA_QUALIFIERS], 80))
        add_row(form, b, "&Contact name:", "contact_name", line("", None, 60))
        add_row(form, b, "Contact &phone:", "contact_phone", line("(555) 555-0100", 160),
                Kind.PHONE)
        add_row(form, b, "Contact &email:", "contact_email", line("", None, 80))
        sender.setLayout(form)
        receiver = QGroupBox("Receiver and interchange")
        form2 = make_form()
        add_row(form2, b, "&Receiver name:", "receiver_name", line("", None, 60))
        add_row(form2, b, "Recei&ver ID:", "receiver_id", line("", 220, 15))
        add_row(form2, b, "&Usage:", "usage", combo(
            [("Test (T): claims are not adjudicated", UsageMode.TEST.value),
             ("Production (P): claims are real", UsageMode.PRODUCTION.value)], 280))
        add_row(form2, b, "&Line breaks:", "line_breaks",
                QCheckBox("One segment per line in 837 files"))
        receiver.setLayout(form2)
        self.form_body.addWidget(sender)
        self.form_body.addWidget(receiver)
        self.form_body.addStretch(1)

    def blank(self) -> dict[str, Any]:
        return {"isa_qualifier": "ZZ", "usage": UsageMode.TEST}
