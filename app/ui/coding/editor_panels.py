"""The parts of the coding view: visit header, diagnosis panel, service-line panel."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.encounters import MAX_DIAGNOSES
from app.ui.coding.code_entry import CodeEntry, Search
from app.ui.coding.code_models import LINE_COLUMNS, DiagnosisModel, LineModel
from app.ui.coding.queue_model import STATUS_COLORS, STATUS_LABELS
from app.ui.presenters.coding_editor import CodingEditor


def _table(name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.horizontalHeader().setStretchLastSection(True)
    table.setMinimumHeight(48)  # the window may get small; the rows scroll
    return table


class VisitHeader(QWidget):
    """Patient, visit and status line, with the coding note (query or payer's reason)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("page_title")
        self.details = QLabel()
        self.details.setObjectName("visit_details")
        self.details.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("visit_status")
        self.note = QLabel()
        self.note.setObjectName("coding_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("background: #fff4d6; border: 1px solid #e0c070; padding: 4px;")
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.status)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(self.note)

    def show_visit(self, title: str, details: str, status: str, note: str) -> None:
        self.title.setText(title)
        self.details.setText(details)
        color = STATUS_COLORS.get(status, "#24303f")
        self.status.setText(STATUS_LABELS.get(status, status))
        self.status.setStyleSheet(f"color: white; background: {color}; border-radius: 3px; "
                                  "padding: 1px 8px; font-weight: 600;")
        prefix = {"correction": "Returned for a coding correction: ",
                  "query": "Waiting on the provider: "}.get(status, "")
        self.note.setText(f"<b>{html.escape(prefix)}</b>{html.escape(note)}")
        self.note.setVisible(bool(note))


class DxPanel(QGroupBox):
    """Diagnosis entry over the lettered list (Alt+Up / Alt+Down reorder)."""

    def __init__(self, editor: CodingEditor, search: Search, host: QWidget,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Diagnoses (up to {MAX_DIAGNOSES}, A-L)", parent)
        self.entry = CodeEntry(search, host, "Add diagnosis: type a code or words, e.g. "
                               "E11.65 or diab typ 2 hyperg   (Ctrl+D)")
        self.entry.setObjectName("dx_entry")
        self.model = DiagnosisModel(editor, self)
        self.table = _table("dx_table")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.resizeSection(0, 28)
        header.resizeSection(1, 96)
        self.message = QLabel()
        self.message.setObjectName("dx_message")
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(self.entry)
        layout.addWidget(self.message)
        layout.addWidget(self.table)

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def select(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, 1))

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


class LinesPanel(QGroupBox):
    """Line entry over the editable line grid (Tab moves cell to cell)."""

    def __init__(self, editor: CodingEditor, search: Search, host: QWidget,
                 parent: QWidget | None = None) -> None:
        super().__init__("Service lines", parent)
        self.entry = CodeEntry(search, host, "Add line: CPT/HCPCS code or words, e.g. 99213 "
                               "or office visit   (Ctrl+L)")
        self.entry.setObjectName("line_entry")
        self.model = LineModel(editor, self)
        self.table = _table("line_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.setTabKeyNavigation(True)
        for n, column in enumerate(LINE_COLUMNS):
            self.table.horizontalHeader().resizeSection(n, column.width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(self.entry)
        layout.addWidget(self.table)

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def cell(self, row: int, name: str) -> QModelIndex:
        return self.model.index(row, self.model.column_of(name))

    def edit_cell(self, row: int, name: str) -> None:
        """Focus the grid on one cell and open its editor."""
        index = self.cell(row, name)
        if index.isValid():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.table.setCurrentIndex(index)
            self.table.edit(index)
