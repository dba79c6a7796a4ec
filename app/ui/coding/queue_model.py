"""The coding work queue model: SQL-filtered and SQL-sorted ids, rows fetched in pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.encounters import CodingStatus
from app.services import coding
from app.ui.models.columns import (
    ALIGN_RIGHT,
    Column,
    cell_data,
    date_column,
    money_column,
)
from app.ui.models.paged_model import PagedIdModel

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


class CodingQueueModel(PagedIdModel):
    """Encounters of the work queue in SQL order with a paged row cache."""

    default_sort = "date"

    def __init__(self, db: Any, parent: QObject | None = None) -> None:
        super().__init__(db, COLUMNS, "date", False, parent)
        self.filter = QueueFilter()

    def fetch_ids(self) -> list[int]:
        f = self.filter
        return coding.queue_ids(self.db, f.statuses, f.search, f.provider_id, self.sort_key,
                                self.descending)

    def fetch_rows(self, ids: list[int]) -> list[coding.QueueRow]:
        return coding.queue_rows(self.db, ids)

    def cell(self, column: Column, row: coding.QueueRow, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column.key == "coding_status":
            color = STATUS_COLORS.get(row.coding_status)
            return QBrush(QColor(color)) if color else None
        if role == Qt.ItemDataRole.ToolTipRole and column.key == "coding_note":
            return row.coding_note or None
        return cell_data(column, row, role)
