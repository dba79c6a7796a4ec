"""The encounter coding view: the visit note beside the coding form, checked as you type.

State and rules live in :class:`CodingEditor`; this widget renders it, runs the live checks
(debounced) through ``encounters.check`` on the unsaved copy, and runs the writes through
:class:`~app.ui.coding.editor_ops.EditorOps` (which sees the view only as a ``CodingHost``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import CodeHit
from app.domain.encounters import Encounter
from app.domain.errors import UserError
from app.domain.findings import Finding, Owner, Severity
from app.services import codes, encounters, fees, visits
from app.ui import actions, errors, ui_state
from app.ui.changes import ChangeBus
from app.ui.coding.editor_ops import EditorOps
from app.ui.coding.editor_panels import DxPanel, LinesPanel, VisitHeader
from app.ui.coding.editor_reads import describe_codes, visit_texts
from app.ui.coding.findings_view import FindingsTable
from app.ui.coding.refine_dialog import RefineDialog
from app.ui.presenters.coding_codes import refine_step
from app.ui.presenters.coding_editor import CodingEditor, parse_location
from app.ui.visits.note_view import NoteView

CHECK_DELAY_MS = 250
STATE_KEY = "coding_view"
BLANK = Encounter(patient_id=0, rendering_provider_id=0, date_of_service=date(2000, 1, 1))


class EncounterCodingView(QWidget):
    """Codes one visit. ``leave`` asks the page to show the queue again."""

    leave = Signal()
    coded = Signal(int)

    def __init__(self, db: Any, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coding_view")
        self.db, self.bus = db, bus
        self.editor = CodingEditor(BLANK)
        self.encounter_id: int | None = None
        self.cpt = None
        self.dialog: Any = None
        self.check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self.run_checks)
        self._build()
        self.ops = EditorOps(self, parent=self)
        self._build_actions()

    # building -----------------------------------------------------------------------------
    def _note_box(self) -> QGroupBox:
        self.documentation = QPlainTextEdit(readOnly=True)
        self.documentation.setObjectName("visit_documentation")
        self.queries_label = QLabel()
        self.queries_label.setWordWrap(True)
        self.queries_label.setObjectName("visit_queries")
        note_box = QGroupBox("Visit note")
        note_layout = QVBoxLayout(note_box)
        note_layout.setContentsMargins(6, 4, 6, 6)
        self.note_pdf = NoteView()  # the attached PDF note, when the visit has one
        self.note_pdf.hide()
        note_layout.addWidget(self.note_pdf, 3)
        note_layout.addWidget(self.documentation, 1)
        note_layout.addWidget(self.queries_label)
        return note_box

    def _build(self) -> None:
        self.header = VisitHeader()
        note_box = self._note_box()
        self.dx = DxPanel(self.editor, self._search_dx, self)
        self.lines = LinesPanel(self.editor, self._search_lines, self)
        self.findings = FindingsTable()
        self.findings.setMinimumHeight(48)
        self.summary = QLabel()
        self.summary.setObjectName("findings_summary")
        form = QWidget()
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self.dx, 2)
        form_layout.addWidget(self.lines, 3)
        form_layout.addWidget(self.summary)
        form_layout.addWidget(self.findings, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(note_box)
        self.splitter.addWidget(form)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([340, 900])
        ui_state.restore_splitter(self.splitter, STATE_KEY)
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("coding_toolbar")
        self.toolbar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addWidget(self.header)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter, 1)
        self.dx.entry.chosen.connect(self._dx_chosen)
        self.lines.entry.chosen.connect(self._line_chosen)
        self.lines.model.dataChanged.connect(lambda *_: self.changed(rows=False))
        self.findings.activated.connect(lambda index: self.go_to_finding(index.row()))
        self.setTabOrder(self.dx.entry, self.dx.table)
        self.setTabOrder(self.dx.table, self.lines.entry)
        self.setTabOrder(self.lines.entry, self.lines.table)
        self.setTabOrder(self.lines.table, self.findings)

    def _build_actions(self) -> None:
        o = self.ops
        slots = (("coding_back", self.request_leave), ("save", o.save),
                 ("coding_query", o.query_provider), ("coding_answer", o.record_answer),
                 ("coding_copy_last", self.copy_last_visit), ("coding_favorites", o.favorites),
                 ("coding_mark_coded", o.mark_coded), ("coding_add_dx", self.focus_dx),
                 ("coding_add_line", self.focus_lines), ("coding_move_up", lambda: self.move(-1)),
                 ("coding_move_down", lambda: self.move(1)), ("coding_remove", self.remove),
                 ("coding_next_finding", self.next_finding))
        self.actions_by_name = {name: actions.make_action(self, name, slot, widget_scope=True)
                                for name, slot in slots}
        for name in ("coding_back", "coding_query", "coding_copy_last", "coding_favorites",
                     "save", "coding_mark_coded"):
            action = self.actions_by_name[name]
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            button = QAction(f"{action.text()}  [{keys}]", self.toolbar)
            button.setObjectName(f"button_{name}")
            button.setToolTip(action.toolTip())
            button.triggered.connect(action.trigger)
            self.toolbar.addAction(button)
            if name == "coding_back":
                spacer = QWidget()
                spacer.setSizePolicy(QSizePolicy.Policy.Expanding,
                                     QSizePolicy.Policy.Preferred)
                self.toolbar.addWidget(spacer)

    # searching ----------------------------------------------------------------------------
    def _search_dx(self, text: str) -> list[CodeHit]:
        return codes.search(text, system="icd10cm", limit=40)

    def _search_lines(self, text: str) -> list[CodeHit]:
        return (codes.search(text, system="cpt", extra_cpt=self.cpt, limit=20)
                + codes.search(text, system="hcpcs", limit=20))[:30]

    # loading ------------------------------------------------------------------------------
    def has_unsaved(self) -> bool:
        return self.encounter_id is not None and self.editor.dirty

    def open_encounter(self, encounter_id: int) -> bool:
        """Show a visit for coding (asks about unsaved codes of the current one first)."""
        if encounter_id != self.encounter_id and not self.ops.may_leave():
            return False
        try:
            enc = encounters.get(self.db, encounter_id)
        except Exception as exc:  # noqa: BLE001 - e.g. NotFound: shown, the queue stays
            errors.show_error(self, exc)
            return False
        self.cpt = fees.cpt_provider(self.db)
        self.load(enc)
        self.focus_dx()
        return True

    def load(self, enc: Encounter) -> None:
        """Show ``enc`` as saved (after opening, saving, a status change)."""
        descriptions = self.editor.descriptions
        dos = enc.date_of_service
        self.editor = CodingEditor(enc, lambda code, mod: fees.charge_for(self.db, code, mod,
                                                                         on=dos))
        self.editor.descriptions.update(descriptions)
        self.encounter_id = enc.id
        describe_codes(self.db, self.editor)
        self.dx.model.set_editor(self.editor)
        self.lines.model.set_editor(self.editor)
        self.documentation.setPlainText(enc.documentation or "(No visit note was recorded.)")
        pdf = visits.note_pdf(self.db, enc.id) if enc.id else None
        self.note_pdf.setVisible(pdf is not None)
        if pdf is not None:
            self.note_pdf.show_note(enc.documentation, pdf)
        self.show_header()
        self.run_checks()

    def show_header(self) -> None:
        enc = self.editor.encounter
        title, details, queries = visit_texts(self.db, enc)
        self.header.show_visit(title + (" *" if self.editor.dirty else ""), details,
                               enc.coding_status.value, enc.coding_note)
        self.queries_label.setText(queries)
        self.queries_label.setVisible(bool(queries))

    # editing ------------------------------------------------------------------------------
    def changed(self, rows: bool = True) -> None:
        """The presenter changed: redraw, mark dirty, re-check after a pause."""
        if rows:
            self.dx.model.rows_changed()
            self.lines.model.rows_changed()
        self.header.title.setText(self.header.title.text().rstrip(" *")
                                  + (" *" if self.editor.dirty else ""))
        self.check_timer.start()

    @Slot(object)
    def _dx_chosen(self, hit: CodeHit) -> None:
        detail = None if hit.billable else codes.show(hit.code, system="icd10cm")
        step = refine_step(detail) if detail is not None else None
        if step is None:
            self.add_dx(hit.code, hit.description)
            return
        dialog = RefineDialog(step, lambda code: codes.show(code, system="icd10cm"), self)
        dialog.picked.connect(self.add_dx)
        dialog.finished.connect(lambda _r: self.dx.entry.setFocus())
        self.dialog = dialog
        dialog.open()

    @Slot(str, str)
    def add_dx(self, code: str, description: str = "") -> None:
        problem = self.editor.add_diagnosis(code, description)
        self.dx.say(problem)
        if not problem:
            self.dx.entry.clear()
            self.changed()
            self.dx.select(len(self.editor.diagnoses) - 1)

    @Slot(object)
    def _line_chosen(self, hit: CodeHit) -> None:
        if hit.system == "icd10cm":
            return
        row = self.editor.add_line(hit.code, hit.description)
        self.lines.entry.clear()
        self.changed()
        self.lines.edit_cell(row, "units")

    @Slot()
    def copy_last_visit(self) -> None:
        if self.encounter_id is None:
            return
        try:
            source = encounters.copy_from_last_visit(self.db, self.encounter_id)
        except UserError as exc:
            errors.show_error(self, exc)
            return
        self.editor.replace_codes(source)
        describe_codes(self.db, self.editor)
        self.changed()

    def _focused_table(self) -> str:
        widget = self.focusWidget()
        if widget is not None and (widget is self.lines.table
                                   or self.lines.table.isAncestorOf(widget)):
            return "lines"
        return "dx"

    @Slot()
    def move(self, delta: int) -> None:
        if self._focused_table() == "lines":
            row = self.lines.current_row()
            column = max(self.lines.table.currentIndex().column(), 0)
            new = self.editor.move_line(row, delta) if row >= 0 else -1
            self.changed()
            if new >= 0:
                self.lines.table.setCurrentIndex(self.lines.model.index(new, column))
            return
        row = self.dx.current_row()
        if row >= 0:
            new = self.editor.move_diagnosis(row, delta)
            self.changed()
            self.dx.select(new)
            self.dx.table.setFocus()

    @Slot()
    def remove(self) -> None:
        if self._focused_table() == "lines":
            row = self.lines.current_row()
            if row >= 0:
                self.editor.remove_line(row)
                self.changed()
                self.lines.table.setCurrentIndex(self.lines.model.index(
                    min(row, self.lines.model.rowCount() - 1), 0))
            return
        row = self.dx.current_row()
        if row >= 0:
            self.editor.remove_diagnosis(row)
            self.changed()
            self.dx.select(min(row, len(self.editor.diagnoses) - 1))

    @Slot()
    def focus_dx(self) -> None:
        self.dx.entry.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.dx.entry.selectAll()

    @Slot()
    def focus_lines(self) -> None:
        self.lines.entry.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.lines.entry.selectAll()

    @Slot()
    def request_leave(self) -> None:
        if self.ops.may_leave():
            self.leave.emit()

    # checks -------------------------------------------------------------------------------
    @Slot()
    def run_checks(self) -> None:
        """Run the live coding checks on the edited copy and place the findings."""
        self.check_timer.stop()
        if self.encounter_id is None:
            return
        enc, origin, problems = self.editor.build()
        try:
            found = encounters.check(self.db, enc)
        except Exception as exc:  # noqa: BLE001 - the checks must never lose the edit
            found = [Finding(rule_id="CHECK", severity=Severity.HINT, owner=Owner.CODING,
                             message=f"The live checks could not run: {exc}",
                             location="claim", source="ClaimDesk")]
        self.editor.set_findings(problems + found, origin)
        self.show_findings()

    def show_findings(self) -> None:
        findings = self.editor.findings
        self.findings.findings_model.set_rows(findings)
        self.dx.model.marks_changed()
        self.lines.model.marks_changed()
        counts = {s: sum(f.severity == s for f in findings) for s in Severity}
        parts = [f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in Severity
                 if counts[s]]
        self.summary.setText("Coding checks: " + (", ".join(parts) if parts else
                                                  "no findings") + "   (F8: next finding)")
        color = "#b00020" if counts[Severity.ERROR] else "#8a5a00" if counts[Severity.WARNING] \
            else "#1b5e20"
        self.summary.setStyleSheet(f"color: {color}; font-weight: 600;")

    @Slot()
    def next_finding(self) -> None:
        count = len(self.editor.findings)
        if count:
            current = self.findings.currentIndex().row()
            self.findings.select_row((current + 1) % count)
            self.go_to_finding((current + 1) % count)

    def go_to_finding(self, row: int) -> None:
        """Focus the row or cell a finding concerns."""
        if not 0 <= row < len(self.editor.findings):
            return
        place = parse_location(self.editor.findings[row].location)
        if place.kind == "dx" and place.row is not None:
            self.dx.select(place.row)
            self.dx.table.setFocus()
        elif place.kind == "line" and place.row is not None:
            self.lines.table.setFocus()
            self.lines.table.setCurrentIndex(self.lines.cell(place.row, place.column or "code"))
        elif place.kind == "dx":
            self.focus_dx()

    def save_state(self) -> None:
        ui_state.save_splitter(self.splitter, STATE_KEY)
        self.findings.save_state()
