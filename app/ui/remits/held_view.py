"""Remitted claims held by the ERA checks: the list, the reasons, Dismiss and Post knowingly.

In a preview the list shows what Post would hold (nothing is stored yet, so no action is
offered). After posting, and whenever the page refreshes, it shows the held claims waiting
for a decision: Dismiss never posts one; Post knowingly posts a possible duplicate payment as
a credit balance owed back to the payer, with a refund task. Both run through services.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QItemSelection, Signal, Slot
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services import remit_match, remit_screen
from app.services.remit_screen import HeldItem
from app.ui import dialogs, jobs
from app.ui.changes import ChangeBus
from app.ui.models.columns import Column, money_column
from app.ui.models.table_model import RowTableModel
from app.ui.widgets.table import DataTable

KIND_LABELS = {
    "duplicate": "Possible duplicate payment",
    "not_sent": "Claim not sent / void",
    "wrong_payer": "Wrong payer",
    "wrong_level": "Wrong level of coverage",
    "implausible_amount": "Implausible amount",
    "implausible_date": "Implausible date",
    "charge_mismatch": "Charge is not what was billed",
    "unposted_reversal": "Reversal of an unposted payment",
}

HELD_COLUMNS: list[Column] = [
    Column("control_number", "Claim (CLP01)", 110),
    Column("position", "CLP #", 50),
    Column("kind", "Held because", 200, formatter=lambda k: KIND_LABELS.get(k, str(k))),
    Column("trace_number", "Trace (TRN02)", 130),
    money_column("paid", "Paid (CLP04)", 100),
    Column("elements", "Elements", 150),
    Column("file", "File", 160),
]


class HeldList(QGroupBox):
    """The held remitted claims with Dismiss and Post knowingly."""

    message = Signal(str)

    def __init__(self, db: Any, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__("Held, not posted (possible duplicates and claims that do not fit)",
                         parent)
        self.db, self.bus = db, bus
        self.preview = False
        self.model = RowTableModel(HELD_COLUMNS, self)
        self.table = DataTable("era_held", self)
        self.table.setObjectName("era_held_table")
        self.table.set_model(self.model, HELD_COLUMNS)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.detail = QLabel()
        self.detail.setObjectName("era_held_detail")
        self.detail.setWordWrap(True)
        self.dismiss_button = QPushButton("Dis&miss")
        self.dismiss_button.setObjectName("era_held_dismiss")
        self.dismiss_button.setToolTip("Never post this remitted claim.")
        self.post_button = QPushButton("Post &knowingly")
        self.post_button.setObjectName("era_held_post")
        self.post_button.setToolTip("Post a duplicate payment as a credit balance owed back "
                                    "to the payer, with a refund task.")
        self.recheck_button = QPushButton("Re-&check")
        self.recheck_button.setObjectName("era_held_recheck")
        self.recheck_button.setToolTip("Run the checks again after fixing the cause (e.g. the "
                                       "claim was sent) and post the claim if they pass.")
        self.recheck_button.clicked.connect(self.recheck)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.post_button.clicked.connect(self.post_knowingly)
        bar = QHBoxLayout()
        bar.addWidget(self.dismiss_button)
        bar.addWidget(self.post_button)
        bar.addWidget(self.recheck_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(bar)
        self._update()

    def show_items(self, items: Sequence[HeldItem], *, preview: bool) -> None:
        """Show ``items``; a preview's items cannot be acted on yet."""
        self.preview = preview
        self.model.set_rows(items)
        self.table.select_row(0)
        self.setVisible(bool(items) or not preview)
        self._update()

    def reload(self) -> None:
        """The held claims waiting for a decision (after posting, on refresh)."""
        self.show_items(remit_screen.held_items(self.db), preview=False)

    def current_item(self) -> HeldItem | None:
        row = self.table.currentIndex().row()
        return self.model.row_at(row) if 0 <= row < self.model.rowCount() else None

    @Slot(QItemSelection, QItemSelection)
    def _selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._update()

    def _update(self) -> None:
        item = self.current_item()
        text = ""
        if item is not None:
            text = item.reasons + (f"\nEarlier remittance: {item.earlier}" if item.earlier
                                   else "")
            if self.preview:
                text += "\nPost the file to hold it; then dismiss it or post it knowingly."
        elif not self.preview:
            text = "Nothing held."
        self.detail.setText(text)
        actionable = item is not None and not self.preview and item.id is not None
        self.dismiss_button.setEnabled(actionable)
        self.post_button.setEnabled(actionable and bool(item and item.can_post_knowingly))
        self.recheck_button.setEnabled(actionable and bool(item and item.kind != "duplicate"))

    @Slot()
    def dismiss(self) -> None:
        item = self.current_item()
        if item is None or item.id is None or self.preview:
            return
        hold_id = item.id
        jobs.run_op(self, lambda: remit_screen.dismiss(self.db, hold_id),
                    on_success=lambda changes: self._done(
                        changes, f"{item.control_number}: held entry dismissed."))

    @Slot()
    def recheck(self) -> None:
        item = self.current_item()
        if item is None or item.id is None or self.preview:
            return
        hold_id = item.id
        jobs.run_op(self, lambda: remit_match.recheck_hold(self.db, hold_id),
                    on_success=lambda outcome: self._done(
                        outcome[1], f"{item.control_number}: checks passed; posted."))

    @Slot()
    def post_knowingly(self) -> None:
        item = self.current_item()
        if item is None or item.id is None or self.preview or not item.can_post_knowingly:
            return
        if not dialogs.confirm(self, "Post a duplicate payment", (
                f"Post {item.paid:,.2f} on claim {item.control_number} although the payer "
                f"already paid it? It becomes a credit balance owed back to the payer, with a "
                f"refund task."), yes="Post knowingly"):
            return
        hold_id = item.id
        jobs.run_op(self, lambda: remit_screen.post_knowingly(self.db, hold_id),
                    on_success=lambda outcome: self._done(
                        outcome[1], f"{item.control_number}: posted knowingly; credit "
                                    f"{outcome[0].amount:,.2f} owed to the payer."))

    def _done(self, changes: Any, text: str) -> None:
        self.bus.publish(changes)
        self.message.emit(text)
        self.reload()

    def save_state(self) -> None:
        self.table.save_state()
