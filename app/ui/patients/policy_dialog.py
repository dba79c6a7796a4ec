"""Add or edit an insurance policy.

The subscriber section is live when the patient is not the subscriber.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QWidget

from app.domain.patients import Policy, PolicyOrder, Relationship
from app.domain.practice import Payer
from app.services import patients
from app.ui.changes import ChangeBus
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.presenters.form_values import Kind
from app.ui.presenters.patient_detail import ORDER_LABELS, RELATIONSHIP_LABELS, SEX_LABELS
from app.ui.widgets.fields import (
    add_row,
    address_grid,
    combo,
    date_line,
    line,
    make_form,
    money_line,
)


def payer_combo(payers: list[Payer], current: int | None = None) -> QComboBox:
    """Active payers (plus the current one even when inactive), by name."""
    items = [(p.name, p.id) for p in payers if p.active or p.id == current]
    return combo([("", None), *items], 240)


class PolicyDialog(RecordDialog):
    def __init__(self, parent: QWidget | None, bus: ChangeBus, db: Any, patient_id: int,
                 payers: list[Payer], policy: Policy | None = None) -> None:
        title = "Edit policy" if policy else "Add policy"
        super().__init__(parent, bus, title, "Policy",
                         lambda data: patients.save_policy(db, data), "policy_dialog", Policy)
        self.patient_id = patient_id
        self.relationship = combo([(label, r.value) for r, label in RELATIONSHIP_LABELS.items()])
        columns = QHBoxLayout()
        columns.addWidget(self._policy_box(payers, policy), 1)
        columns.addWidget(self._subscriber_box(), 1)
        self.body.addLayout(columns)
        self.binder.optional_group("subscriber", self.has_subscriber)
        self.relationship.currentIndexChanged.connect(self._relationship_changed)
        if policy is not None:
            self.binder.write(policy)
        else:
            self.binder.write({"effective_date": date.today(), "order": PolicyOrder.PRIMARY,
                               "relationship": Relationship.SELF})
        self._relationship_changed()
        self.restore_size()

    def _policy_box(self, payers: list[Payer], policy: Policy | None) -> QGroupBox:
        box = QGroupBox("Policy")
        form = make_form()
        b = self.binder
        add_row(form, b, "&Payer:", "payer_id", payer_combo(payers, policy and policy.payer_id))
        add_row(form, b, "&Order:", "order", combo(
            [(label, o.value) for o, label in ORDER_LABELS.items()]))
        add_row(form, b, "&Member ID:", "member_id", line("As on the card", 220, 30))
        add_row(form, b, "&Group number:", "group_number", line("", 220, 30))
        add_row(form, b, "Group &name:", "group_name", line("", None, 60))
        add_row(form, b, "&Relationship:", "relationship", self.relationship)
        add_row(form, b, "&Effective:", "effective_date", date_line(), Kind.DATE)
        add_row(form, b, "&Termination:", "termination_date", date_line(), Kind.OPTIONAL_DATE)
        add_row(form, b, "&Copay:", "copay", money_line(), Kind.MONEY)
        box.setLayout(form)
        return box

    def _subscriber_box(self) -> QGroupBox:
        self.subscriber_box = QGroupBox("Subscriber (policy holder)")
        form = make_form()
        b = self.binder
        add_row(form, b, "Last name:", "subscriber.last_name", line("", None, 60))
        add_row(form, b, "First name:", "subscriber.first_name", line("", None, 35))
        add_row(form, b, "Middle:", "subscriber.middle_name", line("", 160, 25))
        add_row(form, b, "Suffix:", "subscriber.suffix", line("Jr, III", 80, 10))
        add_row(form, b, "Date of birth:", "subscriber.birth_date", date_line(), Kind.DATE)
        add_row(form, b, "Sex:", "subscriber.sex", combo(
            [(label, s.value) for s, label in SEX_LABELS.items()], 120))
        form.addRow("Address:", address_grid(b, "subscriber.address"))
        add_row(form, b, "Phone:", "subscriber.phone", line("(555) 555-0100", 160), Kind.PHONE)
        self.subscriber_box.setLayout(form)
        return self.subscriber_box

    def has_subscriber(self) -> bool:
        return self.relationship.currentData() != Relationship.SELF.value

    @Slot()
    def _relationship_changed(self) -> None:
        enabled = self.has_subscriber()
        self.subscriber_box.setEnabled(enabled)
        self.subscriber_box.setToolTip("" if enabled else
                                       "The patient is the subscriber; nothing to enter here.")

    def extra_values(self, data: dict[str, Any]) -> dict[str, Any]:
        return {**data, "patient_id": self.patient_id}
