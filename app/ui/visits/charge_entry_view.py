"""Charge entry: key a superbill by keyboard, checked live by the coding rules.

Type a code (or words) and press Enter: a procedure becomes a line with its fee-schedule
charge, a diagnosis the next letter. Up/Down choose among the favorites and scheduled codes
offered below the entry. Tab goes to the lines (units, charge, pointers); Ctrl+Enter saves
(the visit waits in the coding queue); Ctrl+Alt+B saves and builds the claim.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationFailed
from app.domain.findings import Finding, Owner, Severity
from app.services import codes, encounters, settings, visits
from app.ui import actions, jobs, ui_state
from app.ui.changes import ChangeBus
from app.ui.coding.code_models import LINE_COLUMN_NAMES, DiagnosisModel, LineModel
from app.ui.coding.findings_view import FindingsTable
from app.ui.presenters.charge_entry import ChargeEntry
from app.ui.visits.note_view import NoteView

CHECK_DELAY_MS = 250
STATE_KEY = "charge_entry"
SHOWN_COLUMNS = ("code", "modifiers", "units", "charge", "pointers")


def describe_diagnosis(code: str) -> str:
    """The ICD-10-CM description from the code-set index ("" when unknown or not built)."""
    try:
        detail = codes.show(code, system="icd10cm")
    except Exception:  # noqa: BLE001 - a description is a nicety; the checks report codes
        return ""
    return detail.description if detail else ""


class ChargeEntryDialog(QDialog):
    """The superbill of one saved visit; ``built`` carries the claim ids made."""

    built = Signal(object)

    def __init__(self, parent: QWidget | None, bus: ChangeBus, db: Any,
                 encounter_id: int) -> None:
        super().__init__(parent)
        self.setObjectName("charge_entry")
        self.setWindowTitle("Enter charges")
        self.db, self.bus = db, bus
        enc = encounters.get(db, encounter_id)
        self.presenter = ChargeEntry(enc, visits.fee_lookup(db, enc.date_of_service),
                                     encounters.favorites(db, enc.rendering_provider_id),
                                     describe_diagnosis)
        self.busy = False
        self.check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self.run_checks)
        self._build(db, enc)
        self._actions()
        self.note.show_note(enc.documentation, visits.note_pdf(db, encounter_id))
        self.update_picks()
        self.run_checks()
        self.resize(1300, 700)
        ui_state.restore_geometry(self, STATE_KEY)
        self.entry.setFocus()

    # building -----------------------------------------------------------------------------
    def _header(self, db: Any, enc: Any) -> QLabel:
        from app.services import patients

        patient = patients.detail(db, enc.patient_id).patient
        provider = next((p.display_name for p in settings.list_providers(db)
                         if p.id == enc.rendering_provider_id), "?")
        label = QLabel(f"<b>{patient.display_name}</b> · {patient.account_number} · "
                       f"DOS {enc.date_of_service:%m/%d/%Y} · {provider} · "
                       f"POS {enc.place_of_service}")
        label.setObjectName("charge_header")
        return label

    def _entry_box(self) -> QGroupBox:
        box = QGroupBox("Superbill")
        self.entry = QLineEdit()
        self.entry.setObjectName("charge_code_entry")
        self.entry.setPlaceholderText("Code or words, Enter adds  (↑↓ choose a pick)")
        self.entry.textEdited.connect(self.update_picks)
        self.entry.returnPressed.connect(self.enter)
        self.entry.installEventFilter(self)
        self.picks = QListWidget()
        self.picks.setObjectName("charge_picks")
        self.picks.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.picks.setMaximumHeight(110)
        self.message = QLabel()
        self.message.setObjectName("charge_message")
        self.message.setStyleSheet("color: #8a5a00;")
        self.dx_model = DiagnosisModel(self.presenter.editor, self)
        self.dx = QTableView()
        self.dx.setObjectName("charge_dx")
        self.dx.setModel(self.dx_model)
        self.dx.setMaximumHeight(110)
        self.dx.horizontalHeader().setStretchLastSection(True)
        self.dx.verticalHeader().hide()
        self.lines_model = LineModel(self.presenter.editor, self)
        self.lines = QTableView()
        self.lines.setObjectName("charge_lines")
        self.lines.setModel(self.lines_model)
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked)
        for column, name in enumerate(LINE_COLUMN_NAMES):
            self.lines.setColumnHidden(column, name not in SHOWN_COLUMNS)
        self.lines.setColumnWidth(0, 300)
        self.lines.horizontalHeader().setStretchLastSection(True)
        self.lines_model.dataChanged.connect(lambda *_: self.changed(rows=False))
        layout = QVBoxLayout(box)
        layout.addWidget(self.entry)
        layout.addWidget(self.picks)
        layout.addWidget(self.message)
        layout.addWidget(QLabel("Diagnoses"))
        layout.addWidget(self.dx)
        layout.addWidget(QLabel("Lines (Tab: units, charge, pointers)"))
        layout.addWidget(self.lines, 1)
        return box

    def _build(self, db: Any, enc: Any) -> None:
        self.note = NoteView()
        self.findings = FindingsTable()
        self.findings.setMinimumHeight(60)
        self.summary = QLabel()
        self.summary.setObjectName("charge_summary")
        self.total = QLabel()
        self.total.setObjectName("charge_total")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self._entry_box(), 3)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.findings, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.note)
        self.splitter.addWidget(right)
        self.splitter.setSizes([430, 870])
        self.save_button = QPushButton("&Save to coding queue")
        self.save_button.setObjectName("charge_save")
        self.build_button = QPushButton("Save and &build claim")
        self.build_button.setObjectName("charge_build")
        close = QPushButton("Close")
        for button in (self.save_button, self.build_button, close):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.save_button.clicked.connect(self.save)
        self.build_button.clicked.connect(self.save_and_build)
        close.clicked.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.total, 1)
        for button in (self.save_button, self.build_button, close):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._header(db, enc))
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bar)
        self.setTabOrder(self.entry, self.lines)
        self.setTabOrder(self.lines, self.dx)

    def _actions(self) -> None:
        save = actions.make_action(self, "save_close", self.save)
        self.save_button.setToolTip(save.toolTip())
        build = actions.make_action(self, "charge_build", self.save_and_build)
        self.build_button.setToolTip(build.toolTip())

    # typing -------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.entry and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.picks.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = self.picks.currentRow()
                self.picks.setCurrentRow(max(0, min(self.picks.count() - 1, row + step)))
                return True
        return super().eventFilter(watched, event)

    @Slot()
    def update_picks(self) -> None:
        self.shown_picks = self.presenter.picks(self.entry.text())
        self.picks.clear()
        self.picks.addItems([p.text for p in self.shown_picks])
        self.picks.setCurrentRow(-1)

    @Slot()
    def enter(self) -> None:
        row = self.picks.currentRow()
        pick = self.shown_picks[row] if 0 <= row < len(self.shown_picks) else None
        added = self.presenter.enter(self.entry.text(), pick)
        self.message.setText(added.message)
        if not added.kind:
            return
        self.entry.clear()
        self.update_picks()
        self.changed(rows=True)
        if added.kind == "line":
            self.lines.setCurrentIndex(self.lines_model.index(
                added.row, self.lines_model.column_of("units")))
        else:
            self.dx.selectRow(added.row)

    def changed(self, rows: bool = True) -> None:
        if rows:
            self.dx_model.rows_changed()
            self.lines_model.rows_changed()
        self.changed_total()
        self.check_timer.start()

    # checks -------------------------------------------------------------------------------
    @Slot()
    def run_checks(self) -> None:
        """The coding panel's live checks on the unsaved superbill."""
        self.check_timer.stop()
        enc, origin, problems = self.presenter.editor.build()
        try:
            found = encounters.check(self.db, enc)
        except Exception as exc:  # noqa: BLE001 - the checks must never lose the entry
            found = [Finding(rule_id="CHECK", severity=Severity.HINT, owner=Owner.CODING,
                             message=f"The live checks could not run: {exc}",
                             location="claim", source="ClaimDesk")]
        self.presenter.set_findings(problems + found, origin)
        self.show_findings()

    def show_findings(self) -> None:
        self.findings.findings_model.set_rows(self.presenter.findings)
        self.dx_model.marks_changed()
        self.lines_model.marks_changed()
        errors_left = any(f.severity == Severity.ERROR for f in self.presenter.findings)
        self.summary.setText(self.presenter.summary())
        self.summary.setStyleSheet("font-weight: 600; color: "
                                   + ("#b00020;" if errors_left else "#1b5e20;"))
        blockers = self.presenter.build_blockers()
        self.build_button.setEnabled(not blockers and not self.busy)
        self.build_button.setToolTip(blockers or actions.shortcut("charge_build").description)
        self.changed_total()

    def changed_total(self) -> None:
        self.total.setText(f"{len(self.presenter.editor.lines)} line(s) · total "
                           f"${self.presenter.total:,.2f}")

    # saving -------------------------------------------------------------------------------
    def _data(self) -> dict[str, Any] | None:
        self.entry.setFocus()  # an open cell editor commits what was typed
        try:
            return self.presenter.save_data()
        except ValidationFailed as exc:
            self.show_findings()
            self.message.setText(exc.message)
            return None

    @Slot()
    def save(self) -> None:
        data = None if self.busy else self._data()
        if data is None:
            return
        self.busy = True
        jobs.run_op(self, lambda: encounters.save(self.db, data), on_success=self._saved,
                    on_failure=self._failed)

    @Slot()
    def save_and_build(self) -> None:
        if self.busy:
            return
        self.run_checks()
        if self.presenter.build_blockers():
            self.message.setText(self.presenter.build_blockers())
            return
        data = self._data()
        if data is None:
            return
        self.busy = True
        jobs.run_op(self, lambda: visits.save_and_build(self.db, data),
                    on_success=self._built, on_failure=self._failed)

    def _saved(self, result: tuple[Any, Any]) -> None:
        self.busy = False
        enc, changes = result
        self.presenter.saved(enc)
        self.bus.publish(changes)
        self.accept()

    def _built(self, result: tuple[visits.SaveAndBuild, Any]) -> None:
        self.busy = False
        outcome, changes = result
        self.presenter.saved(outcome.encounter)
        self.bus.publish(changes)
        self.built.emit(outcome)
        self.accept()

    def _failed(self, exc: BaseException) -> bool:
        self.busy = False
        if isinstance(exc, encounters.CodingBlocked):
            self.bus.publish(encounters.CODING)  # the codes were saved; the visit waits
            self.presenter.saved(encounters.get(self.db, self.presenter.encounter.id or 0))
            self.presenter.set_findings(exc.findings)
            self.show_findings()
            self.message.setText("Saved to the coding queue; no claim: " + exc.message)
            return True
        if isinstance(exc, ValidationFailed):
            self.message.setText(exc.message)
            return True
        return False  # shown by ui.errors

    def reject(self) -> None:
        from app.ui import dialogs

        if self.presenter.dirty and not dialogs.confirm(
                self, "Discard charges?", "The charges keyed here are not saved. Discard?"):
            return
        super().reject()

    def done(self, result: int) -> None:
        ui_state.save_geometry(self, STATE_KEY)
        super().done(result)
