"""A dense, keyboard-friendly read-only table view with its header state in QSettings."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.ui import ui_state
from app.ui.models.columns import ID_ROLE, Column, apply_widths

ALIGN_RIGHT_FLAG = Qt.AlignmentFlag.AlignRight


class DataTable(QTableView):
    """Rows selected whole, alternating colours, compact rows, saved column layout."""

    def __init__(self, state_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state_key = state_key
        self.restored = False
        self.fit_columns: list[int] = []
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setTabKeyNavigation(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionsMovable(True)

    def set_model(self, model: QAbstractItemModel, columns: list[Column]) -> None:
        self.setModel(model)
        apply_widths(self.horizontalHeader(), columns)
        self.restored = ui_state.restore_header(self.horizontalHeader(), self.state_key)
        self.fit_columns = [i for i, c in enumerate(columns) if c.align & ALIGN_RIGHT_FLAG]
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self.fit_numbers)
        self.fit_numbers()

    def fit_numbers(self, *_args: object) -> None:
        """Widen right-aligned (money, counts) columns so no amount is ever elided.

        Text columns elide with the whole text in the tooltip; a cut-off amount would misread.
        """
        header = self.horizontalHeader()
        last = header.count() - 1
        for column in self.fit_columns:
            if column == last and header.stretchLastSection():
                continue
            needed = max(self.sizeHintForColumn(column),
                         header.sectionSizeFromContents(column).width())
            if needed > header.sectionSize(column):
                header.resizeSection(column, needed)

    def enable_sorting(self, column: int, order: Qt.SortOrder) -> None:
        """Turn on header sorting, starting from ``column`` unless a saved state says else."""
        if not self.restored:
            self.horizontalHeader().setSortIndicator(column, order)
        self.setSortingEnabled(True)

    def save_state(self) -> None:
        ui_state.save_header(self.horizontalHeader(), self.state_key)

    def current_id(self) -> int | None:
        index = self.currentIndex()
        if not index.isValid():
            return None
        value = index.data(ID_ROLE)
        return int(value) if value is not None else None

    def select_row(self, row: int) -> None:
        model = self.model()
        if model is None or not 0 <= row < model.rowCount():
            return
        index = model.index(row, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index)
