"""The claim list: SQL-filtered and SQL-sorted id list, rows fetched lazily in pages of 200.

Same pattern as the patient list: ``rowCount`` is the id count; ``data`` loads the page around
the requested row through ``claim_queries.claim_rows``; a header click or a new filter
re-queries the ids (nothing is sorted in Python). Totals cover the whole filtered set.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.services import claim_queries
from app.services.claim_queries import ClaimFilter, ClaimListRow, ClaimTotals
from app.ui.models.columns import (
    ALIGN_CENTER,
    ALIGN_RIGHT,
    Column,
    cell_data,
    date_column,
    header_data,
    is_valid_cell,
    money_column,
)
from app.ui.presenters.billing_editor import status_label

AnyIndex = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200
MAX_PAGES = 100
LATE = QColor("#b00020")
ZERO = Decimal("0.00")
ERROR_MARK = "\u25cf"  # a dot in the "Err" column


def _days(value: int | None) -> str:
    return "" if value is None else str(value)


COLUMNS: list[Column] = [
    Column("control_number", "Control #", 96, sort_key="control_number"),
    Column("patient", "Patient", 170, sort_key="patient"),
    Column("payer", "Payer", 150, sort_key="payer"),
    Column("provider", "Provider", 90),
    Column("status", "Status", 80, formatter=status_label, sort_key="status"),
    date_column("date_of_service", "DOS", 84, sort_key="date_of_service"),
    Column("days_left", "Days left", 64, ALIGN_RIGHT, _days, sort_key="days_left",
           tooltip="Days left to file with the payer (timely filing limit)"),
    Column("has_errors", "Err", 34, ALIGN_CENTER, lambda v: ERROR_MARK if v else "",
           tooltip="The latest scrub found an error"),
    Column("billed", "Billed", 82, ALIGN_RIGHT, money_column("billed", "").formatter,
           sort_key="billed"),
    money_column("paid", "Paid", 78),
    money_column("adjusted", "Adjusted", 78),
    money_column("patient_responsibility", "Pt. resp.", 78),
    Column("balance", "Balance", 82, ALIGN_RIGHT, money_column("balance", "").formatter,
           sort_key="balance"),
]


class ClaimTableModel(QAbstractTableModel):
    """Claims matching a filter, in SQL order, with a paged row cache."""

    def __init__(self, db: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.columns = COLUMNS
        self.filters = ClaimFilter()
        self.sort_key = "date_of_service"
        self.descending = True
        self.today: date | None = None  # tests pin the date
        self.totals = ClaimTotals(0, *([ZERO] * 5))
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, ClaimListRow]] = OrderedDict()
        self.page_loads = 0
        self.loaded = False

    # queries ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-run the id and totals queries and drop every cached page."""
        ids = claim_queries.claim_ids(self.db, self.filters, self.sort_key, self.descending,
                                      self.today)
        totals = claim_queries.claim_totals(self.db, self.filters, self.today)
        self.beginResetModel()
        self.loaded = True
        self._ids, self.totals = ids, totals
        self._pages.clear()
        self.endResetModel()

    def set_filters(self, filters: ClaimFilter) -> None:
        self.filters = filters
        self.reload()

    def is_sortable(self, column: int) -> bool:
        return 0 <= column < len(self.columns) and self.columns[column].sort_key is not None

    def sort_column(self) -> int:
        return [c.sort_key for c in self.columns].index(self.sort_key)

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def ids(self) -> list[int]:
        return list(self._ids)

    def row_of_id(self, claim_id: int) -> int:
        try:
            return self._ids.index(claim_id)
        except ValueError:
            return -1

    def row_at(self, row: int) -> ClaimListRow | None:
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            start = number * PAGE_SIZE
            page = {r.id: r for r in claim_queries.claim_rows(
                self.db, self._ids[start:start + PAGE_SIZE], self.today)}
            self._pages[number] = page
            self.page_loads += 1
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page.get(self._ids[row])

    def refresh_rows(self, claim_ids: list[int]) -> None:
        """Re-read the cached pages holding ``claim_ids`` (after an action on them)."""
        rows = {self.row_of_id(i) for i in claim_ids} - {-1}
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
        if row is None:  # deleted since the ids were read: a placeholder until reload
            return "..." if role == Qt.ItemDataRole.DisplayRole and index.column() == 1 else None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and column.key in ("days_left", "has_errors"):
            late = row.has_errors if column.key == "has_errors" else \
                row.days_left is not None and row.days_left < 15
            return LATE if late else None
        return cell_data(column, row, role)

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
        key = self.columns[column].sort_key or "date_of_service"
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending) and self.loaded:
            return
        self.sort_key, self.descending = key, descending
        if self.loaded:
            self.reload()

