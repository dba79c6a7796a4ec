"""Ledger reads for patient statements, and the record of final statement runs."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.ledger import Account, EntryKind, LedgerEntry
from app.domain.money import ZERO
from app.store import mapping as m
from app.store import tables as t


@dataclass
class VisitMoney:
    """One visit's money from the patient's point of view."""

    encounter_id: int | None
    service_date: date
    description: str
    insurance_paid: Decimal = ZERO
    insurance_adjusted: Decimal = ZERO
    insurance_pending: Decimal = ZERO
    patient_paid: Decimal = ZERO
    balance: Decimal = ZERO
    owed_since: date | None = None
    reasons: dict[str, Decimal] = field(default_factory=dict)


def patient_visits(session: Session, patient_id: int) -> list[VisitMoney]:
    """The patient's visits with insurance and patient money, from the ledger."""
    entries = [m.entry_to_domain(r) for r in session.scalars(
        select(t.LedgerEntryRow).where(t.LedgerEntryRow.patient_id == patient_id)
        .order_by(t.LedgerEntryRow.posted_on, t.LedgerEntryRow.id))]
    encounters = {r.id: r for r in session.scalars(
        select(t.EncounterRow).where(t.EncounterRow.patient_id == patient_id))}
    visits: dict[int | None, VisitMoney] = {}
    claim_open: dict[int, Decimal] = defaultdict(Decimal)
    claim_visit: dict[int, int | None] = {}
    for e in entries:
        if e.claim_id is not None:
            claim_visit.setdefault(e.claim_id, e.encounter_id)
        enc = encounters.get(e.encounter_id or -1)
        v = visits.setdefault(e.encounter_id, VisitMoney(
            encounter_id=e.encounter_id, service_date=enc.date_of_service if enc else e.posted_on,
            description=", ".join(line.code for line in enc.lines) if enc else e.memo))
        _apply(v, e, claim_open)
    for v in visits.values():
        v.insurance_pending = sum((amount for c, amount in claim_open.items()
                                   if claim_visit[c] == v.encounter_id), ZERO)
    return list(visits.values())


def _apply(v: VisitMoney, e: LedgerEntry, claim_open: dict[int, Decimal]) -> None:
    if e.account == Account.PAYER and e.claim_id is not None:
        if e.kind in (EntryKind.CHARGE, EntryKind.TRANSFER):
            claim_open[e.claim_id] += e.amount
        elif e.kind == EntryKind.PAYMENT:
            claim_open[e.claim_id] -= e.amount
            v.insurance_paid += e.amount
        elif e.kind == EntryKind.REFUND:
            claim_open[e.claim_id] += e.amount
            v.insurance_paid -= e.amount
        elif e.kind == EntryKind.ADJUSTMENT:
            claim_open[e.claim_id] -= e.amount
            v.insurance_adjusted += e.amount
        if e.kind == EntryKind.TRANSFER:
            v.balance -= e.amount
        return
    if e.kind == EntryKind.TRANSFER:
        if e.claim_id is not None:
            claim_open[e.claim_id] -= e.amount
        v.balance += e.amount
        v.reasons[e.reason_code] = v.reasons.get(e.reason_code, ZERO) + e.amount
    elif e.kind in (EntryKind.CHARGE, EntryKind.REFUND):
        v.balance += e.amount
    elif e.kind in (EntryKind.PAYMENT, EntryKind.ADJUSTMENT):
        v.balance -= e.amount
        v.patient_paid += e.amount
    if v.balance > 0 and v.owed_since is None:
        v.owed_since = e.posted_on


def record_statement(session: Session, account_number: str, patient_ids: list[int],
                     statement_date: date, amount_due: Decimal, content: dict[str, object]) -> None:
    """Remember a final statement (date and content) in the patients' history."""
    session.add(t.StatementRow(account_number=account_number,
                               patient_ids=",".join(str(i) for i in patient_ids),
                               statement_date=statement_date, amount_due=amount_due,
                               content_json=json.dumps(content, default=str, sort_keys=True),
                               run_at=datetime.now()))
    session.flush()


def recorded_accounts(session: Session, statement_date: date) -> set[str]:
    """Guarantor accounts that already have a final statement dated ``statement_date``."""
    return set(session.scalars(select(t.StatementRow.account_number)
                               .where(t.StatementRow.statement_date == statement_date)))


def last_statement_date(session: Session, account_number: str) -> date | None:
    """When the guarantor last got a final statement."""
    return session.scalar(select(t.StatementRow.statement_date)
                          .where(t.StatementRow.account_number == account_number)
                          .order_by(t.StatementRow.statement_date.desc()))


def patients_with_patient_money(session: Session) -> list[int]:
    """Patients with any patient-side ledger activity (candidates for statements)."""
    stmt = select(t.LedgerEntryRow.patient_id).distinct().where(
        (t.LedgerEntryRow.account == "patient") | (t.LedgerEntryRow.kind == "transfer"))
    return sorted(session.scalars(stmt))
