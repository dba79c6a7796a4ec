"""Storage of collection accounts, and the per-account facts the collection policy reads."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.collections import TO_COLLECTIONS, AccountFacts, CollectionAccount
from app.domain.errors import NotFound
from app.domain.money import ZERO
from app.store import statement_source as src
from app.store import tables as t


def reference(account_id: int) -> str:
    """The ledger reference of a collection account's entries."""
    return f"COLL-{account_id}"


def _statement_counts(session: Session) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for ids in session.scalars(select(t.StatementRow.patient_ids)):
        for pid in {int(x) for x in ids.split(",") if x.strip().isdigit()}:
            counts[pid] += 1
    return counts


def last_patient_payments(session: Session) -> dict[int, date]:
    """The date of each patient's last patient payment."""
    rows = session.execute(
        select(t.LedgerEntryRow.patient_id, func.max(t.LedgerEntryRow.posted_on))
        .where(t.LedgerEntryRow.kind == "payment", t.LedgerEntryRow.account == "patient",
               t.LedgerEntryRow.amount > 0)
        .group_by(t.LedgerEntryRow.patient_id))
    return {pid: on for pid, on in rows}


def account_facts(session: Session) -> list[AccountFacts]:
    """Every patient who owes a balance, with age, statements, last payment and flags."""
    counts = _statement_counts(session)
    last_paid = last_patient_payments(session)
    on_plan = set(session.scalars(select(t.PaymentPlanRow.patient_id)
                                  .where(t.PaymentPlanRow.state == "active")))
    sent = set(session.scalars(select(t.CollectionAccountRow.patient_id)
                               .where(t.CollectionAccountRow.state == "sent")))
    out = []
    for pid in src.patients_with_patient_money(session):
        visits = src.patient_visits(session, pid)
        balance = sum((v.balance for v in visits), ZERO)
        if balance <= 0:
            continue
        patient = session.get(t.PatientRow, pid)
        assert patient is not None
        owed = [v.owed_since or v.service_date for v in visits if v.balance > 0]
        out.append(AccountFacts(
            patient_id=pid, account_number=patient.account_number,
            name=f"{patient.first_name} {patient.last_name}", balance=balance,
            oldest_owed=min(owed) if owed else None, statements_sent=counts.get(pid, 0),
            last_payment=last_paid.get(pid), on_plan=pid in on_plan,
            in_collections=pid in sent))
    return out


def open_visits(session: Session, patient_id: int) -> list[src.VisitMoney]:
    """The patient's visits with their balances (for moving them to collections)."""
    return src.patient_visits(session, patient_id)


def add_account(session: Session, patient_id: int, agency: str, sent_on: date,
                amount: Decimal) -> int:
    """Record an account sent to the agency; returns its id."""
    row = t.CollectionAccountRow(patient_id=patient_id, agency=agency[:60], sent_on=sent_on,
                                 amount=amount, state="sent", created_at=datetime.now(),
                                 note="")
    session.add(row)
    session.flush()
    return row.id


def bucket_by_visit(session: Session, account_id: int) -> dict[int | None, Decimal]:
    """What is still in the collections bucket of an account, per visit (encounter id)."""
    rows = session.execute(
        select(t.LedgerEntryRow.encounter_id, func.sum(t.LedgerEntryRow.amount))
        .where(t.LedgerEntryRow.reference == reference(account_id),
               t.LedgerEntryRow.kind == "adjustment",
               t.LedgerEntryRow.reason_code == TO_COLLECTIONS)
        .group_by(t.LedgerEntryRow.encounter_id))
    return {enc: Decimal(amount) for enc, amount in rows if amount}


def accounts(session: Session, *, state: str | None = None,
             ids: list[int] | None = None) -> list[CollectionAccount]:
    """Collection accounts (oldest first) with their current bucket."""
    stmt = (select(t.CollectionAccountRow, t.PatientRow.account_number)
            .join(t.PatientRow, t.PatientRow.id == t.CollectionAccountRow.patient_id)
            .order_by(t.CollectionAccountRow.id))
    if state is not None:
        stmt = stmt.where(t.CollectionAccountRow.state == state)
    if ids is not None:
        stmt = stmt.where(t.CollectionAccountRow.id.in_(ids))
    return [CollectionAccount(id=r.id, patient_id=r.patient_id, account_number=acct,
                              agency=r.agency, sent_on=r.sent_on, amount=r.amount,
                              state=r.state,
                              bucket=sum(bucket_by_visit(session, r.id).values(), ZERO))
            for r, acct in session.execute(stmt)]


def get_account(session: Session, account_id: int) -> CollectionAccount:
    """One collection account.

    Raises:
        NotFound: no account has that id.
    """
    found = accounts(session, ids=[account_id])
    if not found:
        raise NotFound(f"There is no collection account {account_id}.")
    return found[0]


def set_state(session: Session, account_id: int, state: str) -> None:
    """Mark an account closed (its bucket is empty) or sent."""
    row = session.get(t.CollectionAccountRow, account_id)
    if row is None:
        raise NotFound(f"There is no collection account {account_id}.")
    row.state = state
    session.flush()
