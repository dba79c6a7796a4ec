"""A row table model whose long cells show their full text as a tooltip (explanations)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from app.ui.models.table_model import RowTableModel

AnyIndex = QModelIndex | QPersistentModelIndex
TIP_LENGTH = 30


class TipTableModel(RowTableModel):
    """Like ``RowTableModel``; a cell longer than 30 characters has itself as tooltip."""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            text = super().data(index, Qt.ItemDataRole.DisplayRole)
            if isinstance(text, str) and len(text) > TIP_LENGTH:
                return text
        return super().data(index, role)
