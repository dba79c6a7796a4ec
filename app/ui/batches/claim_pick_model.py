"""Claims with a check box each: the export dialog's selection (small list, loaded whole)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from app.ui.models.columns import Column, date_column, money_column
from app.ui.models.table_model import RowTableModel

AnyIndex = QModelIndex | QPersistentModelIndex

PICK_COLUMNS: list[Column] = [
    Column("control_number", "Claim", 110),
    Column("patient", "Patient", 190),
    Column("payer", "Payer", 180),
    date_column("date_of_service", "DOS", 90),
    Column("provider", "Provider", 150),
    money_column("billed", "Charge", 90),
]


class ClaimPickModel(RowTableModel):
    """Claim rows (``ClaimListRow``); column 0 carries a check box; all checked at first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(PICK_COLUMNS, parent)
        self.checked: set[int] = set()

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.checked = {r.id for r in rows}
        super().set_rows(rows)

    def checked_rows(self) -> list[Any]:
        return [r for r in self.rows() if r.id in self.checked]

    def set_all(self, on: bool) -> None:
        self.checked = {r.id for r in self.rows()} if on else set()
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])

    def total(self) -> Decimal:
        return sum((r.billed for r in self.checked_rows()), Decimal("0.00"))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid() and index.column() == 0 \
                and 0 <= index.row() < self.rowCount():
            row = self.row_at(index.row())
            return (Qt.CheckState.Checked if row.id in self.checked
                    else Qt.CheckState.Unchecked)
        return super().data(index, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: AnyIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        row = self.row_at(index.row())
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))
        if state == Qt.CheckState.Checked:
            self.checked.add(row.id)
        else:
            self.checked.discard(row.id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True
