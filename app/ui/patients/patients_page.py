"""The patient list: type-ahead search over an SQL-paged model; Enter opens the detail."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.ui import errors
from app.ui.changes import ChangeBus
from app.ui.models.patient_model import PatientTableModel
from app.ui.patients.patient_dialog import PatientDialog
from app.ui.widgets.page import Page
from app.ui.widgets.table import DataTable

SEARCH_DELAY_MS = 150


class PatientsPage(Page):
    title = "Patients"
    watches = ("patients", "payments", "charges", "claims", "settings")

    def __init__(self, db: object, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(db, bus, parent)
        self.search = QLineEdit()
        self.search.setObjectName("patient_search")
        self.search.setPlaceholderText(
            "Search: last name[, first]  ·  account  ·  DOB MM/DD/YYYY  ·  phone   (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self.timer.start)
        self.search.returnPressed.connect(self._search_return)
        self.count_label = QLabel()
        new_button = QPushButton("&New patient...")
        new_button.setToolTip("Register a new patient (Ctrl+N)")
        new_button.clicked.connect(self.new_patient)
        self.model = PatientTableModel(db, self)
        self.table = DataTable("patients_list", self)
        self.table.setObjectName("patients_table")
        self.table.set_model(self.model, self.model.columns)
        self.table.enable_sorting(self.model.sort_column(), Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        self.table.activated.connect(self._activated)
        self.dialogs: list[PatientDialog] = []
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        bar.addWidget(new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.setFocusProxy(self.search)

    # list ---------------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        super().refresh()
        keep = self.table.current_id()
        self.model.search_text = self.search.text()
        self.model.reload()
        self._after_query(keep)

    @Slot()
    def run_search(self) -> None:
        self.timer.stop()
        self.model.set_search(self.search.text())
        self.stale = False
        self._after_query(None)

    def _after_query(self, keep: int | None) -> None:
        count = self.model.rowCount()
        self.count_label.setText(f"{count:,} patient{'s' if count != 1 else ''}")
        row = self.model.row_of_id(keep) if keep is not None else -1
        self.table.select_row(row if row >= 0 else 0)

    @Slot()
    def _search_return(self) -> None:
        if self.timer.isActive():
            self.run_search()
        if self.model.rowCount() == 1:
            self.open_patient(self.model.id_at(0))
        else:
            self.table.setFocus()

    @Slot(int, Qt.SortOrder)
    def _sort_indicator_changed(self, column: int, order: Qt.SortOrder) -> None:
        header = self.table.horizontalHeader()
        if not self.model.is_sortable(column):  # not sortable in SQL: put the arrow back
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column(),
                                    Qt.SortOrder.DescendingOrder if self.model.descending
                                    else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)
            return
        self._after_query(None)

    # detail -------------------------------------------------------------------------------
    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_patient(self.model.id_at(index.row()))

    def open_patient(self, patient_id: int | None) -> PatientDialog | None:
        row = self.model.row_of_id(patient_id) if patient_id is not None else -1
        if row >= 0:  # opened from elsewhere (a claim): the list behind shows them too
            self.table.select_row(row)
        for dialog in self.dialogs:
            if dialog.patient_id is not None and dialog.patient_id == patient_id:
                if dialog.isMinimized():
                    dialog.showNormal()
                dialog.raise_()
                dialog.activateWindow()
                return dialog
        try:
            dialog = PatientDialog(self, self.bus, self.db, patient_id)
        except Exception as exc:  # noqa: BLE001 - e.g. NotFound: shown, list stays usable
            errors.show_error(self, exc)
            return None
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _result, d=dialog: self._dialog_closed(d))
        dialog.show()
        return dialog

    @Slot()
    def new_patient(self) -> PatientDialog | None:
        return self.open_patient(None)

    def _dialog_closed(self, dialog: PatientDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def save_state(self) -> None:
        self.table.save_state()
