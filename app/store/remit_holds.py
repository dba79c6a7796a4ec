"""Storage for the remittance checks: earlier payments per claim, held CLPs, credit balances.

Reads are set-based (one query for every claim of a payment); held CLPs are written in one
statement after the payment's remitted-claim rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.domain.remit_checks import EarlierRemit
from app.domain.remit_records import StoredCredit, StoredHold
from app.domain.remittance import ClaimPayment
from app.store import tables as t
from app.store.audit import record_updates
from app.store.bulk_insert import insert_audited
from app.store.id_lists import in_ids
from app.store.plain_rows import plain_rows


def _table(row: type[t.Base]) -> Table:
    return cast("Table", row.__table__)


def earlier_remits(session: Session, claim_ids: Iterable[int]) -> dict[int, list[EarlierRemit]]:
    """The CLPs already posted to these claims, by claim id, oldest first (one query)."""
    ids = sorted(set(claim_ids))
    if not ids:
        return {}
    rc, pay, f = (_table(t.RemitClaimRow), _table(t.PaymentRow),
                  _table(t.RemittanceFileRow))
    stmt = (select(rc.c.id, rc.c.claim_id, rc.c.detail_json, pay.c.trace_number,
                   pay.c.payment_date, f.c.file_name)
            .join(pay, pay.c.id == rc.c.payment_id).join(f, f.c.id == pay.c.file_id)
            .where(in_ids(rc.c.claim_id, ids), rc.c.state == "posted").order_by(rc.c.id))
    out: dict[int, list[EarlierRemit]] = defaultdict(list)
    for row in plain_rows(session, stmt):
        out[row.claim_id].append(EarlierRemit(
            row.id, row.claim_id, row.file_name, row.trace_number, row.payment_date,
            ClaimPayment.model_validate_json(row.detail_json)))
    return dict(out)


def add_holds(session: Session, rows: list[dict[str, Any]]) -> None:
    """Record many held CLPs (each names its remitted-claim row)."""
    insert_audited(session, _table(t.RemitHoldRow), rows, same={"created_at": datetime.now()})


def _holds_stmt() -> Any:
    h, rc, pay = _table(t.RemitHoldRow), _table(t.RemitClaimRow), _table(t.PaymentRow)
    return (select(h.c.id, h.c.remit_claim_id, h.c.claim_id, h.c.kind, h.c.kinds,
                   h.c.element, h.c.segment, h.c.position, h.c.file_name, h.c.message,
                   h.c.earlier, h.c.state, pay.c.trace_number, pay.c.id.label("payment_id"),
                   pay.c.payment_date, rc.c.control_number, rc.c.charge, rc.c.paid,
                   rc.c.detail_json)
            .join(rc, rc.c.id == h.c.remit_claim_id).join(pay, pay.c.id == rc.c.payment_id)
            .order_by(h.c.id))


def holds(session: Session, state: str | None = "open") -> list[StoredHold]:
    """Held CLPs (only those in ``state`` unless it is None), oldest first."""
    stmt = _holds_stmt()
    if state is not None:
        stmt = stmt.where(_table(t.RemitHoldRow).c.state == state)
    return [StoredHold(**row._asdict()) for row in plain_rows(session, stmt)]


def hold(session: Session, hold_id: int) -> StoredHold | None:
    """One held CLP, whatever its state."""
    stmt = _holds_stmt().where(_table(t.RemitHoldRow).c.id == hold_id)
    found = [StoredHold(**row._asdict()) for row in plain_rows(session, stmt)]
    return found[0] if found else None


def resolve_hold(session: Session, hold_id: int, state: str, note: str,
                 remit_state: str | None = None) -> bool:
    """Move an open hold to ``state`` (and its remitted claim with it); False when not open.

    The update names the open state, so two users resolving the same hold resolve it once.
    ``remit_state`` overrides the remitted claim's new state (``resolved`` when a re-check
    posted the CLP afresh, under a new remitted-claim row).
    """
    h = _table(t.RemitHoldRow)
    before = session.connection().execute(h.select().where(h.c.id == hold_id)).mappings().first()
    values = {"state": state, "note": note[:500], "resolved_at": datetime.now()}
    done = session.connection().execute(
        h.update().where(h.c.id == hold_id, h.c.state == "open").values(**values))
    if done.rowcount != 1 or before is None:
        return False
    record_updates(session, h.name, [(hold_id, dict(before), {**before, **values})])
    row = session.get(t.RemitHoldRow, hold_id)
    if row is not None:
        session.refresh(row)
        remit = session.get(t.RemitClaimRow, row.remit_claim_id)
        if remit is not None:
            remit.state = remit_state or ("posted" if state == "posted" else "dismissed")
    session.flush()
    return True


def add_credit(session: Session, values: Mapping[str, Any], due: date) -> int:
    """Record a credit balance and its refund task; returns the credit balance id."""
    now = datetime.now()
    credit = t.CreditBalanceRow(created_at=now, state="open", **values)
    session.add(credit)
    session.flush()
    session.add(t.RefundTaskRow(credit_balance_id=credit.id, owed_to=credit.owed_to,
                                amount=credit.amount, due_date=due, state="open",
                                created_at=now, note=credit.note))
    session.flush()
    return credit.id


def credit_balances(session: Session, state: str | None = "open") -> list[StoredCredit]:
    """Credit balances (open ones unless ``state`` says otherwise) with their refund task."""
    c, r = _table(t.CreditBalanceRow), _table(t.RefundTaskRow)
    stmt = (select(c.c.id, c.c.claim_id, c.c.patient_id, c.c.payer_id, c.c.source,
                   c.c.owed_to, c.c.amount, c.c.state, c.c.note,
                   r.c.id.label("refund_task_id"), r.c.due_date.label("refund_due"),
                   r.c.state.label("refund_state"))
            .outerjoin(r, r.c.credit_balance_id == c.c.id).order_by(c.c.id))
    if state is not None:
        stmt = stmt.where(c.c.state == state)
    return [StoredCredit(**row._asdict()) for row in plain_rows(session, stmt)]
