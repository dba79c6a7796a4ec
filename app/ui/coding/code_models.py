"""Table models over the coding presenter: the lettered diagnoses and the service lines.

Both read the presenter directly; a finding on a diagnosis marks its row, a finding on a line
field marks that cell (background, severity icon, tooltip with the fix hint).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.domain.encounters import DX_LETTERS
from app.ui.coding.findings_view import mark_role
from app.ui.models.columns import ALIGN_CENTER, ALIGN_LEFT, ALIGN_RIGHT, is_valid_cell
from app.ui.presenters.coding_editor import CodingEditor

AnyIndex = QModelIndex | QPersistentModelIndex
MARK_ROLES = (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.DecorationRole,
              Qt.ItemDataRole.ToolTipRole)


class _EditorModel(QAbstractTableModel):
    headers: tuple[str, ...] = ()

    def __init__(self, editor: CodingEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor

    def set_editor(self, editor: CodingEditor) -> None:
        self.beginResetModel()
        self.editor = editor
        self.endResetModel()

    def rows_changed(self) -> None:
        """The row list changed (add, remove, move): reset (a dozen rows at most)."""
        self.beginResetModel()
        self.endResetModel()

    def marks_changed(self) -> None:
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1),
                                  [*MARK_ROLES, Qt.ItemDataRole.DisplayRole])

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            return self.headers[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < self.rowCount():
            return str(section + 1)
        return None


class DiagnosisModel(_EditorModel):
    """Diagnoses A-L in claim order."""

    headers = ("", "Code", "Description")

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.editor.diagnoses)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not is_valid_cell(self, index, self.rowCount(), self.columnCount()):
            return None
        row, column = index.row(), index.column()
        code = self.editor.diagnoses[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return (DX_LETTERS[row], code, self.editor.descriptions.get(code, ""))[column]
        if role == Qt.ItemDataRole.UserRole:
            return code
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(ALIGN_CENTER.value)
        if role in MARK_ROLES and (column == 1 or role == Qt.ItemDataRole.BackgroundRole):
            return mark_role(self.editor.dx_findings(row), role)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass(frozen=True)
class LineColumn:
    name: str  # LineDraft attribute
    header: str
    width: int
    align: Qt.AlignmentFlag = ALIGN_LEFT
    tip: str = ""


LINE_COLUMNS: tuple[LineColumn, ...] = (
    LineColumn("code", "Code", 230, tip="CPT or HCPCS code"),
    LineColumn("modifiers", "Modifiers", 84, tip="Up to 4, e.g. 25 59"),
    LineColumn("units", "Units", 50, ALIGN_RIGHT),
    LineColumn("charge", "Charge", 76, ALIGN_RIGHT, "From the fee schedule; type to override"),
    LineColumn("pointers", "Dx ptr", 58, tip="Diagnosis letters, e.g. AB (up to 4)"),
    LineColumn("place_of_service", "POS", 42, tip="Place of service override (2 digits)"),
    LineColumn("ndc", "NDC", 100, tip="11-digit NDC for drug lines"),
    LineColumn("ndc_unit", "NDC unit", 64, tip="F2, GR, ME, ML or UN"),
    LineColumn("ndc_quantity", "NDC qty", 62, ALIGN_RIGHT),
    LineColumn("note", "Line note", 160, tip="Printed/sent with the line (80 characters)"),
)
LINE_COLUMN_NAMES = tuple(c.name for c in LINE_COLUMNS)


class LineModel(_EditorModel):
    """Service lines; every cell is edited in place (Tab moves to the next cell)."""

    headers = tuple(c.header for c in LINE_COLUMNS)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.editor.lines)

    def column_of(self, name: str) -> int:
        return LINE_COLUMN_NAMES.index(name)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not is_valid_cell(self, index, self.rowCount(), self.columnCount()):
            return None
        column = LINE_COLUMNS[index.column()]
        draft = self.editor.lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole and column.name == "code" and draft.description:
            return f"{draft.code}  {draft.description}"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return getattr(draft, column.name)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align.value)
        findings = self.editor.cell_findings(index.row(), column.name)
        if role == Qt.ItemDataRole.ToolTipRole and not findings:
            if column.name == "code" and draft.description:
                return draft.description
            return column.tip or None
        if role in MARK_ROLES:
            return mark_role(findings, role)
        return None

    def setData(self, index: AnyIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        name = LINE_COLUMNS[index.column()].name
        if getattr(self.editor.lines[index.row()], name) == str(value).strip():
            return False
        self.editor.set_line_field(index.row(), name, str(value))
        self.dataChanged.emit(self.index(index.row(), 0),
                              self.index(index.row(), self.columnCount() - 1))
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable)
