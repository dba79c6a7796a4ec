"""The Fees page (Ctrl+7): the fee schedule and the payer contracts, each with its history.

The upper table shows what is in force today (or ended, or starting later); the lower one the
history of the selected code, newest first. Add, Change and End each add an effective-dated
row; nothing already in force is rewritten.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services import fees, settings
from app.ui.changes import ChangeBus
from app.ui.fees.fee_dialogs import ContractDialog, EndDialog, FeeDialog
from app.ui.models.columns import Column, date_column, money_column
from app.ui.models.table_model import RowTableModel
from app.ui.presenters.fee_book import BookLine, book_lines, current, history
from app.ui.widgets.page import Page
from app.ui.widgets.table import DataTable

FEE_COLUMNS = [Column("code", "Code", 70), Column("modifier", "Mod", 44),
               Column("label", "Label", 300), money_column("amount", "Charge"),
               date_column("effective_date", "Effective"), Column("status", "Status", 90)]
CONTRACT_COLUMNS = [Column("payer", "Payer", 180), *FEE_COLUMNS[:3],
                    money_column("amount", "Allowed"), *FEE_COLUMNS[4:]]


class BookPanel(QWidget):
    """One book (fees or contracts): search, what is in force, the selected key's history."""

    def __init__(self, name: str, columns: list[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[BookLine] = []
        self.search = QLineEdit()
        self.search.setObjectName(f"{name}_search")
        self.search.setPlaceholderText("Code, label or payer  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.model = RowTableModel(columns, self)
        self.table = DataTable(f"{name}_current", self)
        self.table.setObjectName(f"{name}_table")
        self.table.set_model(self.model, columns)
        self.history_model = RowTableModel(columns, self)
        self.history = DataTable(f"{name}_history", self)
        self.history.setObjectName(f"{name}_history")
        self.history.set_model(self.history_model, columns)
        self.history.setMaximumHeight(170)
        self.buttons = {key: QPushButton(text) for key, text in (
            ("add", "&Add..."), ("change", "C&hange..."), ("end", "&End..."))}
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        for key, button in self.buttons.items():
            button.setObjectName(f"{name}_{key}")
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("History of the selected code (newest first):"))
        layout.addWidget(self.history)
        self.search.textChanged.connect(self.show_current)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.setFocusProxy(self.table)

    def set_lines(self, lines: list[BookLine]) -> None:
        keep = self.selected()
        self.lines = lines
        self.show_current()
        if keep is not None:
            rows = self.model.rows()
            match = next((i for i, r in enumerate(rows) if r.key == keep.key), 0)
            self.table.select_row(match)

    @Slot()
    def show_current(self) -> None:
        self.model.set_rows(current(self.lines, self.search.text()))
        self.table.select_row(0)
        self._selected(self.table.currentIndex())

    @Slot(QModelIndex)
    def _selected(self, index: QModelIndex, _previous: Any = None) -> None:
        line = self.model.row_at(index.row()) if index.isValid() else None
        self.history_model.set_rows(history(self.lines, line.key if line else None))
        self.buttons["change"].setEnabled(line is not None)
        self.buttons["end"].setEnabled(line is not None and line.amount is not None)

    def selected(self) -> BookLine | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None


class FeesPage(Page):
    title = "Fees"
    watches = ("codes", "settings")

    def __init__(self, db: Any, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(db, bus, parent)
        self.fees = BookPanel("fees", FEE_COLUMNS)
        self.contracts = BookPanel("contracts", CONTRACT_COLUMNS)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("fees_tabs")
        self.tabs.addTab(self.fees, "Fee &schedule")
        self.tabs.addTab(self.contracts, "Payer &contracts")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.tabs)
        self.dialog: Any = None
        self.payers: list[Any] = []
        f, c = self.fees.buttons, self.contracts.buttons
        f["add"].clicked.connect(lambda: self._open(FeeDialog(self, bus, db)))
        f["change"].clicked.connect(lambda: self._open(
            FeeDialog(self, bus, db, self.fees.selected())))
        f["end"].clicked.connect(lambda: self._end(self.fees, False))
        c["add"].clicked.connect(lambda: self._open(ContractDialog(self, bus, db, self.payers)))
        c["change"].clicked.connect(lambda: self._open(
            ContractDialog(self, bus, db, self.payers, self.contracts.selected())))
        c["end"].clicked.connect(lambda: self._end(self.contracts, True))

    @Slot()
    def refresh(self) -> None:
        super().refresh()
        today = date.today()
        schedule = fees.fee_history_rows(self.db)
        self.payers = settings.list_payers(self.db)
        self.fees.set_lines(book_lines(schedule, today))
        labels = {e.code: e.label for e in schedule if not e.ended}
        self.contracts.set_lines(book_lines(
            fees.contract_history_rows(self.db), today, amount="allowed", labels=labels,
            payers={p.id or 0: p.name for p in self.payers}))

    def _open(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.show()

    def _end(self, panel: BookPanel, contract: bool) -> None:
        line = panel.selected()
        if line is not None:
            self._open(EndDialog(self, self.bus, self.db, line, contract))

    def focus_search(self) -> None:
        panel = self.tabs.currentWidget()
        assert isinstance(panel, BookPanel)
        panel.search.setFocus()
        panel.search.selectAll()

    def save_state(self) -> None:
        for panel in (self.fees, self.contracts):
            panel.table.save_state()
            panel.history.save_state()
