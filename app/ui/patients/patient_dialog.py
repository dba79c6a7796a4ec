"""Patient detail and edit: demographics, policies, eligibility, authorizations, balance.

Opens non-modal; Save keeps it open, Save & Close closes it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QWidget,
)

from app.domain.money import format_money
from app.domain.patients import Patient, Sex
from app.domain.practice import Payer
from app.services import patients, settings
from app.ui import actions
from app.ui.changes import ChangeBus
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.patients.check_dialogs import EligibilityDialog, PriorAuthDialog
from app.ui.patients.detail_tables import (
    AUTH_COLUMNS,
    ELIGIBILITY_COLUMNS,
    POLICY_COLUMNS,
    RecordTable,
)
from app.ui.patients.ledger_tab import LedgerTab
from app.ui.patients.payment_dialog import TakePaymentDialog
from app.ui.patients.policy_dialog import PolicyDialog
from app.ui.presenters import patient_detail as pd
from app.ui.presenters.form_values import Kind
from app.ui.widgets.fields import add_row, address_grid, combo, date_line, line, make_form


class PatientDialog(RecordDialog):
    def __init__(self, parent: QWidget | None, bus: ChangeBus, db: Any,
                 patient_id: int | None = None) -> None:
        super().__init__(parent, bus, "New patient", "Patient",
                         lambda data: patients.save_patient(db, data), "patient_dialog", Patient)
        self.db = db
        self.patient_id = patient_id
        self.detail: patients.PatientDetail | None = None
        self.payers: list[Payer] = []
        self.close_after = False
        self.child: QDialog | None = None
        self.body.addWidget(self._demographics())
        self.body.addWidget(self._tabs(), 1)
        self._buttons()
        if patient_id is None:
            self.binder.write({"account_number": patients.new_account_number(db),
                               "sex": Sex.FEMALE, "active": True})
        self.reload_detail()
        self.resize(980, 680)
        self.restore_size()

    # building -----------------------------------------------------------------------------
    def _demographics(self) -> QWidget:
        box = QGroupBox("Demographics")
        left, right = make_form(), make_form()
        b = self.binder
        add_row(left, b, "&Account:", "account_number", line("", 140, 20))
        add_row(left, b, "&Last name:", "last_name", line("", None, 60))
        add_row(left, b, "&First name:", "first_name", line("", None, 35))
        add_row(left, b, "&Middle:", "middle_name", line("", 180, 25))
        add_row(left, b, "Suffi&x:", "suffix", line("Jr, III", 80, 10))
        add_row(left, b, "&Date of birth:", "birth_date", date_line(), Kind.DATE)
        add_row(left, b, "S&ex:", "sex", combo(
            [(label, s.value) for s, label in pd.SEX_LABELS.items()], 120))
        right.addRow("Address:", address_grid(b, "address"))
        add_row(right, b, "&Phone:", "phone", line("(555) 555-0100", 160), Kind.PHONE)
        add_row(right, b, "E&mail:", "email", line("", None, 80))
        add_row(right, b, "Acti&ve:", "active", QCheckBox("Patient is active"))
        add_row(right, b, "Statement &hold:", "statement_hold",
                QCheckBox("Hold statements for this patient"))
        columns = QHBoxLayout(box)
        columns.addLayout(left, 1)
        columns.addSpacing(12)
        columns.addLayout(right, 1)
        return box

    def _tabs(self) -> QTabWidget:
        self.tabs = QTabWidget()
        self.policies = RecordTable("policies", POLICY_COLUMNS, "&Add policy...",
                                    self.add_policy, self.edit_policy)
        self.checks = RecordTable("eligibility", ELIGIBILITY_COLUMNS, "&Record check...",
                                  self.record_check, None)
        self.auths = RecordTable("auths", AUTH_COLUMNS, "Add a&uthorization...",
                                 self.add_auth, self.edit_auth)
        self.tabs.addTab(self.policies, "Policies")
        self.tabs.addTab(self.checks, "Eligibility checks")
        self.tabs.addTab(self.auths, "Prior authorizations")
        self.ledger = LedgerTab(self.bus, self.db, self)
        self.ledger.take_button.clicked.connect(self.take_payment)
        self.ledger.changed.connect(self.reload_detail)
        self.tabs.addTab(self.ledger, "Ledger (Ctrl+Shift+G)")
        actions.make_action(self, "take_payment", self.take_payment)
        actions.make_action(self, "patient_ledger", self.show_ledger)
        return self.tabs

    def _buttons(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")
        self.balance_label = QLabel()
        self.balance_label.setObjectName("balance_label")
        self.layout().insertWidget(self.layout().count() - 1, self.balance_label)
        close_button = self.buttons.addButton("Save && &Close",
                                              QDialogButtonBox.ButtonRole.ActionRole)
        close_button.setObjectName("save_close_button")
        close_button.setAutoDefault(False)
        close_button.clicked.connect(self.save_and_close)
        actions.make_action(self, "save_close", self.save_and_close)
        if self.patient_id is not None:  # a visit for this patient (New visit form)
            visit = self.buttons.addButton("New &visit...", QDialogButtonBox.ButtonRole.ActionRole)
            visit.setObjectName("patient_new_visit")
            visit.setAutoDefault(False)
            visit.clicked.connect(self.new_visit)
            actions.make_action(self, "new_visit", self.new_visit)

    @Slot()
    def new_visit(self) -> None:
        from app.ui.visits.window_hooks import open_new_visit

        self.visit_dialog = open_new_visit(self, self.bus, self.db, self.patient_id)

    # data ---------------------------------------------------------------------------------
    def reload_detail(self) -> None:
        self.payers = settings.list_payers(self.db)
        names = {p.id or 0: p.name for p in self.payers}
        has_patient = self.patient_id is not None
        self.tabs.setEnabled(has_patient)
        if not has_patient:
            self.balance_label.setText("Save the patient to add policies and authorizations.")
            return
        detail = self.detail = patients.detail(self.db, self.patient_id or 0)
        if not self.binder.is_dirty():
            self.binder.write(detail.patient)
        self.setWindowTitle(f"Patient {detail.patient.display_name} "
                            f"({detail.patient.account_number})")
        self.policies.set_rows(pd.policy_lines(detail.policies, names))
        self.checks.set_rows(pd.eligibility_lines(detail.eligibility_checks, detail.policies,
                                                  names))
        self.auths.set_rows(pd.auth_lines(detail.prior_auths, names))
        self.checks.add_button.setEnabled(bool(detail.policies))
        self.tabs.setTabText(0, f"Policies ({len(detail.policies)})")
        self.tabs.setTabText(1, f"Eligibility checks ({len(detail.eligibility_checks)})")
        self.tabs.setTabText(2, f"Prior authorizations ({len(detail.prior_auths)})")
        self.balance_label.setText(f"<b>Patient balance: {format_money(detail.balance)}</b>")
        self.ledger.load(self.patient_id or 0)

    @Slot()
    def save_and_close(self) -> None:
        self.close_after = True
        self.save()
        if not self.busy:  # conversion problems: nothing was sent
            self.close_after = False

    def _failed(self, exc: BaseException) -> bool:
        self.close_after = False
        return super()._failed(exc)

    def after_save(self, record: Patient) -> None:
        if self.close_after:
            self.done(QDialog.DialogCode.Accepted)
            return
        self.patient_id = record.id
        self.reload_detail()
        self.show_banner("")

    # money --------------------------------------------------------------------------------
    @Slot()
    def take_payment(self) -> TakePaymentDialog | None:
        if self.patient_id is None:
            return None
        dialog = TakePaymentDialog(self, self.bus, self.db, self.patient_id)
        dialog.taken.connect(lambda _result: self.reload_detail())
        dialog.finished.connect(dialog.deleteLater)
        self.child = dialog
        dialog.open()
        return dialog

    @Slot()
    def show_ledger(self) -> None:
        if self.patient_id is not None:
            self.tabs.setCurrentWidget(self.ledger)
            self.ledger.table.setFocus()

    # sub-dialogs --------------------------------------------------------------------------
    def _open_child(self, dialog: QDialog) -> None:
        self.child = dialog
        dialog.saved.connect(lambda _record: self.reload_detail())  # type: ignore[attr-defined]
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    @Slot()
    def add_policy(self) -> None:
        self._open_child(PolicyDialog(self, self.bus, self.db, self.patient_id or 0,
                                      self.payers))

    def edit_policy(self, policy_id: int) -> None:
        policy = next(p for p in self.detail.policies if p.id == policy_id)  # type: ignore[union-attr]
        self._open_child(PolicyDialog(self, self.bus, self.db, self.patient_id or 0,
                                      self.payers, policy))

    @Slot()
    def record_check(self) -> None:
        names = {p.id or 0: p.name for p in self.payers}
        self._open_child(EligibilityDialog(self, self.bus, self.db,
                                           list(self.detail.policies), names))  # type: ignore[union-attr]

    @Slot()
    def add_auth(self) -> None:
        self._open_child(PriorAuthDialog(self, self.bus, self.db, self.patient_id or 0,
                                         self.payers))

    def edit_auth(self, auth_id: int) -> None:
        auth = next(a for a in self.detail.prior_auths if a.id == auth_id)  # type: ignore[union-attr]
        self._open_child(PriorAuthDialog(self, self.bus, self.db, self.patient_id or 0,
                                         self.payers, auth))

    def done(self, result: int) -> None:
        for table in (self.policies, self.checks, self.auths):
            table.save_state()
        self.ledger.table.save_state()
        super().done(result)
