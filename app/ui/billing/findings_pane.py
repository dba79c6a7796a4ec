"""The findings pane (latest scrub, jump to the field, accept a warning) and the claim history."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.claims import StatusChange
from app.domain.findings import Finding
from app.ui import actions
from app.ui.models.columns import Column
from app.ui.models.table_model import RowTableModel
from app.ui.presenters import billing_findings as pf
from app.ui.presenters.billing_editor import status_label
from app.ui.widgets.table import DataTable

SEVERITY_COLORS = {"error": QColor("#b00020"), "warning": QColor("#8a5a00"),
                   "hint": QColor("#455a64")}


def _severity(line: pf.FindingLine) -> str:
    text = line.severity.capitalize()
    return f"{text} (accepted)" if line.accepted else text


FINDING_COLUMNS: list[Column] = [
    Column("severity", "Severity", 92, getter=_severity),
    Column("rule_id", "Rule", 74),
    Column("owner", "Owner", 86),
    Column("message", "Message", 320),
    Column("hint", "What to do", 260),
    Column("source", "Source", 140),
    Column("location", "Where", 120),
]
HISTORY_COLUMNS: list[Column] = [
    Column("at", "When", 130, formatter=lambda v: v.strftime("%m/%d/%Y %H:%M")),
    Column("from_status", "From", 80, formatter=lambda v: status_label(v) if v else ""),
    Column("to_status", "To", 80, formatter=status_label),
    Column("reason", "Reason", 300),
]


class FindingModel(RowTableModel):
    """Finding lines, coloured by severity."""

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # type: ignore[override]
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == 0 \
                and 0 <= index.row() < self.rowCount():
            return SEVERITY_COLORS.get(self.row_at(index.row()).severity)
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() \
                and 0 <= index.row() < self.rowCount():
            line = self.row_at(index.row())
            return f"{line.message}\n{line.hint}".strip()
        return super().data(index, role)


class FindingsPane(QWidget):
    """Double-click or Enter on a finding emits ``jump`` with its editor target."""

    jump = Signal(object)  # pf.Target
    accept_requested = Signal(object)  # pf.FindingLine

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FindingModel(FINDING_COLUMNS, self)
        self.table = DataTable("claim_findings", self)
        self.table.setObjectName("claim_findings")
        self.table.set_model(self.model, FINDING_COLUMNS)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.summary = QLabel("No claim selected")
        self.summary.setObjectName("findings_summary")
        self.accept_button = QPushButton("&Accept warning...")
        self.accept_button.setObjectName("accept_warning")
        self.accept_action = actions.make_action(self, "billing_accept_warning",
                                                 self.request_accept, widget_scope=True)
        self.accept_button.setToolTip(self.accept_action.toolTip())
        self.accept_button.clicked.connect(self.request_accept)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.detail = QLabel()
        self.detail.setObjectName("finding_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        self._current_changed()

    def set_findings(self, findings: list[Finding] | None,
                     accepted: dict[tuple[str, str], str] | None = None) -> None:
        lines = pf.finding_lines(findings or [], accepted or {})
        self.model.set_rows(lines)
        self.summary.setText(pf.summary(lines) if findings is not None else "No claim selected")
        if lines:
            self.table.select_row(0)
        self._current_changed()

    def current_line(self) -> pf.FindingLine | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    @Slot()
    def _current_changed(self) -> None:
        line = self.current_line()
        enabled = line is not None and line.acceptable
        self.detail.setText(pf.detail_text(line) if line is not None else "")
        self.accept_button.setEnabled(enabled)
        self.accept_action.setEnabled(enabled)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.jump.emit(pf.locate(self.model.row_at(index.row()).location))

    @Slot()
    def request_accept(self) -> None:
        line = self.current_line()
        if line is not None and line.acceptable:
            self.accept_requested.emit(line)


class HistoryPane(DataTable):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("claim_history", parent)
        self.setObjectName("claim_history")
        self.history_model = RowTableModel(HISTORY_COLUMNS, self)
        self.set_model(self.history_model, HISTORY_COLUMNS)

    def set_history(self, changes: list[StatusChange]) -> None:
        self.history_model.set_rows(list(reversed(changes)))  # newest first
