"""The Today page: every work queue in one ranked, keyboard-driven list.

Up/Down move, Enter opens the screen and field that fixes the item, S snoozes it (date and
reason), D or Del marks it done where that applies. Items leave the list when their condition
clears; the list reloads on every change.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QItemSelection, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.changes import Changes
from app.domain.today import TodayItem
from app.services import today
from app.ui import actions, jobs
from app.ui.changes import ChangeBus
from app.ui.models.columns import ALIGN_RIGHT, Column, money_column
from app.ui.models.table_model import RowTableModel
from app.ui.today import export, snooze_dialog
from app.ui.widgets.page import Page
from app.ui.widgets.table import DataTable

KIND_LABELS = {
    "coding": "To code", "query": "Provider query", "scrub": "Scrub failure",
    "held_claim": "Held claim", "rejection": "Rejected", "timely": "Timely filing",
    "denial": "Denial", "no_answer": "No answer", "refund": "Refund",
    "held_remit": "Held remittance", "statement": "Statement due",
}


def _days(item: TodayItem) -> str:
    return "" if item.days_left is None else str(item.days_left)


COLUMNS = [
    Column("score", "Score", 60, ALIGN_RIGHT, lambda v: f"{v:.0f}"),
    Column("kind", "Queue", 110, formatter=lambda v: KIND_LABELS.get(v, v)),
    Column("title", "Item", 260),
    money_column("amount", "Amount"),
    Column("days_left", "Days left", 70, ALIGN_RIGHT, getter=lambda i: _days(i),
           tooltip="Days before the deadline (negative: past it)"),
    Column("reason", "Reason", 380),
    Column("next_action", "Next action", 220),
]


class TodayPage(Page):
    title = "Today"
    watches = ("claims", "charges", "payments", "patients", "encounters", "settings")
    open_requested = Signal(object)  # TodayTarget
    message = Signal(str)

    def __init__(self, db: object, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(db, bus, parent)
        self.busy = False
        self.model = RowTableModel(COLUMNS, self)
        self.table = DataTable("today_list", self)
        self.table.setObjectName("today_table")
        self.table.set_model(self.model, COLUMNS)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.activated.connect(lambda _i: self.open_current())  # double-click too
        self.summary = QLabel()
        self.summary.setObjectName("today_summary")
        self.detail = QLabel()
        self.detail.setObjectName("today_detail")
        self.detail.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for name, slot in self._slots().items():
            action = actions.make_action(self.table, name, slot, widget_scope=True)
            button = QPushButton(action.text().replace("...", "").replace("&&", "&"))
            button.setObjectName(f"{name}_button")
            button.setToolTip(action.toolTip())
            button.clicked.connect(slot)
            if name != "today_done_delete":
                bar.addWidget(button)
                self.buttons[name] = button
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(bar)

    def _slots(self) -> dict[str, Callable[[], None]]:
        return {"today_open": self.open_current, "today_snooze": self.snooze,
                "today_done": self.mark_done, "today_done_delete": self.mark_done,
                "list_export_csv": self.export}

    # list ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        super().refresh()
        keep = self.current_item()
        row = self.table.currentIndex().row()
        items = today.today_items(self.db)  # type: ignore[arg-type]
        self.model.set_rows(items)
        total = sum((i.amount for i in items), Decimal("0"))
        self.summary.setText(f"{len(items)} item(s) to work, {total:,.2f} at stake, highest "
                             "score first (money x urgency)." if items else
                             "Nothing to do: every queue is empty.")
        keys = [i.key for i in items]
        if keep is not None and keep.key in keys:
            row = keys.index(keep.key)
        self.table.select_row(min(max(row, 0), len(items) - 1))
        self._update()

    def current_item(self) -> TodayItem | None:
        row = self.table.currentIndex().row()
        return self.model.row_at(row) if 0 <= row < self.model.rowCount() else None

    @Slot(QItemSelection, QItemSelection)
    def _selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._update()

    def _update(self) -> None:
        item = self.current_item()
        self.detail.setText(f"{item.reason} → {item.next_action}" if item else "")
        for name, button in self.buttons.items():
            enabled = item is not None and not self.busy
            if name == "today_done":
                enabled = enabled and item is not None and item.can_mark_done
            button.setEnabled(enabled or name == "list_export_csv")

    def focus_search(self) -> None:
        self.table.setFocus()

    def save_state(self) -> None:
        self.table.save_state()

    # actions ------------------------------------------------------------------------------
    @Slot()
    def open_current(self) -> None:
        item = self.current_item()
        if item is not None:
            self.open_requested.emit(item.target)

    @Slot()
    def snooze(self) -> None:
        item = self.current_item()
        if item is None or self.busy:
            return
        answer = snooze_dialog.ask_snooze(self, f"Hide “{item.title}” until:")
        if answer is not None:
            until, reason = answer
            self._run(lambda: today.snooze(self.db, item.key, until, reason),  # type: ignore[arg-type]
                      f"Snoozed until {until:%m/%d/%Y}: {item.title}")

    @Slot()
    def mark_done(self) -> None:
        item = self.current_item()
        if item is None or self.busy:
            return
        self._run(lambda: today.mark_done(self.db, item), f"Done: {item.title}")  # type: ignore[arg-type]

    @Slot()
    def export(self) -> None:
        path = export.export_csv(self, self.model, "today")
        if path is not None:
            self.message.emit(f"Exported {self.model.rowCount()} item(s) to {path}")

    def _run(self, work: Callable[[], Changes], text: str) -> None:
        self.busy = True
        self._update()
        jobs.run_op(self, work, on_success=lambda changes: self._finished(changes, text),
                    on_failure=self._failed)

    def _finished(self, changes: Any, text: str) -> None:
        self.busy = False
        self.message.emit(text)
        self.bus.publish(changes)
        self.refresh()
        self.table.setFocus()

    def _failed(self, _exc: BaseException) -> bool:
        self.busy = False
        self._update()
        return False
