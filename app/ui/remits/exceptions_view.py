"""The exception queue: remitted claims the posting could not match, and manual matching.

Pick an entry, search our claims by control number (or patient), pick the claim, Match: the
entry posts to that claim and its money leaves the payment's suspense.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.services import eob, remittances
from app.services.remittances import ExceptionItem
from app.ui import actions, jobs
from app.ui.changes import ChangeBus
from app.ui.models.columns import Column, date_column, money_column
from app.ui.models.table_model import RowTableModel
from app.ui.widgets.table import DataTable

EXCEPTION_COLUMNS: list[Column] = [
    Column("control_number", "Their claim number (CLP01)", 170),
    Column("payer_claim_number", "Payer claim number", 170),
    Column("status_code", "CLP02", 60),
    money_column("charge", "Charge", 90),
    money_column("paid", "Paid (in suspense)", 120),
]
CANDIDATE_COLUMNS: list[Column] = [
    Column("control_number", "Claim", 100),
    Column("patient", "Patient", 180),
    Column("payer", "Payer", 170),
    Column("status", "Status", 90, formatter=lambda s: str(s).capitalize()),
    date_column("date_of_service", "DOS", 86),
    money_column("billed", "Billed", 86),
]


class ExceptionsView(QWidget):
    message = Signal(str)

    def __init__(self, db: Any, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.model = RowTableModel(EXCEPTION_COLUMNS, self)
        self.table = DataTable("remit_exceptions", self)
        self.table.setObjectName("exceptions_table")
        self.table.set_model(self.model, EXCEPTION_COLUMNS)
        self.table.selectionModel().selectionChanged.connect(self._item_selected)
        self.search = QLineEdit()
        self.search.setObjectName("exception_search")
        self.search.setPlaceholderText("Search our claims: control number or patient")
        self.search.setClearButtonEnabled(True)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self.timer.start)
        self.candidates = RowTableModel(CANDIDATE_COLUMNS, self)
        self.candidate_table = DataTable("remit_exception_candidates", self)
        self.candidate_table.setObjectName("candidates_table")
        self.candidate_table.set_model(self.candidates, CANDIDATE_COLUMNS)
        self.match_button = QPushButton("&Match to this claim")
        self.match_button.setObjectName("match_button")
        action = actions.make_action(self, "exception_match", self.match, widget_scope=True)
        self.match_button.setToolTip(action.toolTip())
        self.match_button.clicked.connect(self.match)
        self.count_label = QLabel()
        self._build_layout()

    def _build_layout(self) -> None:
        top = QGroupBox("Remitted claims not matched (their money waits in suspense)")
        top_layout = QVBoxLayout(top)
        top_layout.addWidget(self.count_label)
        top_layout.addWidget(self.table)
        bottom = QGroupBox("Find our claim")
        bottom_layout = QVBoxLayout(bottom)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.match_button)
        bottom_layout.addLayout(bar)
        bottom_layout.addWidget(self.candidate_table)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def reload(self) -> None:
        keep = self.table.current_id()
        items = remittances.exception_queue(self.db)
        self.model.set_rows(items)
        self.count_label.setText(f"{len(items)} waiting" if items else "Nothing to match.")
        row = self.model.row_of_id(keep) if keep is not None else 0
        self.table.select_row(max(row, 0))
        self._update_buttons()

    def current_item(self) -> ExceptionItem | None:
        item_id = self.table.current_id()
        row = self.model.row_of_id(item_id) if item_id is not None else -1
        return self.model.row_at(row) if row >= 0 else None

    @Slot(QItemSelection, QItemSelection)
    def _item_selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        item = self.current_item()
        if item is not None:
            self.search.setText(item.control_number)
            self.run_search()

    @Slot()
    def run_search(self) -> None:
        self.timer.stop()
        self.candidates.set_rows(eob.find_claims(self.db, self.search.text()))
        self.candidate_table.select_row(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.match_button.setEnabled(self.current_item() is not None
                                     and self.candidates.rowCount() > 0)

    @Slot()
    def match(self) -> None:
        item, claim_id = self.current_item(), self.candidate_table.current_id()
        if item is None or claim_id is None:
            return
        row = self.candidates.row_at(self.candidates.row_of_id(claim_id))
        jobs.run_op(self, lambda: remittances.match_exception(self.db, item.id, claim_id),
                    on_success=lambda outcome: self._matched(outcome, item, row.control_number))

    def _matched(self, outcome: tuple[Any, Any], item: ExceptionItem, control: str) -> None:
        self.bus.publish(outcome[1])
        held = outcome[0].held
        if held:  # the remit checks refused it: it waits among the held claims
            self.message.emit(f"{item.control_number} held, not posted to claim {control}: "
                              f"{held[0].reasons}")
        else:
            self.message.emit(f"{item.control_number} posted to claim {control}.")
        self.reload()

    def save_state(self) -> None:
        self.table.save_state()
        self.candidate_table.save_state()
