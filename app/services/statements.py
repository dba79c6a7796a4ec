"""Patient statements: one per guarantor covering all open visits (preview or final run)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.domain.changes import Changes
from app.domain.errors import UserError
from app.domain.money import ZERO
from app.domain.patients import Patient, Relationship
from app.domain.practice import Address
from app.domain.statements import (
    AgingBuckets,
    StatementData,
    StatementLine,
    dunning_message,
)
from app.services.payment_plans import plan_lines
from app.store import fees as fee_store
from app.store import repository as repo
from app.store import statement_source as src
from app.store.database import Database, UnitOfWork

WHY = {"1": "deductible", "2": "coinsurance", "3": "copay"}
BUCKETS = ((30, "current"), (60, "days_31_60"), (90, "days_61_90"), (120, "days_91_120"))


@dataclass(frozen=True)
class RunOptions:
    """Filters of a statement run."""

    statement_date: date
    min_balance: Decimal = Decimal("5.00")
    due_days: int = 30


@dataclass
class _Guarantor:
    key: tuple[str, ...]
    name: str
    address: Address
    patients: list[Patient]


def _guarantor(session: Any, patient: Patient) -> _Guarantor:
    policies = repo.policies_for(session, patient.id or 0)
    primary = next((p for p in policies if p.order == "P" and p.subscriber is not None
                    and p.relationship != Relationship.SELF), None)
    if primary and primary.subscriber:
        s = primary.subscriber
        return _Guarantor(("sub", s.last_name.upper(), s.first_name.upper(),
                           s.birth_date.isoformat()),
                          f"{s.first_name} {s.last_name}", s.address, [patient])
    return _Guarantor(("pt", str(patient.id)), f"{patient.first_name} {patient.last_name}",
                      patient.address, [patient])


def _why(reasons: dict[str, Decimal]) -> str:
    parts = [f"{WHY.get(code, 'not covered by insurance')} {amount:,.2f}"
             for code, amount in sorted(reasons.items()) if amount > 0]
    return ("Your share: " + ", ".join(parts)) if parts else ""


def _line(v: src.VisitMoney, patient: Patient, labels: dict[str, str]) -> StatementLine:
    codes = v.description.split(", ") if v.description else []
    text = ", ".join(labels.get(c, c) for c in codes) or "Services"
    charge = v.insurance_paid + v.insurance_adjusted + v.insurance_pending + v.patient_paid \
        + v.balance
    return StatementLine(service_date=v.service_date, patient_name=patient.first_name,
                         description=text[:60], charge=charge, insurance_paid=v.insurance_paid,
                         insurance_adjusted=v.insurance_adjusted,
                         insurance_pending=v.insurance_pending, patient_paid=v.patient_paid,
                         balance=v.balance, why_you_owe=_why(v.reasons))


def _aging(visits: list[src.VisitMoney], today: date) -> AgingBuckets:
    amounts = dict.fromkeys(["current", "days_31_60", "days_61_90", "days_91_120",
                             "over_120"], ZERO)
    for v in visits:
        age = (today - (v.owed_since or v.service_date)).days
        bucket = next((name for limit, name in BUCKETS if age <= limit), "over_120")
        amounts[bucket] += v.balance
    return AgingBuckets(**amounts)


def _statement(session: Any, g: _Guarantor, opts: RunOptions,
               labels: dict[str, str]) -> StatementData | None:
    practice = repo.get_practice(session)
    if practice is None:
        raise UserError("Set up the practice before running statements.")
    open_visits: list[tuple[src.VisitMoney, Patient]] = []
    for patient in g.patients:
        open_visits += [(v, patient) for v in src.patient_visits(session, patient.id or 0)
                        if v.balance > 0]
    if not open_visits:
        return None
    total = sum((v.balance for v, _ in open_visits), ZERO)
    if total < opts.min_balance:
        return None
    open_visits.sort(key=lambda vp: vp[0].service_date)
    aging = _aging([v for v, _ in open_visits], opts.statement_date)
    return StatementData(
        practice_name=practice.legal_name, practice_address=practice.address,
        practice_phone=practice.phone, remit_to_address=practice.pay_to_address,
        guarantor_name=g.name, guarantor_address=g.address,
        account_number=min(g.patients, key=lambda p: p.id or 0).account_number,
        statement_date=opts.statement_date,
        due_date=opts.statement_date + timedelta(days=opts.due_days),
        lines=tuple(_line(v, p, labels) for v, p in open_visits), aging=aging,
        amount_due=total, message=practice.statement_message or dunning_message(aging),
        payment_plan=plan_lines(session, [p.id or 0 for p in g.patients], opts.statement_date))


def _guarantors(session: Any) -> list[_Guarantor]:
    groups: dict[tuple[str, ...], _Guarantor] = {}
    for pid in src.patients_with_patient_money(session):
        patient = repo.get_patient(session, pid)
        if patient.statement_hold:
            continue
        g = _guarantor(session, patient)
        if g.key in groups:
            groups[g.key].patients.append(patient)
        else:
            groups[g.key] = g
    return list(groups.values())


def _run(session: Any, opts: RunOptions) -> list[tuple[StatementData, list[int]]]:
    labels = {e.code: e.label for e in fee_store.fee_schedule(session, opts.statement_date)}
    out = [(_statement(session, g, opts, labels), [p.id or 0 for p in g.patients])
           for g in _guarantors(session)]
    return sorted(((s, ids) for s, ids in out if s is not None),
                  key=lambda pair: pair[0].account_number)


def preview(db: Database, opts: RunOptions) -> list[StatementData]:
    """The statements a run would produce; changes nothing."""
    with db.reading() as session:
        return [s for s, _ in _run(session, opts)]


def final_run(db: Database, opts: RunOptions, expected: list[StatementData] | None = None,
              ) -> tuple[list[StatementData], Changes]:
    """Record each statement of the run (date and content) in the patient history, once.

    A statement already recorded for the same guarantor and statement date is not recorded
    again, so a repeated final run (or one re-run after an interruption) records nothing twice.

    Args:
        db: the practice database.
        opts: the run's options (its statement date is the cycle).
        expected: the statements already rendered; the run is refused if the data changed
            since (the file would not match what is recorded).

    Returns:
        The statements newly recorded, and the changes.

    Raises:
        UserError: the balances changed since ``expected`` was rendered.
    """
    with UnitOfWork(db) as uow:
        run = _run(uow.session, opts)
        if expected is not None and [s for s, _ in run] != expected:
            raise UserError("Balances changed while the statements were printed; run again.")
        done = src.recorded_accounts(uow.session, opts.statement_date)
        new = [(s, ids) for s, ids in run if s.account_number not in done]
        for s, ids in new:
            src.record_statement(uow.session, s.account_number, ids, s.statement_date,
                                 s.amount_due, s.model_dump(mode="json"))
        uow.commit()
    return [s for s, _ in new], Changes(patients=True) if new else Changes()


def already_recorded(db: Database, opts: RunOptions) -> int:
    """How many statements of this run are already recorded for its statement date.

    Args:
        db: the practice database.
        opts: the run's options.

    Returns:
        The number of guarantors with a final statement on that date.
    """
    with db.reading() as session:
        done = src.recorded_accounts(session, opts.statement_date)
        return sum(1 for s, _ in _run(session, opts) if s.account_number in done)


def write_mailing_csv(statements: list[StatementData], out: Path) -> int:
    """The run as CSV for a mailing service; returns the number of rows."""
    with Path(out).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["account_number", "guarantor", "street1", "street2", "city", "state",
                         "zip", "amount_due", "statement_date", "due_date", "oldest_days"])
        for s in statements:
            a = s.guarantor_address
            writer.writerow([s.account_number, s.guarantor_name, a.street1, a.street2, a.city,
                             a.state, a.zip, f"{s.amount_due:.2f}", s.statement_date.isoformat(),
                             s.due_date.isoformat(), s.aging.oldest_days])
    return len(statements)
