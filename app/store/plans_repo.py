"""Storage of payment plans and collection accounts, and the patient-payment reads they need."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import NotFound
from app.domain.payment_plans import PaymentPlan
from app.store import tables as t
from app.store.id_lists import in_ids


def _plan(row: t.PaymentPlanRow) -> PaymentPlan:
    return PaymentPlan(id=row.id, patient_id=row.patient_id, monthly_amount=row.monthly_amount,
                       plan_total=row.plan_total, first_due=row.first_due,
                       created_on=row.created_on, state=row.state)


def plans(session: Session, *, patient_ids: Iterable[int] | None = None,
          active_only: bool = True) -> list[PaymentPlan]:
    """Payment plans (active ones by default), oldest first."""
    stmt = select(t.PaymentPlanRow).order_by(t.PaymentPlanRow.id)
    if active_only:
        stmt = stmt.where(t.PaymentPlanRow.state == "active")
    if patient_ids is not None:
        stmt = stmt.where(in_ids(t.PaymentPlanRow.patient_id, sorted(set(patient_ids))))
    return [_plan(r) for r in session.scalars(stmt)]


def add_plan(session: Session, patient_id: int, monthly: Decimal, total: Decimal,
             first_due: date, created_on: date, note: str = "") -> PaymentPlan:
    """Store a new active plan."""
    row = t.PaymentPlanRow(patient_id=patient_id, monthly_amount=monthly, plan_total=total,
                           first_due=first_due, created_on=created_on, state="active",
                           note=note, created_at=datetime.now())
    session.add(row)
    session.flush()
    return _plan(row)


def set_plan_state(session: Session, plan_id: int, state: str) -> PaymentPlan:
    """Cancel or complete a plan.

    Raises:
        NotFound: no plan has that id.
    """
    row = session.get(t.PaymentPlanRow, plan_id)
    if row is None:
        raise NotFound(f"There is no payment plan {plan_id}.")
    row.state = state
    session.flush()
    return _plan(row)


def patient_payments(session: Session, patient_ids: Iterable[int],
                     ) -> dict[int, list[tuple[date, Decimal]]]:
    """Patient-side payment entries (voids negative) per patient, oldest first."""
    stmt = (select(t.LedgerEntryRow.patient_id, t.LedgerEntryRow.posted_on,
                   t.LedgerEntryRow.amount)
            .where(in_ids(t.LedgerEntryRow.patient_id, sorted(set(patient_ids))),
                   t.LedgerEntryRow.kind == "payment", t.LedgerEntryRow.account == "patient")
            .order_by(t.LedgerEntryRow.posted_on, t.LedgerEntryRow.id))
    out: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    for pid, on, amount in session.execute(stmt):
        out[pid].append((on, amount))
    return dict(out)
