"""Take payment: amount, method, reference, date, apply to the oldest balance or chosen visits.

Keyboard first: the amount has focus, Enter takes the payment. State and rules live in
``app.ui.presenters.take_payment``; the service runs off the GUI thread.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import Problem, ValidationFailed
from app.domain.patient_payments import PatientPaymentMethod, PaymentResult
from app.services import patient_payments
from app.ui import jobs, ui_state
from app.ui.changes import ChangeBus
from app.ui.dialogs.record_dialog import banner_label
from app.ui.presenters import take_payment as tp
from app.ui.presenters.form_values import format_date, parse_date
from app.ui.widgets.fields import buddy_label, combo, date_line, line, make_form, money_line


class TakePaymentDialog(QDialog):
    """Take a patient payment (from the patient window; at check-in a copay on today's visit)."""

    taken = Signal(object)  # PaymentResult

    def __init__(self, parent: QWidget | None, bus: ChangeBus, db: Any, patient_id: int,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("take_payment_dialog")
        self.setWindowTitle("Take payment")
        self.bus, self.db, self.busy = bus, db, False
        self.presenter = tp.TakePaymentPresenter(
            patient_id, patient_payments.open_visits(db, patient_id), today or date.today())
        self.result_: PaymentResult | None = None
        self.banner = banner_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self._form())
        layout.addWidget(self._apply_box(), 1)
        self.preview = QLabel()
        self.preview.setObjectName("payment_preview")
        self.preview.setWordWrap(True)
        layout.addWidget(self.preview)
        self.buttons = QDialogButtonBox()
        self.take_button = self.buttons.addButton("Take &payment",
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.take_button.setObjectName("take_payment_button")
        self.take_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.take)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._sync()
        self.amount.setFocus()
        self.resize(520, 460)
        ui_state.restore_geometry(self, "take_payment_dialog")

    def _form(self) -> Any:
        form = make_form()
        p = self.presenter
        self.amount = money_line()
        self.amount.setObjectName("payment_amount")
        self.method = combo([(label, m.value) for m, label in tp.METHOD_LABELS.items()], 160)
        self.method.setObjectName("payment_method")
        self.method.setCurrentIndex(self.method.findData(p.method.value))
        self.reference = line("Check number, card authorization, ACH trace", None, 50)
        self.reference.setObjectName("payment_reference")
        self.date = date_line()
        self.date.setObjectName("payment_date")
        self.date.setText(format_date(p.received_on))
        for label, widget in (("&Amount:", self.amount), ("&Method:", self.method),
                              ("&Reference:", self.reference), ("&Date received:", self.date)):
            form.addRow(buddy_label(label, widget), widget)
        self.amount.textChanged.connect(self._sync)
        self.method.currentIndexChanged.connect(self._sync)
        self.reference.textChanged.connect(self._sync)
        return form

    def _apply_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.oldest = QRadioButton("&Oldest balance first")
        self.oldest.setObjectName("apply_oldest")
        self.chosen = QRadioButton("C&hosen visits")
        self.chosen.setObjectName("apply_visits")
        group = QButtonGroup(self)
        group.addButton(self.oldest)
        group.addButton(self.chosen)
        row.addWidget(QLabel("Apply to:"))
        row.addWidget(self.oldest)
        row.addWidget(self.chosen)
        row.addStretch(1)
        layout.addLayout(row)
        self.visit_list = QListWidget()
        self.visit_list.setObjectName("payment_visits")
        for choice in self.presenter.choices():
            item = QListWidgetItem(choice.label)
            item.setData(Qt.ItemDataRole.UserRole, choice.encounter_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if choice.encounter_id in
                               self.presenter.chosen else Qt.CheckState.Unchecked)
            self.visit_list.addItem(item)
        layout.addWidget(self.visit_list)
        (self.chosen if self.presenter.mode == tp.VISITS else self.oldest).setChecked(True)
        self.oldest.toggled.connect(self._sync)
        self.visit_list.itemChanged.connect(self._sync)
        return box

    @Slot()
    def _sync(self) -> None:
        p = self.presenter
        if not hasattr(self, "visit_list"):
            return
        p.amount_text = self.amount.text()
        p.method = PatientPaymentMethod(self.method.currentData())
        p.reference = self.reference.text()
        p.mode = tp.OLDEST if self.oldest.isChecked() else tp.VISITS
        p.chosen = {int(self.visit_list.item(i).data(Qt.ItemDataRole.UserRole))
                    for i in range(self.visit_list.count())
                    if self.visit_list.item(i).checkState() == Qt.CheckState.Checked}
        self.visit_list.setEnabled(p.mode == tp.VISITS)
        text = p.preview()
        check_in = "Copay at check-in.  " if p.at_check_in and p.mode == tp.VISITS else ""
        self.preview.setText(f"{check_in}{text}" if text else check_in)

    @Slot()
    def take(self) -> None:
        if self.busy:
            return
        self._sync()
        p = self.presenter
        p.received_on = parse_date(self.date.text()) or p.received_on
        problems = p.problems()
        if problems:
            self._show(problems)
            return
        self.busy = True
        self.take_button.setEnabled(False)
        data = p.request()
        jobs.run_op(self, lambda: patient_payments.take_payment(self.db, data),
                    on_success=self._taken, on_failure=self._failed)

    def _show(self, problems: list[Problem]) -> None:
        self.banner.setText("Nothing was taken:\n" + "\n".join(x.message for x in problems))
        self.banner.show()

    def _taken(self, outcome: tuple[PaymentResult, Any]) -> None:
        self.busy = False
        result, changes = outcome
        self.result_ = result
        self.bus.publish(changes)
        self.taken.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> bool:
        self.busy = False
        self.take_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self._show(exc.problems)
            return True
        self.banner.setText("Nothing was taken. What you typed is still here.")
        self.banner.show()
        return False

    def done(self, result: int) -> None:
        ui_state.save_geometry(self, "take_payment_dialog")
        super().done(result)
