"""The Deposits tab: deposits with their payments, undeposited payments, close against a slip.

ERA EFTs are already in the deposit of their trace. Pick undeposited payments and Add them to
the selected open deposit (with how they were paid); type the bank slip amount and Close when
the total matches. Every action runs through ``app.services.deposits``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.deposits import Deposit, DepositKind, PaymentMethod
from app.services import deposits
from app.ui import jobs
from app.ui.changes import ChangeBus
from app.ui.models.columns import Column, date_column, money_column
from app.ui.models.table_model import RowTableModel
from app.ui.presenters.deposits import check_slip, deposit_row
from app.ui.widgets.table import DataTable

DEPOSIT_COLUMNS: list[Column] = [
    Column("id", "Id", 44), Column("kind", "Kind", 120), date_column("deposit_date", "Date"),
    Column("reference", "Reference", 130), Column("items", "Payments", 70),
    money_column("total", "Total", 90), money_column("slip", "Bank slip", 90),
    Column("state", "State", 70),
]
ITEM_COLUMNS: list[Column] = [
    Column("label", "Payment", 260), Column("method", "Method", 70,
                                            formatter=lambda m: str(m).upper()),
    money_column("amount", "Amount", 90),
]
LEFT_COLUMNS: list[Column] = [
    Column("label", "Payment", 260), date_column("received_on", "Received"),
    money_column("amount", "Amount", 90),
]


def _table(key: str, columns: list[Column], parent: QWidget) -> tuple[RowTableModel, DataTable]:
    model = RowTableModel(columns, parent)
    table = DataTable(key, parent)
    table.setObjectName(f"{key}_table")
    table.set_model(model, columns)
    return model, table


class DepositsView(QWidget):
    message = Signal(str)

    def __init__(self, db: Any, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.found: dict[int, Deposit] = {}
        self.model, self.table = _table("deposits", DEPOSIT_COLUMNS, self)
        self.items_model, self.items_table = _table("deposit_items", ITEM_COLUMNS, self)
        self.left_model, self.left_table = _table("undeposited", LEFT_COLUMNS, self)
        self.left_table.setSelectionMode(DataTable.SelectionMode.ExtendedSelection)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.slip = QLineEdit()
        self.slip.setObjectName("deposit_slip")
        self.slip.setPlaceholderText("Bank slip amount")
        self.slip.textChanged.connect(self._update)
        self.slip.returnPressed.connect(self.close_deposit)
        self.status = QLabel()
        self.status.setObjectName("deposit_status")
        self.close_button = QPushButton("&Close deposit")
        self.close_button.setObjectName("deposit_close")
        self.close_button.clicked.connect(self.close_deposit)
        self.method = QComboBox()
        self.method.setObjectName("deposit_method")
        for m in (PaymentMethod.CASH, PaymentMethod.CHECK, PaymentMethod.CARD,
                  PaymentMethod.ACH):
            self.method.addItem(m.value.capitalize(), m)
        self.method.setCurrentIndex(1)
        self.add_button = QPushButton("&Add to deposit")
        self.add_button.setObjectName("deposit_add")
        self.add_button.clicked.connect(self.add_selected)
        self.new_button = QPushButton("&New deposit")
        self.new_button.setObjectName("deposit_new")
        self.new_button.clicked.connect(self.new_deposit)
        self._layout()
        self.reload()

    def _layout(self) -> None:
        slip_bar = QHBoxLayout()
        slip_bar.addWidget(QLabel("Bank &slip:", buddy=self.slip))
        slip_bar.addWidget(self.slip)
        slip_bar.addWidget(self.close_button)
        slip_bar.addWidget(self.new_button)
        slip_bar.addStretch(1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        top_layout.addLayout(slip_bar)
        top_layout.addWidget(self.status)
        items_box = QGroupBox("Payments in the deposit")
        QVBoxLayout(items_box).addWidget(self.items_table)
        left_box = QGroupBox("Payments not in a deposit")
        add_bar = QHBoxLayout()
        add_bar.addWidget(QLabel("Paid by:", buddy=self.method))
        add_bar.addWidget(self.method)
        add_bar.addWidget(self.add_button)
        add_bar.addStretch(1)
        left_layout = QVBoxLayout(left_box)
        left_layout.addWidget(self.left_table, 1)
        left_layout.addLayout(add_bar)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(items_box)
        bottom.addWidget(left_box)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        QVBoxLayout(self).addWidget(split)

    def reload(self) -> None:
        """Read the deposits and undeposited payments again, keeping the selection."""
        keep = self.current_deposit()
        found = deposits.list_deposits(self.db)
        self.found = {d.id: d for d in found}
        self.model.set_rows([deposit_row(d) for d in found])
        self.left_model.set_rows(deposits.undeposited(self.db))
        row = self.model.row_of_id(keep.id) if keep is not None else 0
        self.table.select_row(max(row, 0))
        self._selected()

    def current_deposit(self) -> Deposit | None:
        row = self.table.currentIndex().row()
        if not 0 <= row < self.model.rowCount():
            return None
        return self.found.get(self.model.row_at(row).id)

    @Slot(QItemSelection, QItemSelection)
    def _selected(self, *_args: object) -> None:
        dep = self.current_deposit()
        self.items_model.set_rows(list(dep.items) if dep else [])
        self._update()

    @Slot()
    def _update(self) -> None:
        dep = self.current_deposit()
        check = check_slip(dep, self.slip.text())
        self.status.setText(check.message)
        self.close_button.setEnabled(check.can_close)
        self.add_button.setEnabled(dep is not None and not dep.is_closed
                                   and self.left_model.rowCount() > 0)

    @Slot()
    def close_deposit(self) -> None:
        dep, check = self.current_deposit(), check_slip(self.current_deposit(),
                                                        self.slip.text())
        if dep is None or not check.can_close or check.amount is None:
            return
        deposit_id, amount = dep.id, check.amount
        jobs.run_op(self, lambda: deposits.close_deposit(self.db, deposit_id, amount),
                    on_success=lambda out: self._done(out[1], f"Deposit {deposit_id} closed."))

    @Slot()
    def add_selected(self) -> None:
        dep = self.current_deposit()
        rows = sorted({i.row() for i in self.left_table.selectionModel().selectedRows()})
        picked = [self.left_model.row_at(r) for r in rows]
        if dep is None or dep.is_closed or not picked:
            return
        era = [p.id for p in picked if p.source == "era"]
        entries = [p.id for p in picked if p.source == "ledger"]
        method, deposit_id = PaymentMethod(self.method.currentData()), dep.id
        jobs.run_op(self, lambda: deposits.add_payments(
            self.db, deposit_id, era_payment_ids=era, entry_ids=entries, method=method),
            on_success=lambda out: self._done(
                out[1], f"Deposit {deposit_id}: {len(picked)} payment(s) added."))

    @Slot()
    def new_deposit(self) -> None:
        jobs.run_op(self, lambda: deposits.open_deposit(self.db, DepositKind.CASH_CHECK,
                                                        date.today()),
                    on_success=lambda out: self._done(out[1], f"Deposit {out[0].id} opened."))

    def _done(self, changes: Any, text: str) -> None:
        self.slip.clear()
        self.bus.publish(changes)
        self.message.emit(text)
        self.reload()

    def save_state(self) -> None:
        for table in (self.table, self.items_table, self.left_table):
            table.save_state()
