"""The coding work queue model: SQL-filtered and SQL-sorted ids, rows fetched in pages."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.encounters import CodingStatus
from app.services import coding
from app.ui.models.columns import (
    ALIGN_RIGHT,
    Column,
    cell_data,
    date_column,
    header_data,
    is_valid_cell,
    money_column,
)

AnyIndex = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200
MAX_PAGES = 100

STATUS_LABELS: dict[str, str] = {
    CodingStatus.UNCODED.value: "To code",
    CodingStatus.QUERY.value: "Query pending",
    CodingStatus.CODED.value: "Coded",
    CodingStatus.CORRECTION.value: "Correction",
}
STATUS_COLORS = {CodingStatus.QUERY.value: "#8a5a00", CodingStatus.CORRECTION.value: "#b00020",
                 CodingStatus.CODED.value: "#1b5e20"}

#: Filter choices: label and the statuses it shows (empty = all).
FILTERS: list[tuple[str, tuple[str, ...]]] = [
    ("Work to do (to code + corrections)",
     (CodingStatus.UNCODED.value, CodingStatus.CORRECTION.value)),
    *((label, (status,)) for status, label in STATUS_LABELS.items()),
    ("All", ()),
]

COLUMNS: list[Column] = [
    date_column("date_of_service", "DOS", 86, sort_key="date"),
    Column("patient", "Patient", 190, sort_key="patient"),
    Column("provider", "Provider", 120, sort_key="provider"),
    Column("payer", "Payer", 160, sort_key="payer"),
    Column("coding_status", "Status", 100, formatter=lambda s: STATUS_LABELS.get(s, s),
           sort_key="status"),
    Column("days_since_visit", "Days", 50, ALIGN_RIGHT, tooltip="Days since the visit",
           sort_key="days"),
    money_column("total_charge", "Charges", 84),
    Column("coding_note", "Note (query or payer's reason)", 300,
           getter=lambda row: getattr(row, "coding_note", "")),
]


@dataclass
class QueueFilter:
    """What the queue shows."""

    statuses: tuple[str, ...] = FILTERS[0][1]
    search: str = ""
    provider_id: int | None = None


class CodingQueueModel(QAbstractTableModel):
    """Encounters of the work queue in SQL order with a paged row cache."""

    def __init__(self, db: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.columns = COLUMNS
        self.filter = QueueFilter()
        self.sort_key = "date"
        self.descending = False
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, coding.QueueRow]] = OrderedDict()
        self.page_loads = 0
        self.loaded = False

    def reload(self) -> None:
        """Re-run the id query and drop every cached page."""
        f = self.filter
        ids = coding.queue_ids(self.db, f.statuses, f.search, f.provider_id, self.sort_key,
                               self.descending)
        self.beginResetModel()
        self.loaded = True
        self._ids = ids
        self._pages.clear()
        self.endResetModel()

    def is_sortable(self, column: int) -> bool:
        return 0 <= column < len(self.columns) and self.columns[column].sort_key is not None

    def sort_column(self) -> int:
        return [c.sort_key for c in self.columns].index(self.sort_key)

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def ids(self) -> list[int]:
        return list(self._ids)

    def row_of_id(self, encounter_id: int) -> int:
        try:
            return self._ids.index(encounter_id)
        except ValueError:
            return -1

    def row_at(self, row: int) -> coding.QueueRow | None:
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            start = number * PAGE_SIZE
            page = {r.id: r for r in coding.queue_rows(self.db,
                                                         self._ids[start:start + PAGE_SIZE])}
            self._pages[number] = page
            self.page_loads += 1
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page.get(self._ids[row])

    # Qt overrides -------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not is_valid_cell(self, index, len(self._ids), len(self.columns)):
            return None
        row = self.row_at(index.row())
        if row is None:  # gone since the ids were read: a placeholder until reload
            return "..." if role == Qt.ItemDataRole.DisplayRole and index.column() == 1 else None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and column.key == "coding_status":
            color = STATUS_COLORS.get(row.coding_status)
            return QBrush(QColor(color)) if color else None
        if role == Qt.ItemDataRole.ToolTipRole and column.key == "coding_note":
            return row.coding_note or None
        return cell_data(column, row, role)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return header_data(self.columns, section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in SQL order; columns without a sort key keep the current order."""
        if not self.is_sortable(column):
            return
        key = self.columns[column].sort_key or "date"
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending) and self.loaded:
            return
        self.sort_key, self.descending = key, descending
        if self.loaded:
            self.reload()
