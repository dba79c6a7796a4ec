"""Fee schedule and contract history: every effective-dated row, added one at a time.

A price change is a new row from its effective date; ending a fee is an ``ended`` row from
the day after the last day. Rows already in force are never rewritten (claims keep the
charges they were built with in any case: those live on the service lines).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.document import ContractRate, FeeScheduleEntry
from app.store import tables as t


def fee_rows(session: Session, code: str | None = None) -> list[FeeScheduleEntry]:
    """Every fee-schedule row (of one code), by code, modifier and effective date."""
    stmt = select(t.FeeScheduleRow).order_by(
        t.FeeScheduleRow.code, t.FeeScheduleRow.modifier, t.FeeScheduleRow.effective_date)
    if code is not None:
        stmt = stmt.where(t.FeeScheduleRow.code == code)
    return [FeeScheduleEntry(code=r.code, modifier=r.modifier, label=r.label, charge=r.charge,
                             effective_date=r.effective_date, ended=r.ended)
            for r in session.scalars(stmt)]


def contract_rows(session: Session, payer_id: int | None = None) -> list[ContractRate]:
    """Every contract row (of one payer), by payer, code, modifier and effective date."""
    c = t.PayerContractRow
    stmt = select(c).order_by(c.payer_id, c.code, c.modifier, c.effective_date)
    if payer_id is not None:
        stmt = stmt.where(c.payer_id == payer_id)
    return [ContractRate(payer_id=r.payer_id, code=r.code, modifier=r.modifier,
                         allowed=r.allowed, effective_date=r.effective_date, ended=r.ended)
            for r in session.scalars(stmt)]


def _fee_row(session: Session, code: str, modifier: str, on: date) -> t.FeeScheduleRow | None:
    f = t.FeeScheduleRow
    return session.scalars(select(f).where(f.code == code, f.modifier == modifier,
                                           f.effective_date == on)).first()


def _contract_row(session: Session, payer_id: int, code: str, modifier: str,
                  on: date) -> t.PayerContractRow | None:
    c = t.PayerContractRow
    return session.scalars(select(c).where(c.payer_id == payer_id, c.code == code,
                                           c.modifier == modifier,
                                           c.effective_date == on)).first()


def fee_row_exists(session: Session, code: str, modifier: str, on: date) -> bool:
    """Whether a row for the code and modifier starts on ``on``."""
    return _fee_row(session, code, modifier, on) is not None


def contract_row_exists(session: Session, payer_id: int, code: str, modifier: str,
                        on: date) -> bool:
    """Whether a contract row for the payer, code and modifier starts on ``on``."""
    return _contract_row(session, payer_id, code, modifier, on) is not None


def put_fee(session: Session, entry: FeeScheduleEntry) -> None:
    """Add the row, or replace the one starting the same day (the service checks when)."""
    row = _fee_row(session, entry.code, entry.modifier, entry.effective_date) or \
        t.FeeScheduleRow(code=entry.code, modifier=entry.modifier,
                         effective_date=entry.effective_date)
    row.label, row.charge, row.ended = entry.label, entry.charge, entry.ended
    session.add(row)
    session.flush()


def put_contract(session: Session, rate: ContractRate) -> None:
    """Add the contract row, or replace the one starting the same day."""
    row = _contract_row(session, rate.payer_id, rate.code, rate.modifier,
                        rate.effective_date) or t.PayerContractRow(
        payer_id=rate.payer_id, code=rate.code, modifier=rate.modifier,
        effective_date=rate.effective_date)
    row.allowed, row.ended = rate.allowed, rate.ended
    session.add(row)
    session.flush()
