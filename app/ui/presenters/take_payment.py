"""The "Take payment" dialog's state and rules, without Qt.

Opened at check-in (the patient has a visit today) it defaults to a copay on today's visit;
otherwise to the oldest open balance. The payment key is made once when the dialog opens, so a
second click (or a retry after an error) cannot take the money twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from app.domain.errors import Problem
from app.domain.money import format_money, parse_money
from app.domain.patient_payments import OpenVisit, PatientPaymentMethod, plan_allocation
from app.ui.presenters.form_values import format_date

METHOD_LABELS: dict[PatientPaymentMethod, str] = {
    PatientPaymentMethod.CASH: "Cash", PatientPaymentMethod.CHECK: "Check",
    PatientPaymentMethod.CARD: "Card",
    PatientPaymentMethod.ACH: "ACH / bank",
}
OLDEST, VISITS = "oldest", "visits"
SOURCE = "Take payment"


@dataclass(frozen=True)
class VisitChoice:
    """One visit the payment can go to."""

    encounter_id: int
    label: str
    today: bool


def visit_label(v: OpenVisit, today: date) -> str:
    """``03/05/2025  visit 12  owes 40.00`` (or ``today`` / ``credit``)."""
    when = "today" if v.service_date == today else format_date(v.service_date)
    if v.balance > 0:
        money = f"owes {format_money(v.balance)}"
    elif v.balance < 0:
        money = f"credit {format_money(-v.balance)}"
    else:
        money = "nothing owed yet"
    return f"{when}  ·  visit {v.encounter_id}  ·  {money}"


@dataclass
class TakePaymentPresenter:
    """Everything the dialog shows and sends."""

    patient_id: int
    visits: list[OpenVisit]
    today: date
    amount_text: str = ""
    method: PatientPaymentMethod = PatientPaymentMethod.CARD
    reference: str = ""
    received_on: date | None = None
    mode: str = OLDEST
    chosen: set[int] = field(default_factory=set)
    key: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __post_init__(self) -> None:
        self.received_on = self.received_on or self.today
        todays = [v.encounter_id for v in self.visits if v.service_date == self.today]
        if todays:
            self.mode, self.chosen = VISITS, {todays[0]}

    @property
    def at_check_in(self) -> bool:
        """The patient has a visit today: the payment is a copay on it by default."""
        return any(v.service_date == self.today for v in self.visits)

    def choices(self) -> list[VisitChoice]:
        """The visits to pick from, newest first (today's on top)."""
        ordered = sorted(self.visits, key=lambda v: (v.service_date, v.encounter_id),
                         reverse=True)
        return [VisitChoice(v.encounter_id, visit_label(v, self.today),
                            v.service_date == self.today) for v in ordered]

    def amount(self) -> Decimal | None:
        """The typed amount, or None when it is not an amount above zero."""
        try:
            value = parse_money(self.amount_text)
        except ValueError:
            return None
        return value if value > 0 else None

    def problems(self) -> list[Problem]:
        """What stops the payment from being taken (each names its field)."""
        out = []
        if self.amount() is None:
            out.append(Problem(SOURCE, "amount", "Type the amount paid, such as 25.00."))
        if self.mode == VISITS and not self.chosen:
            out.append(Problem(SOURCE, "visit_ids", "Pick the visit(s) the payment is for."))
        if self.method == PatientPaymentMethod.CHECK and not self.reference.strip():
            out.append(Problem(SOURCE, "reference", "Type the check number."))
        return out

    def preview(self) -> str:
        """Where the money will go, in words."""
        amount = self.amount()
        if amount is None:
            return ""
        chosen = tuple(sorted(self.chosen)) if self.mode == VISITS else ()
        parts = []
        for a in plan_allocation(amount, self.visits, chosen):
            where = f"visit {a.encounter_id}" if a.encounter_id else "credit on account"
            parts.append(f"{format_money(a.amount)} to {where}")
        return "; ".join(parts)

    def request(self) -> dict[str, Any]:
        """The service's ``take_payment`` data (check ``problems()`` first)."""
        return {"payment_key": self.key, "patient_id": self.patient_id,
                "amount": str(self.amount()), "method": self.method.value,
                "channel": "checkin" if self.at_check_in and self.mode == VISITS else "desk",
                "reference": self.reference.strip(), "received_on": self.received_on,
                "visit_ids": tuple(sorted(self.chosen)) if self.mode == VISITS else ()}
