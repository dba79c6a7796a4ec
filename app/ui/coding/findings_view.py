"""Severity icons and colours, and the findings list under the coding form."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QApplication, QHeaderView, QStyle, QWidget

from app.domain.encounters import DX_LETTERS
from app.domain.findings import Finding, Severity
from app.ui.models.columns import Column
from app.ui.models.table_model import RowTableModel
from app.ui.presenters.coding_editor import parse_location
from app.ui.widgets.table import DataTable

AnyIndex = QModelIndex | QPersistentModelIndex
SEVERITY_LABELS = {Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.HINT: "Hint"}
SEVERITY_FILL = {Severity.ERROR: "#fde0e0", Severity.WARNING: "#fff1c7",
                 Severity.HINT: "#e3effc"}
_ICONS = {Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
          Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
          Severity.HINT: QStyle.StandardPixmap.SP_MessageBoxInformation}


def severity_icon(severity: Severity) -> QIcon:
    return QApplication.style().standardIcon(_ICONS[severity])


def worst(findings: list[Finding]) -> Severity | None:
    for severity in (Severity.ERROR, Severity.WARNING, Severity.HINT):
        if any(f.severity == severity for f in findings):
            return severity
    return None


def tooltip(findings: list[Finding]) -> str | None:
    """Rich tooltip listing each finding with its fix hint."""
    if not findings:
        return None
    items = "".join(
        f"<li><b>{SEVERITY_LABELS[f.severity]}:</b> {html.escape(f.message)}"
        + (f"<br><i>{html.escape(f.hint)}</i>" if f.hint else "") + "</li>" for f in findings)
    return f"<ul style='margin:0'>{items}</ul>"


def mark_role(findings: list[Finding], role: int) -> Any:
    """Background, decoration or tooltip for a row or cell carrying ``findings``."""
    severity = worst(findings)
    if severity is None:
        return None
    if role == Qt.ItemDataRole.BackgroundRole:
        return QBrush(QColor(SEVERITY_FILL[severity]))
    if role == Qt.ItemDataRole.DecorationRole:
        return severity_icon(severity)
    if role == Qt.ItemDataRole.ToolTipRole:
        return tooltip(findings)
    return None


def place_text(location: str) -> str:
    """``lines[1].units`` -> ``Line 2 units``; ``diagnoses[0]`` -> ``Dx A``."""
    place = parse_location(location)
    if place.kind == "dx":
        return "Diagnoses" if place.row is None else f"Dx {DX_LETTERS[place.row]}"
    if place.kind == "line":
        if place.row is None:
            return "Lines"
        return f"Line {place.row + 1}" + (f" {place.column}" if place.column else "")
    return location.capitalize()


COLUMNS = [
    Column("severity", "", 26, formatter=lambda _s: ""),
    Column("location", "Where", 110, formatter=place_text),
    Column("message", "Finding", 420),
    Column("hint", "How to fix", 360),
    Column("source", "Source", 150),
]


class FindingsModel(RowTableModel):
    """The live findings with a severity icon."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < self.rowCount():
            finding: Finding = self.row_at(index.row())
            if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
                return severity_icon(finding.severity)
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip([finding])
            if role == Qt.ItemDataRole.BackgroundRole and index.column() == 0:
                return QBrush(QColor(SEVERITY_FILL[finding.severity]))
        return super().data(index, role)


class FindingsTable(DataTable):
    """The findings list; Enter jumps to the field the finding concerns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("coding_findings", parent)
        self.setObjectName("coding_findings")
        self.findings_model = FindingsModel(self)
        self.set_model(self.findings_model, COLUMNS)
        self.setWordWrap(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
