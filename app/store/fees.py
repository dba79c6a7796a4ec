"""Fee schedule and payer contract storage (practice data, in the practice database)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.document import ContractRate, FeeScheduleEntry
from app.store import tables as t

#: In ``contract_table``: the rate was ended on that date (an allowed amount is never < 0).
ENDED = Decimal("-1")


def _entry(row: t.FeeScheduleRow) -> FeeScheduleEntry:
    return FeeScheduleEntry(code=row.code, modifier=row.modifier, label=row.label,
                            charge=row.charge, effective_date=row.effective_date,
                            ended=row.ended)


def _upsert(session: Session, row_cls: Any, keys: tuple[str, ...], changed: tuple[str, ...],
            records: Iterable[FeeScheduleEntry | ContractRate]) -> int:
    """Insert each record, or change the row with its key, through the ORM (so audited)."""
    existing = {tuple(getattr(r, k) for k in keys): r for r in session.scalars(select(row_cls))}
    count = 0
    for record in records:
        values = record.model_dump()
        key = tuple(values[k] for k in keys)
        row = existing.get(key)
        if row is None:
            row = existing[key] = row_cls(**values)
            session.add(row)
        else:
            for name in changed:
                if getattr(row, name) != values[name]:
                    setattr(row, name, values[name])
        count += 1
    session.flush()
    return count


def upsert_fees(session: Session, entries: Iterable[FeeScheduleEntry]) -> int:
    """Insert or replace charge-master rows keyed by code, modifier and effective date."""
    return _upsert(session, t.FeeScheduleRow, ("code", "modifier", "effective_date"),
                   ("label", "charge", "ended"), entries)


def upsert_contracts(session: Session, rates: Iterable[ContractRate]) -> int:
    """Insert or replace contract rows keyed by payer, code, modifier and effective date."""
    return _upsert(session, t.PayerContractRow,
                   ("payer_id", "code", "modifier", "effective_date"), ("allowed", "ended"), rates)


def fee_for(session: Session, code: str, modifier: str = "",
            on: date | None = None) -> FeeScheduleEntry | None:
    """The charge-master row in force on ``on`` (modifier-specific first, then plain)."""
    on = on or date.today()
    for mod in dict.fromkeys((modifier, "")):
        row = session.scalars(
            select(t.FeeScheduleRow)
            .where(t.FeeScheduleRow.code == code, t.FeeScheduleRow.modifier == mod,
                   t.FeeScheduleRow.effective_date <= on)
            .order_by(t.FeeScheduleRow.effective_date.desc())).first()
        if row and not row.ended:
            return _entry(row)
    return None


def allowed_for(session: Session, payer_id: int, code: str, modifier: str = "",
                on: date | None = None) -> Decimal | None:
    """The payer's contracted allowed amount in force on ``on``, if any."""
    on = on or date.today()
    for mod in dict.fromkeys((modifier, "")):
        row = session.scalars(
            select(t.PayerContractRow)
            .where(t.PayerContractRow.payer_id == payer_id, t.PayerContractRow.code == code,
                   t.PayerContractRow.modifier == mod, t.PayerContractRow.effective_date <= on)
            .order_by(t.PayerContractRow.effective_date.desc())).first()
        if row is not None and not row.ended:
            return row.allowed
    return None


def fee_schedule(session: Session, on: date | None = None) -> list[FeeScheduleEntry]:
    """The charge master in force on ``on``: one row per code and modifier."""
    on = on or date.today()
    rows = session.scalars(select(t.FeeScheduleRow).where(t.FeeScheduleRow.effective_date <= on)
                           .order_by(t.FeeScheduleRow.code, t.FeeScheduleRow.modifier,
                                     t.FeeScheduleRow.effective_date))
    latest: dict[tuple[str, str], FeeScheduleEntry] = {}
    for r in rows:
        latest[(r.code, r.modifier)] = _entry(r)
    return [e for e in latest.values() if not e.ended]


def payer_ids_by_code(session: Session) -> dict[str, int]:
    """Map payer id as on claims (``ACME1``) to the database id."""
    return {code: pid for pid, code in session.execute(select(t.PayerRow.id, t.PayerRow.payer_id))}


def contract_table(session: Session) -> dict[tuple[int, str, str], list[tuple[date, Decimal]]]:
    """Every contract rate: (payer, code, modifier) -> [(effective date, allowed)], oldest first."""
    table: dict[tuple[int, str, str], list[tuple[date, Decimal]]] = {}
    for r in session.scalars(select(t.PayerContractRow).order_by(
            t.PayerContractRow.effective_date)):
        table.setdefault((r.payer_id, r.code, r.modifier), []).append(
            (r.effective_date, ENDED if r.ended else r.allowed))
    return table


def allowed_in(table: dict[tuple[int, str, str], list[tuple[date, Decimal]]], payer_id: int,
               code: str, modifier: str, on: date) -> Decimal | None:
    """``allowed_for`` over a preloaded ``contract_table``."""
    for mod in dict.fromkeys((modifier, "")):
        rates = [amount for start, amount in table.get((payer_id, code, mod), ()) if start <= on]
        if rates and rates[-1] != ENDED:
            return rates[-1]
    return None
