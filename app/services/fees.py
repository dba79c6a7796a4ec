"""Fee schedule (charge master) and payer contract imports and look-ups."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.codesets.fee_csv import parse_fee_schedule, parse_payer_contract
from app.domain.base import build
from app.domain.changes import Changes
from app.domain.codes import CodeHit, ImportResult
from app.domain.document import ContractRate, FeeScheduleEntry
from app.domain.errors import ImportRejected, Problem, UserError, ValidationFailed
from app.store import fee_history, fees
from app.store import repository as repo
from app.store.database import Database, UnitOfWork


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror}") from None


def import_fee_schedule(db: Database, path: Path) -> tuple[ImportResult, Changes]:
    """Import a charge-master CSV all-or-nothing; the same file twice imports once.

    Raises:
        ImportRejected: every bad row with its line and column; nothing imported.
    """
    digest = _sha256(path)
    rows = parse_fee_schedule(Path(path))
    entries = [FeeScheduleEntry(code=r.code, modifier=r.modifier, label=r.label,
                                charge=r.charge, effective_date=r.effective_date) for r in rows]
    with UnitOfWork(db) as uow:
        if repo.file_imported(uow.session, "fees", digest):
            return ImportResult("fees", Path(path).name, "", 0, True), Changes()
        count = fees.upsert_fees(uow.session, entries)
        repo.record_import(uow.session, "fees", digest, Path(path).name, f"{count} rows")
        uow.commit()
    return ImportResult("fees", Path(path).name, "", count), Changes(codes=True)


def import_contracts(db: Database, path: Path) -> tuple[ImportResult, Changes]:
    """Import payer contracted allowed amounts; payer ids must exist in Settings > Payers.

    Raises:
        ImportRejected: every bad row (including unknown payers); nothing imported.
    """
    digest = _sha256(path)
    rows = parse_payer_contract(Path(path))
    with UnitOfWork(db) as uow:
        if repo.file_imported(uow.session, "contracts", digest):
            return ImportResult("contracts", Path(path).name, "", 0, True), Changes()
        payers = fees.payer_ids_by_code(uow.session)
        unknown = [Problem(Path(path).name, "payer_id", f"payer '{r.payer_id}' is not set up "
                           "in Settings > Payers.", r.line) for r in rows
                   if r.payer_id not in payers]
        if unknown:
            raise ImportRejected(unknown)
        count = fees.upsert_contracts(uow.session, [ContractRate(
            payer_id=payers[r.payer_id], code=r.code, modifier=r.modifier, allowed=r.allowed,
            effective_date=r.effective_date) for r in rows])
        repo.record_import(uow.session, "contracts", digest, Path(path).name, f"{count} rows")
        uow.commit()
    return ImportResult("contracts", Path(path).name, "", count), Changes(codes=True)


def fee_schedule(db: Database, on: date | None = None) -> list[FeeScheduleEntry]:
    """The practice's charge master in force on a date (CPT labels come from here)."""
    with db.reading() as session:
        return fees.fee_schedule(session, on)


def charge_for(db: Database, code: str, modifier: str = "",
               on: date | None = None) -> Decimal | None:
    """The practice's charge for a code on a date, or None when not on the fee schedule."""
    with db.reading() as session:
        entry = fees.fee_for(session, code, modifier, on)
    return entry.charge if entry else None


def allowed_for(db: Database, payer_id: int, code: str, modifier: str = "",
                on: date | None = None) -> Decimal | None:
    """The payer's contracted allowed amount, or None without a contract rate."""
    with db.reading() as session:
        return fees.allowed_for(session, payer_id, code, modifier, on)


def cpt_provider(db: Database) -> Callable[[str, int], list[CodeHit]]:
    """A CPT search source over the practice fee schedule (its own labels; no AMA text).

    Matches a code prefix, or every word of the query as a prefix of a label word.
    """
    schedule = fee_schedule(db)

    def find(query: str, limit: int) -> list[CodeHit]:
        text = query.strip().upper().replace(".", "")
        words = [w for w in re.split(r"\W+", query.lower()) if w]
        hits = []
        for entry in schedule:
            if entry.code[0].isalpha() and not entry.code[-1].isalpha():
                continue  # HCPCS Level II rows are searched as HCPCS
            label_words = re.split(r"\W+", entry.label.lower())
            by_code = bool(text) and entry.code.startswith(text)
            by_words = bool(words) and all(any(lw.startswith(w) for lw in label_words)
                                           for w in words)
            if by_code or by_words:
                label = entry.label + (f" (modifier {entry.modifier})" if entry.modifier else "")
                hits.append(CodeHit(system="cpt", code=entry.code, description=label,
                                    billable=True, match="prefix" if by_code else "word"))
        return hits[:limit]

    return find


