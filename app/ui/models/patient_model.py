"""The patient list: SQL-filtered and SQL-sorted id list, rows fetched lazily in pages.

``rowCount`` is the length of the id list, so the scroll bar is right at once; ``data`` loads
the 200-row page around the requested row through ``services.patients.rows`` and caches it.
A header click (``sort``) and a new search re-query the ids; nothing is sorted in Python.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.domain.rows import PatientRow
from app.services import patients
from app.ui.models.columns import (
    ALIGN_CENTER,
    Column,
    cell_data,
    date_column,
    header_data,
    is_valid_cell,
    money_column,
    phone_column,
)

AnyIndex = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200
MAX_PAGES = 100  # 20,000 cached rows at most

COLUMNS: list[Column] = [
    Column("account_number", "Account", 86, sort_key="account"),
    Column("name", "Name", 220, sort_key="name"),
    date_column("birth_date", "DOB", 86, sort_key="birth_date"),
    Column("sex", "Sex", 40, ALIGN_CENTER),
    phone_column("phone", "Phone", 112),
    Column("city", "City", 140, sort_key="city"),
    Column("primary_payer", "Primary payer", 190),
    money_column("balance", "Balance", 90),
]


class PatientTableModel(QAbstractTableModel):
    """Patients matching a search, in SQL order, with a paged row cache."""

    def __init__(self, db: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.columns = COLUMNS
        self.search_text = ""
        self.sort_key = "name"
        self.descending = False
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, PatientRow]] = OrderedDict()
        self.page_loads = 0
        self.loaded = False

    # queries ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-run the id query (search, sort) and drop every cached page."""
        ids = patients.search_ids(self.db, self.search_text, self.sort_key, self.descending)
        self.beginResetModel()
        self.loaded = True
        self._ids = ids
        self._pages.clear()
        self.endResetModel()

    def set_search(self, text: str) -> None:
        if text.strip() == self.search_text.strip() and self._ids:
            return
        self.search_text = text
        self.reload()

    def is_sortable(self, column: int) -> bool:
        return 0 <= column < len(self.columns) and self.columns[column].sort_key is not None

    def sort_column(self) -> int:
        keys = [c.sort_key for c in self.columns]
        return keys.index(self.sort_key)

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_of_id(self, patient_id: int) -> int:
        try:
            return self._ids.index(patient_id)
        except ValueError:
            return -1

    def row_at(self, row: int) -> PatientRow | None:
        page_number = row // PAGE_SIZE
        page = self._pages.get(page_number)
        if page is None:
            page = self._load_page(page_number)
        else:
            self._pages.move_to_end(page_number)
        return page.get(self._ids[row])

    def _load_page(self, page_number: int) -> dict[int, PatientRow]:
        start = page_number * PAGE_SIZE
        ids = self._ids[start:start + PAGE_SIZE]
        page = {r.id: r for r in patients.rows(self.db, ids)}
        self._pages[page_number] = page
        self.page_loads += 1
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    # Qt overrides -------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not is_valid_cell(self, index, len(self._ids), len(self.columns)):
            return None
        row = self.row_at(index.row())
        if row is None:  # deleted since the ids were read: a placeholder until reload
            return "..." if role == Qt.ItemDataRole.DisplayRole and index.column() == 1 else None
        return cell_data(self.columns[index.column()], row, role)

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
        key = self.columns[column].sort_key or "name"
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending) and self.loaded:
            return
        self.sort_key, self.descending = key, descending
        if self.loaded:  # before the first load only remember the order
            self.reload()
