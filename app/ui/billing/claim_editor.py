"""The claim editor: a header with the fields the claim owns, and the CMS-1500 in four tabs.

Values from other records are read-only (selectable, focusable) with a button that jumps to
where they are edited; ``go_to(target)`` shows the tab and selects the line, the diagnosis or
the box a finding points at.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.claims import Claim
from app.domain.ledger import ClaimAmounts
from app.domain.money import format_money
from app.domain.submission import ClaimData
from app.ui import actions
from app.ui.models.columns import ALIGN_RIGHT, Column, money_column
from app.ui.models.table_model import RowTableModel
from app.ui.presenters import billing_editor as pe
from app.ui.presenters.billing_findings import Target
from app.ui.widgets.fields import buddy_label
from app.ui.widgets.table import DataTable

JUMP_TEXT: dict[str, str] = {
    pe.JUMP_PATIENT: "Patient...", pe.JUMP_PRACTICE: "Practice...",
    pe.JUMP_PROVIDERS: "Providers...", pe.JUMP_PAYERS: "Payers...", pe.JUMP_CODING: "Visit...",
}
LINE_COLUMNS: list[Column] = [
    Column("id", "#", 28, ALIGN_RIGHT),
    Column("dates", "24A Dates", 150),
    Column("place_of_service", "24B POS", 56),
    Column("code", "24D CPT/HCPCS", 100),
    Column("modifiers", "Modifiers", 90),
    Column("pointers", "24E Dx ptr", 70),
    money_column("charge", "24F Charges", 90),
    Column("units", "24G Units", 64, ALIGN_RIGHT),
    Column("npi", "24J NPI", 96),
    Column("ndc", "NDC", 100),
]
DX_COLUMNS: list[Column] = [Column("letter", "21", 30), Column("code", "ICD-10-CM", 120)]
READ_ONLY_STYLE = 'QLineEdit[readOnly="true"] { background: #f1f3f5; border: 1px solid #d5d9de; }'
SECTIONS = (pe.PATIENT, pe.PHYSICIAN, pe.LINES, pe.PROVIDER)


class ClaimEditor(QWidget):
    jump_requested = Signal(str)  # a pe.JUMP_* kind
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claim_editor")
        self.setStyleSheet(READ_ONLY_STYLE)
        self.claim: Claim | None = None
        self.fields: dict[str, QLineEdit] = {}
        self.tabs = QTabWidget()
        self.tabs.setObjectName("claim_sections")
        self.lines_model = RowTableModel(LINE_COLUMNS, self)
        self.lines = DataTable("claim_lines", self)
        self.lines.setObjectName("claim_lines")
        self.lines.set_model(self.lines_model, LINE_COLUMNS)
        self.dx_model = RowTableModel(DX_COLUMNS, self)
        self.diagnoses = DataTable("claim_diagnoses", self)
        self.diagnoses.setObjectName("claim_diagnoses")
        self.diagnoses.set_model(self.dx_model, DX_COLUMNS)
        self.diagnoses.setMaximumWidth(200)
        self._build_header()
        self.field_grids: dict[str, QGridLayout] = {}
        for key in SECTIONS:
            index = self.tabs.addTab(self._section_page(key), pe.SECTION_TITLES[key])
            self.tabs.setTabToolTip(index, pe.SECTION_TOOLTIPS[key])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        self.save_action = actions.make_action(self, "save", self.save_requested.emit,
                                               widget_scope=True)
        self.set_claim(None)

    # building -----------------------------------------------------------------------------
    def _build_header(self) -> None:
        self.header = QWidget()
        self.header.setObjectName("claim_header")
        self.title = QLabel()
        self.title.setObjectName("claim_title")
        self.title.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.money = QLabel()
        self.money.setObjectName("claim_money")
        self.money.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_note = QLineEdit()
        self.status_note.setObjectName("claim_status_note")
        self.status_note.setMaxLength(500)
        self.frequency = QComboBox()
        self.frequency.setObjectName("claim_frequency_code")
        self.payer_claim_number = QLineEdit()
        self.payer_claim_number.setObjectName("claim_payer_claim_number")
        self.payer_claim_number.setMaxLength(50)
        self.payer_claim_number.setMaximumWidth(160)
        self.save_button = QPushButton("Save clai&m")
        self.save_button.setToolTip("Save the status note and box 22 (Ctrl+S)")
        self.save_button.clicked.connect(self.save_requested)
        grid = QGridLayout(self.header)
        grid.setContentsMargins(0, 0, 0, 4)
        grid.addWidget(self.title, 0, 0, 1, 4)
        grid.addWidget(self.money, 1, 0, 1, 6)
        grid.addWidget(buddy_label("Status &note:", self.status_note), 2, 0)
        grid.addWidget(self.status_note, 2, 1, 1, 5)
        grid.addWidget(buddy_label("Box 22 fre&quency:", self.frequency), 3, 0)
        grid.addWidget(self.frequency, 3, 1)
        grid.addWidget(buddy_label("Payer claim #:", self.payer_claim_number), 3, 2)
        grid.addWidget(self.payer_claim_number, 3, 3)
        grid.addWidget(self.save_button, 3, 5)
        grid.setColumnStretch(4, 1)

    def _section_page(self, key: str) -> QWidget:
        page = QWidget()
        page.setObjectName(f"section_{key}")
        outer = QVBoxLayout(page)
        outer.setContentsMargins(4, 4, 4, 4)
        if key == pe.LINES:
            bar = QHBoxLayout()
            bar.addWidget(QLabel("Lines, codes and charges come from the coded visit."))
            bar.addStretch(1)
            bar.addWidget(self._jump_button(pe.JUMP_CODING, "lines"))
            outer.addLayout(bar)
            outer.addWidget(self.lines, 1)
            return page
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(3)
        grid.setColumnStretch(2, 1)
        self.field_grids[key] = grid
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(holder)
        if key == pe.PHYSICIAN:
            row = QHBoxLayout()
            row.addWidget(scroll, 1)
            dx = QVBoxLayout()
            dx.addWidget(QLabel("<b>21</b> Diagnoses"))
            dx.addWidget(self.diagnoses, 1)
            row.addLayout(dx)
            outer.addLayout(row)
        else:
            outer.addWidget(scroll)
        return page

    def _jump_button(self, kind: str, key: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(f"jump_{key}")
        button.setText(JUMP_TEXT[kind])
        button.setToolTip(f"Edit this where it is kept: {JUMP_TEXT[kind].rstrip('.')}")
        button.setAutoRaise(True)
        button.clicked.connect(lambda: self.jump_requested.emit(kind))
        return button

    def _fill_section(self, key: str, fields: list[pe.Field]) -> None:
        grid = self.field_grids[key]
        while grid.count():
            item = grid.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        for row, field in enumerate(fields):
            box = QLabel(f"<b>{field.box}</b>" if field.box else "")
            value = QLineEdit(field.value)
            value.setObjectName(f"box_{field.key}")
            value.setReadOnly(True)
            value.setCursorPosition(0)
            self.fields[field.key] = value
            grid.addWidget(box, row, 0)
            grid.addWidget(buddy_label(field.label, value), row, 1)
            grid.addWidget(value, row, 2)
            if field.jump:
                grid.addWidget(self._jump_button(field.jump, field.key), row, 3)
        grid.setRowStretch(len(fields), 1)

    # showing ------------------------------------------------------------------------------
    def set_claim(self, claim: Claim | None, data: ClaimData | None = None,
                  amounts: ClaimAmounts | None = None,
                  state: pe.ActionState | None = None) -> None:
        self.claim = claim
        self.tabs.setEnabled(data is not None)
        self.fields.clear()
        self.frequency.clear()
        if claim is None or data is None or amounts is None or state is None:
            self.title.setText("No claim selected")
            self.money.setText("")
            for key in self.field_grids:
                self._fill_section(key, [])
            self.lines_model.set_rows([])
            self.dx_model.set_rows([])
            self._set_editable(pe.ActionState())
            return
        self.title.setText(f"Claim {claim.control_number} · {pe.status_label(claim.status)}"
                           f" · {data.payer.name} · DOS {pe.format_date(data.date_of_service)}")
        self.money.setText(money_summary(amounts))
        self.status_note.setText(claim.status_note)
        for code in state.frequency_codes:
            self.frequency.addItem(pe.FREQUENCY_LABELS[code], code)
        self.frequency.setCurrentIndex(max(self.frequency.findData(claim.frequency_code), 0))
        self.payer_claim_number.setText(claim.payer_claim_number)
        self._fill_section(pe.PATIENT, pe.patient_fields(data))
        self._fill_section(pe.PHYSICIAN, pe.physician_fields(data))
        self._fill_section(pe.PROVIDER, pe.provider_fields(data))
        self.lines_model.set_rows(pe.line_rows(data))
        self.dx_model.set_rows(pe.diagnosis_rows(data))
        self._set_editable(state)

    def _set_editable(self, state: pe.ActionState) -> None:
        self.status_note.setReadOnly(not state.edit_note)
        self.frequency.setEnabled(len(state.frequency_codes) > 1)
        self.payer_claim_number.setReadOnly(len(state.frequency_codes) <= 1)
        for edit in (self.status_note, self.payer_claim_number):  # restyle [readOnly]
            edit.style().unpolish(edit)
            edit.style().polish(edit)
        self.save_button.setEnabled(state.edit_note)
        self.save_action.setEnabled(state.edit_note)

    def header_values(self) -> dict[str, str]:
        return {"status_note": self.status_note.text(),
                "frequency_code": str(self.frequency.currentData() or "1"),
                "payer_claim_number": self.payer_claim_number.text()}

    def go_to(self, target: Target) -> QWidget | None:
        """Show and focus what ``target`` names; returns the focused widget."""
        if target.section == "header":
            widget: QWidget = self.payer_claim_number if target.field == "payer_claim_number" \
                else self.frequency if target.field == "frequency_code" else self.status_note
            widget.setFocus()
            return widget
        self.tabs.setCurrentIndex(SECTIONS.index(target.section))
        table = self.lines if target.section == pe.LINES else \
            self.diagnoses if target.field == "21" else None
        if table is not None:
            table.select_row(target.row if target.row is not None else 0)
            table.setFocus()
            return table
        widget = self.fields.get(target.field or "")
        if widget is not None:
            widget.setFocus()
            widget.selectAll()
        return widget


def money_summary(amounts: ClaimAmounts) -> str:
    parts = (("Billed", amounts.billed), ("Paid", amounts.paid),
             ("Adjusted", amounts.adjusted), ("Patient resp.", amounts.patient_responsibility),
             ("Balance", amounts.balance))
    return "    ".join(f"{label} <b>{format_money(value)}</b>" for label, value in parts)
