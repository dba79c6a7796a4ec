"""The claim list: SQL-filtered and SQL-sorted id list, rows fetched lazily in pages of 200.

Same pattern as the patient list: ``rowCount`` is the id count; ``data`` loads the page around
the requested row through ``claim_queries.claim_rows``; a header click or a new filter
re-queries the ids (nothing is sorted in Python). Totals cover the whole filtered set.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from app.services import claim_queries
from app.services.claim_queries import ClaimFilter, ClaimListRow, ClaimTotals
from app.ui.models.columns import (
    ALIGN_CENTER,
    ALIGN_RIGHT,
    Column,
    cell_data,
    date_column,
    money_column,
)
from app.ui.models.paged_model import PagedIdModel
from app.ui.presenters.billing_editor import status_label

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


class ClaimTableModel(PagedIdModel):
    """Claims matching a filter, in SQL order, with a paged row cache and filtered totals."""

    default_sort = "date_of_service"

    def __init__(self, db: Any, parent: QObject | None = None) -> None:
        super().__init__(db, COLUMNS, "date_of_service", True, parent)
        self.filters = ClaimFilter()
        self.today: date | None = None  # tests pin the date
        self.totals = ClaimTotals(0, *([ZERO] * 5))

    def fetch_ids(self) -> list[int]:
        self.totals = claim_queries.claim_totals(self.db, self.filters, self.today)
        return claim_queries.claim_ids(self.db, self.filters, self.sort_key, self.descending,
                                       self.today)

    def fetch_rows(self, ids: list[int]) -> list[ClaimListRow]:
        return claim_queries.claim_rows(self.db, ids, self.today)

    def set_filters(self, filters: ClaimFilter) -> None:
        self.filters = filters
        self.reload()

    def cell(self, column: Column, row: ClaimListRow, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column.key in ("days_left", "has_errors"):
            late = row.has_errors if column.key == "has_errors" else \
                row.days_left is not None and row.days_left < 15
            return LATE if late else None
        return cell_data(column, row, role)
