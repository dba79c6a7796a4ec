"""The patient list: SQL-filtered and SQL-sorted id list, rows fetched lazily in pages.

``rowCount`` is the length of the id list, so the scroll bar is right at once; ``data`` loads
the 200-row page around the requested row through ``services.patients.rows`` and caches it.
A header click (``sort``) and a new search re-query the ids; nothing is sorted in Python.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from app.domain.rows import PatientRow
from app.services import patients
from app.ui.models.columns import (
    ALIGN_CENTER,
    Column,
    date_column,
    money_column,
    phone_column,
)
from app.ui.models.paged_model import PagedIdModel

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


class PatientTableModel(PagedIdModel):
    """Patients matching a search, in SQL order, with a paged row cache."""

    default_sort = "name"

    def __init__(self, db: Any, parent: QObject | None = None) -> None:
        super().__init__(db, COLUMNS, "name", False, parent)
        self.search_text = ""

    def fetch_ids(self) -> list[int]:
        return patients.search_ids(self.db, self.search_text, self.sort_key, self.descending)

    def fetch_rows(self, ids: list[int]) -> list[PatientRow]:
        return patients.rows(self.db, ids)

    def set_search(self, text: str) -> None:
        if text.strip() == self.search_text.strip() and self._ids:
            return
        self.search_text = text
        self.reload()
