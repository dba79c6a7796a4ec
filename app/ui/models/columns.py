"""Columns declared once as data: key, header, alignment, formatter, width, sort key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from app.domain.money import format_money
from app.ui.presenters.form_values import format_date, format_phone

ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ALIGN_CENTER = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter

#: The row's id (int) for every cell.
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: A value that sorts correctly (cents for money, ordinal for dates, folded text).
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def money_text(value: Decimal | None) -> str:
    return "" if value is None else format_money(value)


def sort_value(value: Any) -> tuple[int, Any]:
    """A key that orders blanks first, then numbers, dates and text without mixing types."""
    if value is None or value == "":
        return (0, 0)
    if isinstance(value, Decimal):
        return (1, int(value * 100))
    if isinstance(value, date):
        return (1, value.toordinal())
    if isinstance(value, bool | int):
        return (1, int(value))
    return (2, text(value).casefold())


@dataclass(frozen=True)
class Column:
    """One table column.

    ``key`` is an attribute name of the row (or ``getter`` computes the value); ``formatter``
    makes the display text; the raw value goes to ``UserRole`` (a ``Decimal`` for money).
    """

    key: str
    header: str
    width: int = 100
    align: Qt.AlignmentFlag = ALIGN_LEFT
    formatter: Callable[[Any], str] = text
    getter: Callable[[Any], Any] | None = None
    sort_key: str | None = None  # a service sort key (SQL-sorted models)
    tooltip: str = ""

    def value(self, row: Any) -> Any:
        return self.getter(row) if self.getter else getattr(row, self.key)


def money_column(key: str, header: str, width: int = 86) -> Column:
    return Column(key, header, width, ALIGN_RIGHT, money_text)


def date_column(key: str, header: str, width: int = 84, sort_key: str | None = None) -> Column:
    return Column(key, header, width, ALIGN_LEFT, format_date, sort_key=sort_key)


def phone_column(key: str, header: str, width: int = 110) -> Column:
    return Column(key, header, width, ALIGN_LEFT, format_phone)


def cell_data(column: Column, row: Any, role: int) -> Any:
    """What a model returns for ``row`` in ``column`` under ``role``."""
    if role == Qt.ItemDataRole.DisplayRole:
        return column.formatter(column.value(row))
    if role == Qt.ItemDataRole.TextAlignmentRole:
        return int(column.align.value)
    if role == Qt.ItemDataRole.UserRole:
        return column.value(row)
    if role == SORT_ROLE:
        return sort_value(column.value(row))
    if role == ID_ROLE:
        return getattr(row, "id", None)
    if role == Qt.ItemDataRole.ToolTipRole:  # the whole text when a narrow cell elides it
        return column.tooltip or column.formatter(column.value(row)) or None
    return None


def header_data(columns: list[Column], section: int, orientation: Qt.Orientation,
                role: int) -> Any:
    if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(columns):
        return None
    column = columns[section]
    if role == Qt.ItemDataRole.DisplayRole:
        return column.header
    if role == Qt.ItemDataRole.TextAlignmentRole:
        return int(column.align.value)
    return None


def apply_widths(view_header: Any, columns: list[Column]) -> None:
    """Default column widths (before any saved header state is restored).

    A column is never narrower than its header text (and the sort arrow).
    """
    for index, column in enumerate(columns):
        needed = view_header.sectionSizeFromContents(index).width()
        view_header.resizeSection(index, max(column.width, needed))


def is_valid_cell(model: QAbstractItemModel, index: AnyIndex, rows: int, columns: int) -> bool:
    return index.isValid() and not index.parent().isValid() and 0 <= index.row() < rows \
        and 0 <= index.column() < columns
