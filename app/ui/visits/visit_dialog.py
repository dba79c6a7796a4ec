"""The New visit form: patient, date, providers, place, policies, authorization, note.

The patient is found by typing (name, account or date of birth) and chosen in the list
below; the policies in force and the authorizations covering the date follow the patient and
the date as they change. The note is typed or attached as a PDF (copied into the database).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.encounters import Encounter
from app.services import codes, patients, settings, visits
from app.ui import ui_state
from app.ui.changes import ChangeBus
from app.ui.dialogs import files
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.presenters.form_values import ConversionError, Kind, parse_date
from app.ui.widgets.fields import add_row, buddy_label, combo, date_line, make_form

SEARCH_DELAY_MS = 120
MATCHES = 30


class PatientPicker(QWidget):
    """A search line and the matching patients (the combo holds the chosen id)."""

    def __init__(self, db: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.search = QLineEdit()
        self.search.setObjectName("visit_patient_search")
        self.search.setPlaceholderText("Last name[, first] · account · DOB")
        self.search.setClearButtonEnabled(True)
        self.matches = QComboBox()
        self.matches.setMinimumWidth(340)
        self.timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.search.textEdited.connect(self.timer.start)
        self.search.installEventFilter(self)  # Return picks; it does not save the form
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.search)

    @Slot()
    def run_search(self) -> None:
        self.timer.stop()
        text = self.search.text().strip()
        rows = patients.search(self.db, text, limit=MATCHES) if text else []
        self.matches.clear()
        if not rows:
            self.matches.addItem("No patient found" if text else "Type to find the patient",
                                 None)
        for row in rows:
            self.matches.addItem(f"{row.name} · {row.birth_date:%m/%d/%Y} · {row.account_number}",
                                 row.id)

    def choose(self, patient_id: int) -> None:
        detail = patients.detail(self.db, patient_id).patient
        self.search.setText(detail.account_number)
        self.run_search()
        self.matches.setCurrentIndex(max(self.matches.findData(patient_id), 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.search and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.run_search()
            self.matches.setFocus()
            return True
        return super().eventFilter(watched, event)


class VisitDialog(RecordDialog):
    """Creates one visit; ``saved`` carries the new Encounter."""

    def __init__(self, parent: QWidget | None, bus: ChangeBus, db: Any,
                 patient_id: int | None = None) -> None:
        super().__init__(parent, bus, "New visit", "Visit", self._create, "visit_dialog",
                         Encounter)
        self.db = db
        self.note_path: Path | None = None
        self.then_charges = False
        self.picker = PatientPicker(db)
        columns = QHBoxLayout()
        columns.addWidget(self._visit_box(), 1)
        columns.addWidget(self._note_box(), 1)
        self.body.addLayout(columns)
        self.charges_button = QPushButton("Save && enter &charges")
        self.charges_button.setObjectName("save_charges_button")
        self.charges_button.setAutoDefault(False)
        self.charges_button.setToolTip("Save the visit, then key its superbill")
        self.charges_button.clicked.connect(self.save_then_charges)
        self.buttons.addButton(self.charges_button, self.buttons.ButtonRole.ActionRole)
        self.binder.write({"date_of_service": date.today(), "place_of_service": "11"})
        self.picker.matches.currentIndexChanged.connect(self.refresh_context)
        self.binder.widget("date_of_service").textChanged.connect(self.refresh_context)
        if patient_id is not None:
            self.picker.choose(patient_id)
        else:
            self.picker.run_search()
        self.binder.mark_clean()
        self.refresh_context()
        self.resize(940, 500)
        self.restore_size()
        first = self.picker.search if patient_id is None else self.binder.widget(
            "date_of_service")
        first.setFocus()

    def _visit_box(self) -> QGroupBox:
        box = QGroupBox("Visit")
        form = make_form()
        b = self.binder
        form.addRow(buddy_label("&Patient:", self.picker.search), self.picker)
        add_row(form, b, "Matc&hes:", "patient_id", self.picker.matches)
        add_row(form, b, "&Date of service:", "date_of_service", date_line(), Kind.DATE)
        rendering = [(p.display_name, p.id) for p in settings.list_providers(self.db, "rendering")
                     if p.active]
        add_row(form, b, "&Rendering provider:", "rendering_provider_id",
                combo([("", None), *rendering], 240))
        referring = [(f"{p.display_name} ({p.role})", p.id)
                     for p in settings.list_providers(self.db) if p.active]
        add_row(form, b, "Re&ferring provider:", "referring_provider_id",
                combo([("None", None), *referring], 240))
        add_row(form, b, "Place of ser&vice:", "place_of_service", combo(
            [(f"{p.code}  {p.name}", p.code) for p in codes.list_places_of_service()], 240))
        self.policies = QLabel()
        self.policies.setObjectName("visit_policies")
        self.policies.setWordWrap(True)
        form.addRow("Policies in force:", self.policies)
        self.auth = combo([("None", None)], 240)
        add_row(form, b, "Prior &authorization:", "prior_auth_id", self.auth)
        box.setLayout(form)
        return box

    def _note_box(self) -> QGroupBox:
        box = QGroupBox("Visit note")
        layout = QVBoxLayout(box)
        note = QPlainTextEdit()
        note.setPlaceholderText("Type or paste the note, or attach the PDF below.")
        note.setTabChangesFocus(True)
        layout.addWidget(buddy_label("N&ote:", note))
        layout.addWidget(self.binder.add("documentation", note), 1)
        row = QHBoxLayout()
        self.pdf_label = QLabel("No PDF attached")
        self.pdf_label.setObjectName("visit_pdf_label")
        attach = QPushButton("A&ttach PDF...")
        attach.setObjectName("attach_pdf_button")
        attach.setAutoDefault(False)
        attach.clicked.connect(self.attach_pdf)
        self.remove_pdf = QPushButton("Re&move PDF")
        self.remove_pdf.setAutoDefault(False)
        self.remove_pdf.clicked.connect(lambda: self.set_pdf(None))
        self.remove_pdf.setEnabled(False)
        row.addWidget(self.pdf_label, 1)
        row.addWidget(attach)
        row.addWidget(self.remove_pdf)
        layout.addLayout(row)
        return box

    # live context -------------------------------------------------------------------------
    def _date(self) -> date | None:
        try:
            return parse_date(self.binder.widget("date_of_service").text())  # type: ignore[attr-defined]
        except ConversionError:
            return None

    @Slot()
    def refresh_context(self) -> None:
        patient_id, on = self.picker.matches.currentData(), self._date()
        keep = self.auth.currentData()
        self.auth.clear()
        self.auth.addItem("None", None)
        if patient_id is None or on is None:
            self.policies.setText("Choose the patient and the date.")
            return
        context = visits.visit_context(self.db, patient_id, on)
        self.policies.setText("\n".join(p.label for p in context.policies) or
                              "None in force on this date: the visit is self-pay.")
        for auth in context.auths:
            self.auth.addItem(auth.label, auth.id)
        self.auth.setCurrentIndex(max(self.auth.findData(keep), 0))

    # the PDF ------------------------------------------------------------------------------
    @Slot()
    def attach_pdf(self) -> None:
        folder = Path(ui_state.last_folder("visit_notes", str(Path.home())))
        path = files.ask_open_path(self, "Attach the visit note", folder, "PDF files (*.pdf)")
        if path is not None:
            ui_state.set_last_folder("visit_notes", str(path.parent))
            self.set_pdf(path)

    def set_pdf(self, path: Path | None) -> None:
        self.note_path = path
        self.pdf_label.setText(path.name if path else "No PDF attached")
        self.remove_pdf.setEnabled(path is not None)

    # saving -------------------------------------------------------------------------------
    def _create(self, data: dict[str, Any]) -> tuple[Encounter, Any]:
        return visits.create_visit(self.db, data, self.note_path)

    @Slot()
    def save_then_charges(self) -> None:
        self.then_charges = True
        self.save()

    def after_save(self, record: Any) -> None:
        self.done(QDialog.DialogCode.Accepted)
