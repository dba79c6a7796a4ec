"""Base of the big tables: a SQL-ordered id list plus a row cache filled in pages of 200.

``rowCount`` is the id count, so the scroll bar is right at once; ``data`` loads the page
around the requested row and caches it (least recently used pages are dropped); a header click
or a new filter re-queries the ids in SQL. Subclasses say how to read ids and rows.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.ui.models.columns import Column, cell_data, header_data, is_valid_cell

AnyIndex = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200
MAX_PAGES = 100  # 20,000 cached rows at most


class PagedIdModel(QAbstractTableModel):
    """Rows of ``fetch_rows(ids)`` for the ids of ``fetch_ids()``, read a page at a time."""

    default_sort = ""

    def __init__(self, db: Any, columns: list[Column], sort_key: str, descending: bool,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.columns = columns
        self.sort_key = sort_key
        self.descending = descending
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, Any]] = OrderedDict()
        self.page_loads = 0
        self.loaded = False

    # what subclasses provide ---------------------------------------------------------------
    def fetch_ids(self) -> list[int]:
        raise NotImplementedError

    def fetch_rows(self, ids: list[int]) -> list[Any]:
        raise NotImplementedError

    def cell(self, column: Column, row: Any, role: int) -> Any:
        """Per-model styling; the default is the column's own formatting."""
        return cell_data(column, row, role)

    # queries ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-run the id query and drop every cached page."""
        ids = self.fetch_ids()
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

    def row_of_id(self, record_id: int) -> int:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def row_at(self, row: int) -> Any:
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            start = number * PAGE_SIZE
            page = {r.id: r for r in self.fetch_rows(self._ids[start:start + PAGE_SIZE])}
            self._pages[number] = page
            self.page_loads += 1
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page.get(self._ids[row])

    def refresh_rows(self, record_ids: list[int]) -> None:
        """Re-read the cached pages holding ``record_ids`` (after an action on them)."""
        rows = {self.row_of_id(i) for i in record_ids} - {-1}
        for number in {r // PAGE_SIZE for r in rows}:
            self._pages.pop(number, None)
        for row in rows:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

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
        return self.cell(self.columns[index.column()], row, role)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return self.columns[section].tooltip or None
        return header_data(self.columns, section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in SQL order; columns without a sort key keep the current order."""
        if not self.is_sortable(column):
            return
        key = self.columns[column].sort_key or self.default_sort
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending) and self.loaded:
            return
        self.sort_key, self.descending = key, descending
        if self.loaded:  # before the first load only remember the order
            self.reload()