FEES = Changes(codes=True)


def fee_history_rows(db: Database, code: str | None = None) -> list[FeeScheduleEntry]:
    """Every fee-schedule row, old prices and ended rows included (oldest first per code)."""
    with db.reading() as session:
        return fee_history.fee_rows(session, code)


def contract_history_rows(db: Database, payer_id: int | None = None) -> list[ContractRate]:
    """Every contract row, old amounts and ended rows included (oldest first per code)."""
    with db.reading() as session:
        return fee_history.contract_rows(session, payer_id)


def _same_day(source: str, on: date) -> ValidationFailed:
    return ValidationFailed([Problem(source, "effective_date", (
        f"A price starting {on:%m/%d/%Y} is already in force; a change starts on a new date "
        "(claims keep the charges they were billed with)."))])


def set_fee(db: Database, data: dict[str, Any], *,
            today: date | None = None) -> tuple[FeeScheduleEntry, Changes]:
    """Add a fee (a new code, or a new price from its effective date) to the schedule.

    History is kept: the earlier price stays for earlier dates of service. A row starting on
    the same day may be corrected only while that day is still in the future.

    Raises:
        ValidationFailed: bad fields, or a same-day row already in force; nothing saved.
    """
    today = today or date.today()
    entry = build(FeeScheduleEntry, {**data, "ended": False}, "Fee")
    with UnitOfWork(db) as uow:
        if fee_history.fee_row_exists(uow.session, entry.code, entry.modifier,
                                      entry.effective_date) and entry.effective_date <= today:
            raise _same_day("Fee", entry.effective_date)
        fee_history.put_fee(uow.session, entry)
        uow.commit()
    return entry, FEES


def end_fee(db: Database, code: str, modifier: str, last_day: date, *,
            today: date | None = None) -> tuple[FeeScheduleEntry, Changes]:
    """Take a code off the schedule after ``last_day`` (an ended row the day after).

    Raises:
        ValidationFailed: the code has no fee in force on ``last_day``.
    """
    today = today or date.today()
    with UnitOfWork(db) as uow:
        current = fees.fee_for(uow.session, code, modifier, last_day)
        if current is None or current.modifier != modifier:
            raise ValidationFailed([Problem("Fee", "effective_date", (
                f"{code} has no fee in force on {last_day:%m/%d/%Y} to end."))])
        start = last_day + timedelta(days=1)
        if fee_history.fee_row_exists(uow.session, code, modifier, start) and start <= today:
            raise _same_day("Fee", start)
        ended = current.model_copy(update={"effective_date": start, "ended": True})
        fee_history.put_fee(uow.session, ended)
        uow.commit()
    return ended, FEES


def set_contract_rate(db: Database, data: dict[str, Any], *,
                      today: date | None = None) -> tuple[ContractRate, Changes]:
    """Add a payer's contracted allowed amount from its effective date (history kept).

    Raises:
        ValidationFailed: bad fields, an unknown payer, or a same-day row already in force.
    """
    today = today or date.today()
    rate = build(ContractRate, {**data, "ended": False}, "Contract")
    with UnitOfWork(db) as uow:
        if rate.payer_id not in fees.payer_ids_by_code(uow.session).values():
            raise ValidationFailed([Problem("Contract", "payer_id", "Choose the payer.")])
        if fee_history.contract_row_exists(uow.session, rate.payer_id, rate.code,
                                           rate.modifier, rate.effective_date) \
                and rate.effective_date <= today:
            raise _same_day("Contract", rate.effective_date)
        fee_history.put_contract(uow.session, rate)
        uow.commit()
    return rate, FEES


def end_contract_rate(db: Database, payer_id: int, code: str, modifier: str, last_day: date,
                      *, today: date | None = None) -> tuple[ContractRate, Changes]:
    """End a contracted amount after ``last_day``.

    Raises:
        ValidationFailed: no contracted amount in force on ``last_day``.
    """
    today = today or date.today()
    with UnitOfWork(db) as uow:
        allowed = fees.allowed_for(uow.session, payer_id, code, modifier, last_day)
        if allowed is None:
            raise ValidationFailed([Problem("Contract", "effective_date", (
                f"{code} has no contracted amount in force on {last_day:%m/%d/%Y} to end."))])
        start = last_day + timedelta(days=1)
        if fee_history.contract_row_exists(uow.session, payer_id, code, modifier, start) \
                and start <= today:
            raise _same_day("Contract", start)
        ended = ContractRate(payer_id=payer_id, code=code, modifier=modifier, allowed=allowed,
                             effective_date=start, ended=True)
        fee_history.put_contract(uow.session, ended)
        uow.commit()
    return ended, FEES
