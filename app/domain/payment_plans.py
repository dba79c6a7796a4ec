"""Payment plans: a patient balance paid as an amount per month from a first due date.

Installment k (0-based) is due ``first_due`` plus k months (the day clamped to the month's
end); the amount owed by a due date is ``min((k + 1) * monthly, plan_total)``. Patient
payments posted on or after the plan's start count towards it, oldest first; a plan is behind
when, after a due date has passed, the payments to date are less than what was owed by it.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from app.domain.money import ZERO, format_money


@dataclass(frozen=True)
class PaymentPlan:
    """A stored plan."""

    id: int
    patient_id: int
    monthly_amount: Decimal
    plan_total: Decimal
    first_due: date
    created_on: date
    state: str = "active"


@dataclass(frozen=True)
class MissedPlanPayment:
    """A plan whose due date passed without enough patient payments."""

    plan_id: int
    patient_id: int
    due_date: date  # the first installment not covered
    owed_by_now: Decimal  # what the plan asked for up to the last passed due date
    paid: Decimal  # patient payments since the plan started
    behind: Decimal  # owed_by_now - paid


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def installments(plan: PaymentPlan) -> list[tuple[date, Decimal]]:
    """Every due date with the cumulative amount owed by it (the last one owes the total)."""
    out: list[tuple[date, Decimal]] = []
    owed, k = ZERO, 0
    while owed < plan.plan_total:
        owed = min(owed + plan.monthly_amount, plan.plan_total)
        out.append((add_months(plan.first_due, k), owed))
        k += 1
    return out


def paid_toward(plan: PaymentPlan, payments: Iterable[tuple[date, Decimal]],
                until: date) -> Decimal:
    """Patient payments from the plan's start to ``until`` (voids count negative)."""
    return sum((a for on, a in payments if plan.created_on <= on <= until), ZERO)


def next_due(plan: PaymentPlan, paid: Decimal, today: date) -> tuple[date, Decimal] | None:
    """The next installment on or after ``today`` (with any arrears), or None when paid off."""
    if paid >= plan.plan_total:
        return None
    for due, owed in installments(plan):
        if owed > paid and due >= today:
            return due, owed - paid
    return today, plan.plan_total - paid  # every due date passed: the rest is due now


def statement_line(plan: PaymentPlan, paid: Decimal, statement_date: date) -> str:
    """``Payment plan: $50.00 due on 03/01/2026`` (empty when the plan is paid off)."""
    nxt = next_due(plan, paid, statement_date)
    if nxt is None:
        return ""
    due, amount = nxt
    return f"Payment plan: ${format_money(amount)} due on {due:%m/%d/%Y}"


def missed(plan: PaymentPlan, payments: list[tuple[date, Decimal]],
           today: date) -> MissedPlanPayment | None:
    """The plan's shortfall when a due date before ``today`` was not met, else None."""
    passed = [(due, owed) for due, owed in installments(plan) if due < today]
    if not passed:
        return None
    paid = paid_toward(plan, payments, today)
    owed_now = passed[-1][1]
    if paid >= owed_now:
        return None
    first = next(due for due, owed in passed if paid < owed)
    return MissedPlanPayment(plan.id, plan.patient_id, first, owed_now, paid, owed_now - paid)


def days_late(item: MissedPlanPayment, today: date) -> int:
    """How many days ago the first uncovered installment was due."""
    return (today - item.due_date) // timedelta(days=1)
