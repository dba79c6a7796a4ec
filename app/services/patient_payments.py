"""Patient payments: take, void, apply credit, list.

Payments come at check-in (a copay, a prepayment) or later (mail, phone, portal); a patient's
credit goes to what the patient owes.

Each write is one unit of work. Taking a payment is idempotent by its client key: the same key
again returns the first payment and writes nothing. Credit is *offered*, not applied behind the
biller's back: ``open_credit`` tells the screens there is credit and open balances, and
``apply_credit`` (a button, ``payments apply-credit``) moves it, oldest visit first.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from app.domain.base import build
from app.domain.changes import Changes
from app.domain.errors import Problem, UserError, ValidationFailed
from app.domain.ledger import Account, EntryKind, LedgerEntry
from app.domain.money import ZERO
from app.domain.patient_payments import (
    Allocation,
    CreditMove,
    OpenLine,
    OpenVisit,
    PatientPaymentLine,
    PatientPaymentMethod,
    PaymentRequest,
    PaymentResult,
    line_balances,
    plan_allocation,
    plan_credit_moves,
    plan_line_allocation,
)
from app.store import payments_repo as pay
from app.store import repository as repo
from app.store.database import Database, UnitOfWork
from app.store.statement_source import patient_visits

PAYMENTS = Changes(payments=True)
_SOURCE = "Patient payment"


class AlreadyVoided(UserError):
    """This payment is already voided; a payment is voided once."""


class KeyReused(UserError):
    """This payment key was already used for a different payment; nothing was saved."""


def _balances(session: Any, patient_id: int) -> tuple[list[OpenVisit], Decimal]:
    """The patient's visits with their patient balance, and the unapplied credit."""
    visits, unapplied = [], ZERO
    for v in patient_visits(session, patient_id):
        if v.encounter_id is None:
            unapplied = max(-v.balance, ZERO)
        else:
            visits.append(OpenVisit(v.encounter_id, v.service_date, v.balance))
    return visits, unapplied


def _check_visits(session: Any, req: PaymentRequest) -> None:
    problems = [Problem(_SOURCE, "visit", f"Visit {vid} is not a visit of this patient.")
                for vid in req.visit_ids
                if pay.encounter_of_patient(session, vid) != req.patient_id]
    problems += [Problem(_SOURCE, "line", f"Line {lid} is not a line of this patient's visits.")
                 for lid in req.line_ids
                 if pay.line_owner(session, lid)[1] != req.patient_id]
    if req.line_ids and req.visit_ids:
        problems.append(Problem(_SOURCE, "line", "Choose visits or lines, not both."))
    if problems:
        raise ValidationFailed(problems)


def _open_lines(session: Any, req: PaymentRequest) -> list[OpenLine]:
    owed = line_balances(repo.entries_for(session, patient_id=req.patient_id))
    return [OpenLine(int(pay.line_owner(session, lid)[0] or 0), lid, owed.get(lid, ZERO))
            for lid in req.line_ids]


def _entry(req: PaymentRequest, payment_id: int, encounter_id: int | None, amount: Decimal,
           memo: str, reverses: int | None = None) -> LedgerEntry:
    return LedgerEntry(
        patient_id=req.patient_id, encounter_id=encounter_id, kind=EntryKind.PAYMENT,
        account=Account.PATIENT, amount=amount, reference=f"{req.method.value} {req.reference}"
        .strip()[:50], posted_on=req.received_on, memo=memo[:200], reverses_id=reverses)


def _line(session: Any, payment_id: int) -> PatientPaymentLine:
    return pay.payment_lines(session, payment_id=payment_id)[0]


def take_payment(db: Database, data: dict[str, Any]) -> tuple[PaymentResult, Changes]:
    """Record a patient payment and apply it.

    Args:
        db: the practice database.
        data: ``PaymentRequest`` fields: ``payment_key``, ``patient_id``, ``amount``,
            ``method``, ``channel``, ``reference``, ``received_on``, ``visit_ids`` (empty:
            the oldest open balance first; one visit: all of it to that visit).

    Returns:
        The payment with where its money went; ``replayed`` when the key was used before.

    Raises:
        ValidationFailed: a bad field or a visit of another patient; nothing saved.
        KeyReused: the key belongs to a different payment.
        NotFound: no such patient.
    """
    req = build(PaymentRequest, data, _SOURCE)
    with UnitOfWork(db) as uow:
        s = uow.session
        earlier = pay.by_key(s, req.payment_key)
        if earlier is not None:
            if (earlier.patient_id, earlier.amount) != (req.patient_id, req.amount):
                raise KeyReused()
            return PaymentResult(_line(s, earlier.id), (), replayed=True), Changes()
        repo.get_patient(s, req.patient_id)
        _check_visits(s, req)
        visits, _ = _balances(s, req.patient_id)
        if req.line_ids:
            plan = plan_line_allocation(req.amount, _open_lines(s, req))
        else:
            plan = plan_allocation(req.amount, visits, req.visit_ids)
        visit = req.visit_ids[0] if len(req.visit_ids) == 1 else None
        pid = pay.insert_payment(s, req, visit)
        _post(s, req, pid, plan)
        result = PaymentResult(_line(s, pid), tuple(plan), replayed=False)
        uow.commit()
    return result, PAYMENTS


