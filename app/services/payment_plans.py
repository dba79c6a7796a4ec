"""Payment plans: set one up for a patient balance, show it on statements, follow up misses.

``missed_plan_payments(db, today)`` is the query the Today work queue reads: plans whose due
date passed without enough patient payments since the plan started.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from app.domain.changes import Changes
from app.domain.errors import Problem, UserError, ValidationFailed
from app.domain.ledger import patient_balance
from app.domain.payment_plans import (
    MissedPlanPayment,
    PaymentPlan,
    missed,
    paid_toward,
    statement_line,
)
from app.store import plans_repo
from app.store import repository as repo
from app.store.database import Database, UnitOfWork

SOURCE = "Payment plan"


def _check(monthly: Decimal, total: Decimal, balance: Decimal) -> None:
    problems = []
    if monthly <= 0:
        problems.append(Problem(SOURCE, "monthly_amount", "The monthly amount must be above 0."))
    if balance <= 0:
        problems.append(Problem(SOURCE, "patient", "The patient owes nothing to plan."))
    elif total <= 0 or total > balance:
        problems.append(Problem(SOURCE, "plan_total",
                                f"The plan total must be above 0 and at most the balance "
                                f"{balance:,.2f}."))
    if problems:
        raise ValidationFailed(problems)


def create_plan(db: Database, patient_id: int, monthly_amount: Decimal, first_due: date, *,
                total: Decimal | None = None, today: date | None = None,
                note: str = "") -> tuple[PaymentPlan, Changes]:
    """Set up a plan for the patient's balance (or part of it).

    Args:
        db: the practice database.
        patient_id: whose balance.
        monthly_amount: the amount due each month.
        first_due: the first due date.
        total: the amount the plan covers (default: the whole patient balance).
        today: the plan's start (payments from then on count towards it).
        note: free text.

    Raises:
        ValidationFailed: a bad amount, or nothing owed.
        UserError: the patient already has an active plan.
    """
    with UnitOfWork(db) as uow:
        repo.get_patient(uow.session, patient_id)
        balance = patient_balance(repo.entries_for(uow.session, patient_id=patient_id))
        plan_total = balance if total is None else total
        _check(monthly_amount, plan_total, balance)
        if plans_repo.plans(uow.session, patient_ids=[patient_id]):
            raise UserError("This patient already has an active payment plan.",
                            hint="Cancel it first to set up a new one.")
        plan = plans_repo.add_plan(uow.session, patient_id, monthly_amount, plan_total,
                                   first_due, today or date.today(), note)
        uow.commit()
    return plan, Changes(patients=True)


def cancel_plan(db: Database, plan_id: int) -> tuple[PaymentPlan, Changes]:
    """Cancel an active plan (statements stop showing it).

    Raises:
        NotFound: no such plan.
    """
    with UnitOfWork(db) as uow:
        plan = plans_repo.set_plan_state(uow.session, plan_id, "cancelled")
        uow.commit()
    return plan, Changes(patients=True)


def active_plans(db: Database) -> list[PaymentPlan]:
    """Every active plan."""
    with db.reading() as session:
        return plans_repo.plans(session)


def plan_lines(session: Any, patient_ids: list[int], statement_date: date) -> str:
    """The statement line of the patients' active plans (``Payment plan: $X due on D``)."""
    found = plans_repo.plans(session, patient_ids=patient_ids)
    if not found:
        return ""
    payments = plans_repo.patient_payments(session, [p.patient_id for p in found])
    lines = [statement_line(p, paid_toward(p, payments.get(p.patient_id, []), statement_date),
                            statement_date) for p in found]
    return "; ".join(line for line in lines if line)


def missed_plan_payments(db: Database, today: date) -> list[MissedPlanPayment]:
    """Active plans whose due date passed without enough patient payments, oldest miss first.

    Args:
        db: the practice database.
        today: due dates before this day count as passed.
    """
    with db.reading() as session:
        found = plans_repo.plans(session)
        payments = plans_repo.patient_payments(session, [p.patient_id for p in found])
    out = [m for p in found if (m := missed(p, payments.get(p.patient_id, []), today))]
    return sorted(out, key=lambda m: (m.due_date, m.plan_id))
