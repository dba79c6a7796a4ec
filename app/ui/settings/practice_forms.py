"""Practice (billing provider) and clearinghouse settings forms."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QGroupBox, QPlainTextEdit, QWidget

from app.domain.errors import Problem
from app.domain.identifiers import check_zip
from app.domain.practice import Clearinghouse, Practice, UsageMode
from app.services import settings
from app.ui.changes import ChangeBus
from app.ui.presenters.form_values import Kind
from app.ui.settings.form_panel import FormPanel
from app.ui.widgets.fields import add_row, address_grid, combo, line, make_form, spin

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
        add_row(form2, b, "Receiver qu&alifier:", "receiver_qualifier", combo(
            [(q, q) for q in ISA_QUALIFIERS], 80))
        add_row(form2, b, "GS02 sen&der:", "gs_sender",
                line("Blank: the submitter ID", 220, 15), Kind.UPPER)
        add_row(form2, b, "GS0&3 receiver:", "gs_receiver",
                line("Blank: the receiver ID", 220, 15), Kind.UPPER)
        add_row(form2, b, "&Usage:", "usage", combo(
            [("Test (T): claims are not adjudicated", UsageMode.TEST.value),
             ("Production (P): claims are real", UsageMode.PRODUCTION.value)], 280))
        receiver.setLayout(form2)
        self.form_body.addWidget(sender)
        self.form_body.addWidget(receiver)
        self.form_body.addWidget(self._file_group())
        self.form_body.addStretch(1)

    def _file_group(self) -> QGroupBox:
        """Delimiters, file naming and batch size (batches and remittances)."""
        b = self.binder
        group = QGroupBox("837 files")
        form = make_form()
        add_row(form, b, "Element separa&tor:", "element_separator", combo(
            [(f"{c}  ({name})", c) for c, name in ELEMENT_SEPARATORS], 160))
        add_row(form, b, "Co&mponent separator:", "component_separator", combo(
            [(f"{c}  ({name})", c) for c, name in COMPONENT_SEPARATORS], 160))
        add_row(form, b, "Se&gment terminator:", "segment_terminator", combo(
            [(f"{c}  ({name})", c) for c, name in SEGMENT_TERMINATORS], 160))
        add_row(form, b, "&Line breaks:", "line_breaks",
                QCheckBox("One segment per line in 837 files"))
        add_row(form, b, "&File name pattern:", "file_pattern",
                line("CD837_{date}_{isa13}.txt", 320, 80))
        claims = spin(5000)
        claims.setMinimum(1)
        claims.setToolTip("Claims per transaction set (ST-SE); 5000 at most")
        add_row(form, b, "Claims per &batch file:", "max_claims_per_file", claims)
        group.setLayout(form)
        return group

    def extra_problems(self, data: dict[str, Any]) -> list[Problem]:
        return clearinghouse_problems(data)

    @Slot()
    def save(self) -> None:
        data, problems = self.binder.values()
        extra = [] if problems else self.extra_problems(data)
        if extra:  # checks across fields that the model does not make
            self._problems(extra)
            return
        super().save()

    def blank(self) -> dict[str, Any]:
        return {"isa_qualifier": "ZZ", "receiver_qualifier": "ZZ", "usage": UsageMode.TEST,
                "element_separator": "*", "component_separator": ":",
                "segment_terminator": "~", "file_pattern": "CD837_{date}_{isa13}.txt",
                "max_claims_per_file": 5000}


ELEMENT_SEPARATORS = [("*", "asterisk"), ("|", "pipe"), ("^", "caret"), ("~", "tilde"),
                      ("!", "exclamation")]
COMPONENT_SEPARATORS = [(":", "colon"), (">", "greater than"), ("\\", "backslash")]
SEGMENT_TERMINATORS = [("~", "tilde"), ("'", "apostrophe"), ("!", "exclamation")]


def _pattern_problem(pattern: str) -> str:
    if "/" in pattern or "\\" in pattern:
        return "The file name pattern is a name, not a folder: remove / and \\."
    try:
        name = pattern.format(date="20260101", isa13="000000001")
    except (KeyError, IndexError, ValueError):
        return "Use only {date} and {isa13} in braces in the file name pattern."
    if "{isa13}" not in pattern:
        return "Include {isa13} so that every batch gets its own file name."
    return "" if name.strip() else "The file name pattern is empty."


def clearinghouse_problems(data: dict[str, Any]) -> list[Problem]:
    """Checks across clearinghouse fields: distinct delimiters, ids, the file name pattern."""
    problems: list[Problem] = []
    element, component = data.get("element_separator"), data.get("component_separator")
    segment = data.get("segment_terminator")
    if segment and segment in (element, component):
        problems.append(Problem("Clearinghouse", "segment_terminator",
                                "The segment terminator must differ from the separators."))
    if component and component == element:
        problems.append(Problem("Clearinghouse", "component_separator",
                                "The component separator must differ from the element "
                                "separator."))
    for path in ("gs_sender", "gs_receiver"):
        if not str(data.get(path) or "").isalnum() and data.get(path):
            problems.append(Problem("Clearinghouse", path, "Letters and digits only."))
    message = _pattern_problem(str(data.get("file_pattern") or ""))
    if message:
        problems.append(Problem("Clearinghouse", "file_pattern", message))
    return problems