def _post(session: Any, req: PaymentRequest, pid: int, plan: list[Allocation]) -> None:
    applied = [_entry(req, pid, a.encounter_id, a.amount, f"patient payment {pid}")
               .model_copy(update={"line_id": a.line_id})
               for a in plan if a.encounter_id is not None]
    credit = [_entry(req, pid, None, a.amount, f"patient payment {pid}: unapplied credit")
              for a in plan if a.encounter_id is None]
    pay.link_entries(session, pid, repo.append_entries(session, applied), "applied")
    pay.link_entries(session, pid, repo.append_entries(session, credit), "unapplied")


def void_payment(db: Database, payment_id: int, reason: str,
                 on: date | None = None) -> tuple[PatientPaymentLine, Changes]:
    """Void a payment entered by mistake: every entry of it is reversed, nothing deleted.

    Raises:
        ValidationFailed: no reason given.
        AlreadyVoided: the payment was voided before.
        NotFound: no such payment.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationFailed([Problem(_SOURCE, "reason", "Say why the payment is voided.")])
    with UnitOfWork(db) as uow:
        s = uow.session
        stored = pay.get_payment(s, payment_id)
        if stored.voided:
            raise AlreadyVoided()
        day = on or date.today()
        reversals = [e.model_copy(update={
            "id": None, "amount": -e.amount, "reverses_id": e.id, "posted_on": day,
            "created_at": None, "memo": f"void of patient payment {payment_id}: {reason}"[:200]})
            for e in pay.payment_entries(s, payment_id)]
        pay.link_entries(s, payment_id, repo.append_entries(s, reversals), "voided")
        pay.record_void(s, payment_id, reason[:200], day)
        line = _line(s, payment_id)
        uow.commit()
    return line, PAYMENTS


def open_credit(db: Database, patient_id: int) -> tuple[Decimal, Decimal]:
    """(credit that could be applied, open patient balance it could go to)."""
    with db.reading() as s:
        visits, unapplied = _balances(s, patient_id)
    credit = unapplied + sum((-v.balance for v in visits if v.balance < 0), ZERO)
    owed = sum((v.balance for v in visits if v.balance > 0), ZERO)
    return credit, owed


def apply_credit(db: Database, patient_id: int,
                 on: date | None = None) -> tuple[list[CreditMove], Changes]:
    """Apply the patient's credit (unapplied money, overpaid visits) to visits that owe.

    Only money from patient payments moves; each move is a pair of entries that nets to zero.
    """
    with UnitOfWork(db) as uow:
        s = uow.session
        visits, unapplied = _balances(s, patient_id)
        moves = plan_credit_moves(visits, unapplied, pay.holdings(s, patient_id))
        for mv in moves:
            stored = pay.get_payment(s, mv.payment_id)
            req = PaymentRequest(payment_key=stored.payment_key, patient_id=patient_id,
                                 amount=stored.amount, method=PatientPaymentMethod(stored.method),
                                 reference=stored.reference, received_on=on or date.today())
            memo = f"patient payment {mv.payment_id}: credit applied to visit {mv.target}"
            pair = [_entry(req, mv.payment_id, mv.source, -mv.amount, memo),
                    _entry(req, mv.payment_id, mv.target, mv.amount, memo)]
            pay.link_entries(s, mv.payment_id, repo.append_entries(s, pair), "moved")
        uow.commit()
    return moves, (PAYMENTS if moves else Changes())


def list_payments(db: Database, on: date | None = None,
                  patient_id: int | None = None) -> list[PatientPaymentLine]:
    """Patient payments received on a day (or all), optionally of one patient."""
    with db.reading() as s:
        return pay.payment_lines(s, on=on, patient_id=patient_id)


def get_payment(db: Database, payment_id: int) -> PatientPaymentLine:
    """One patient payment as a line (for the receipt).

    Raises:
        NotFound: no such payment.
    """
    with db.reading() as s:
        pay.get_payment(s, payment_id)
        return _line(s, payment_id)


def open_visits(db: Database, patient_id: int) -> list[OpenVisit]:
    """The patient's visits with their patient balances, oldest first (the dialog's list)."""
    with db.reading() as s:
        visits, _ = _balances(s, patient_id)
    return sorted(visits, key=lambda v: (v.service_date, v.encounter_id))
