"""The denial queue: every denied or underpaid line, routed to the step that can fix it.

Filter by owner; act on the selected item: send back to coding, correct and resubmit (a
replacement claim), appeal (the letter PDF is saved, then the claim is marked appealed), write
off with a reason, transfer to the patient, snooze until a date, or look at the EOB.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import paths
from app.domain.changes import Changes
from app.services import appeals, denials, eob
from app.services.denials import DenialItem
from app.ui import actions, dialogs, jobs, ui_state
from app.ui.batches import prompts
from app.ui.batches.tip_model import TipTableModel
from app.ui.changes import ChangeBus
from app.ui.models.columns import Column, date_column, money_column
from app.ui.presenters.remit_eob import enabled_actions, owner_filter_items
from app.ui.widgets.table import DataTable

DENIAL_COLUMNS: list[Column] = [
    Column("control_number", "Claim", 96),
    Column("reason", "Reason", 80, getter=lambda d: f"{d.group_code}-{d.reason_code}"),
    Column("remark_codes", "Remarks", 70),
    Column("owner", "Owner", 170, formatter=eob.owner_label),
    money_column("amount", "Amount", 84),
    date_column("deadline", "Deadline", 86),
    Column("overdue", "Due", 70, formatter=lambda o: "OVERDUE" if o else ""),
    Column("patient", "Patient", 150),
    Column("payer", "Payer", 140),
    date_column("date_of_service", "DOS", 86),
    Column("state", "State", 70, formatter=lambda s: str(s).capitalize()),
    Column("explanation", "Explanation", 300),
]
#: (action name in the shortcut table, key in ``enabled_actions``, button text)
BUTTONS: tuple[tuple[str, str, str], ...] = (
    ("denial_to_coding", "to_coding", "Send to &coding"),
    ("denial_resubmit", "resubmit", "Correct && &resubmit"),
    ("denial_appeal", "appeal", "&Appeal..."),
    ("denial_write_off", "write_off", "&Write off..."),
    ("denial_to_patient", "to_patient", "Bill &patient..."),
    ("denial_snooze", "snooze", "Sn&ooze..."),
    ("denial_eob", "eob", "&EOB"),
)


class DenialsView(QWidget):
    message = Signal(str)
    eob_requested = Signal(int, str)  # claim id, control number

    def __init__(self, db: Any, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.owner = QComboBox()
        self.owner.setObjectName("denial_owner")
        for label, code in owner_filter_items():
            self.owner.addItem(label, code)
        self.owner.currentIndexChanged.connect(self.reload)
        self.count_label = QLabel()
        self.model = TipTableModel(DENIAL_COLUMNS, self)
        self.table = DataTable("remit_denials", self)
        self.table.setObjectName("denials_table")
        self.table.set_model(self.model, DENIAL_COLUMNS)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.buttons: dict[str, QPushButton] = {}
        self.busy = False
        self._build_layout()

    def _slots(self) -> dict[str, Callable[[], None]]:
        return {"to_coding": self.send_to_coding, "resubmit": self.resubmit,
                "appeal": self.appeal, "write_off": self.write_off,
                "to_patient": self.transfer_to_patient, "snooze": self.snooze,
                "eob": self.show_eob}

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        owner_label = QLabel("&Owner:")
        owner_label.setBuddy(self.owner)
        top.addWidget(owner_label)
        top.addWidget(self.owner)
        top.addWidget(self.count_label, 1)
        bar = QGridLayout()  # two rows: the page stays narrow enough for small windows
        slots = self._slots()
        for n, (name, key, text) in enumerate(BUTTONS):
            action = actions.make_action(self, name, slots[key], widget_scope=True)
            button = QPushButton(text)
            button.setObjectName(f"{name}_button")
            button.setToolTip(action.toolTip())
            button.clicked.connect(slots[key])
            self.buttons[key] = button
            bar.addWidget(button, n // 4, n % 4)
        bar.setColumnStretch(4, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)

    # list ---------------------------------------------------------------------------------
    @Slot()
    def reload(self) -> None:
        keep = self.table.current_id()
        at = self.model.row_of_id(keep) if keep is not None else -1
        items = denials.work_queue(self.db, self.owner.currentData())
        self.model.set_rows(items)
        total = sum((i.amount for i in items), Decimal("0.00"))
        overdue = sum(1 for i in items if i.overdue)
        self.count_label.setText(f"{len(items)} open item(s), {total:,.2f} denied"
                                 + (f", {overdue} overdue" if overdue else ""))
        row = self.model.row_of_id(keep) if keep is not None else -1
        if row < 0:  # the item was worked: stay at its place (the next one), not the top
            row = min(max(at, 0), len(items) - 1)
        self.table.select_row(max(row, 0))
        self._update_buttons()

    def set_owner(self, code: str | None) -> None:
        self.owner.setCurrentIndex(max(self.owner.findData(code), 0))

    def current_item(self) -> DenialItem | None:
        item_id = self.table.current_id()
        row = self.model.row_of_id(item_id) if item_id is not None else -1
        return self.model.row_at(row) if row >= 0 else None

    @Slot(QItemSelection, QItemSelection)
    def _selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        allowed = enabled_actions(self.current_item()) if not self.busy else set()
        for key, button in self.buttons.items():
            button.setEnabled(key in allowed)

    # actions ------------------------------------------------------------------------------
    def _run(self, work: Callable[[], Any], done: Callable[[Any], str]) -> None:
        self.busy = True
        self._update_buttons()
        jobs.run_op(self, work, on_success=lambda result: self._finished(result, done),
                    on_failure=self._failed)

    def _finished(self, result: Any, done: Callable[[Any], str]) -> None:
        self.busy = False
        changes = result if isinstance(result, Changes) else result[1]
        self.message.emit(done(result))
        self.bus.publish(changes)
        self.reload()

    def _failed(self, _exc: BaseException) -> bool:
        self.busy = False
        self._update_buttons()
        return False

    def _item(self, key: str) -> DenialItem | None:
        item = self.current_item()
        return item if key in enabled_actions(item) and not self.busy else None

    @Slot()
    def send_to_coding(self) -> None:
        if (item := self._item("to_coding")) is not None:
            self._run(lambda: denials.send_to_coding(self.db, item.id),
                      lambda _r: f"Claim {item.control_number}: the visit is back in coding.")

    @Slot()
    def resubmit(self) -> None:
        if (item := self._item("resubmit")) is not None:
            self._run(lambda: denials.resubmit_corrected(self.db, item.id),
                      lambda r: f"Replacement claim {r[0]} built for {item.control_number}; "
                                "correct it in Billing and send it.")

    @Slot()
    def appeal(self) -> None:
        if (item := self._item("appeal")) is None:
            return
        request = dialogs.edit_text(
            self, "Appeal letter", f"Our request for {item.group_code}-{item.reason_code} on "
            f"claim {item.control_number} (edit before saving):",
            appeals.request_text(self.db, item.id))
        if request is None:
            return
        folder = Path(ui_state.last_folder("appeals", str(paths.exports_dir())))
        path = dialogs.ask_save_path(self, "Save the appeal letter",
                                     folder / f"appeal-{item.control_number}.pdf",
                                     "PDF files (*.pdf)")
        if path is None:
            return
        ui_state.set_last_folder("appeals", str(path.parent))
        self._run(lambda: appeals.write_appeal(self.db, item.id, path,
                                                   request=request),
                  lambda r: f"Appeal letter saved: {r[0]}; claim {item.control_number} is "
                            "marked appealed.")

    @Slot()
    def write_off(self) -> None:
        if (item := self._item("write_off")) is None:
            return
        amount = dialogs.ask_amount(self, "Write off", f"Amount to write off on claim "
                                    f"{item.control_number} (denied {item.amount:,.2f}):",
                                    item.amount)
        if amount is None:
            return
        reason = prompts.ask_reason(self, "Write off", f"Note for writing off {amount:,.2f}:",
                                    "denial accepted")
        if reason is not None:
            self._run(lambda: denials.write_off(self.db, item.id, reason, amount),
                      lambda _r: f"Claim {item.control_number}: {amount:,.2f} written off "
                                 f"({reason}).")

    @Slot()
    def transfer_to_patient(self) -> None:
        if (item := self._item("to_patient")) is None:
            return
        reason = prompts.ask_reason(self, "Bill the patient",
                                    f"Why does the patient owe {item.amount:,.2f} on claim "
                                    f"{item.control_number}? (e.g. signed waiver)")
        if reason is not None:
            self._run(lambda: denials.transfer_to_patient(self.db, item.id, reason),
                      lambda _r: f"Claim {item.control_number}: {item.amount:,.2f} moved to "
                                 "the patient.")

    @Slot()
    def snooze(self) -> None:
        if (item := self._item("snooze")) is None:
            return
        until = prompts.ask_date(self, "Snooze", f"Hide the item on claim "
                                 f"{item.control_number} until:")
        if until is not None and until <= date.today():
            self.message.emit("Snooze needs a date after today; nothing changed.")
        elif until is not None:
            self._run(lambda: denials.snooze(self.db, item.id, until),
                      lambda _r: f"Claim {item.control_number}: snoozed until "
                                 f"{until:%m/%d/%Y}.")

    @Slot()
    def show_eob(self) -> None:
        item = self.current_item()
        if item is not None:
            self.eob_requested.emit(item.claim_id, item.control_number)

    def save_state(self) -> None:
        self.table.save_state()
