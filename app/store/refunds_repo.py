"""Storage for refunds: which patients may hold payment credit, closing a credit balance."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.store import tables as t


def _table(row: type[t.Base]) -> Table:
    return cast("Table", row.__table__)


def patients_with_payments(session: Session) -> list[int]:
    """Ids of the patients who made a patient payment (the only ones who can hold credit)."""
    p = _table(t.PatientPaymentRow)
    return [int(x) for x in session.scalars(
        select(p.c.patient_id).distinct().order_by(p.c.patient_id))]


def close_credit(session: Session, credit_id: int, state: str, note: str) -> bool:
    """Move an open credit balance to ``state`` and its open refund task to done.

    The update names the open state, so two users refunding the same credit refund it once.

    Returns:
        False when the credit was not open (nothing changed).
    """
    c, r = _table(t.CreditBalanceRow), _table(t.RefundTaskRow)
    done = session.connection().execute(
        c.update().where(c.c.id == credit_id, c.c.state == "open").values(state=state))
    if done.rowcount != 1:
        return False
    session.connection().execute(
        r.update().where(r.c.credit_balance_id == credit_id, r.c.state == "open")
        .values(state="done" if state == "refunded" else "cancelled",
                note=r.c.note + f" | {datetime.now():%Y-%m-%d}: {note}"[:400]))
    session.expire_all()
    return True


def payer_name(session: Session, payer_id: int | None) -> str:
    """A payer's name ("" when unknown)."""
    if payer_id is None:
        return ""
    row = session.get(t.PayerRow, payer_id)
    return row.name if row is not None else ""


def claim_number(session: Session, claim_id: int | None) -> tuple[str, int | None]:
    """(control number, encounter id) of a claim (("", None) when there is none)."""
    if claim_id is None:
        return "", None
    c = _table(t.ClaimRow)
    row = session.execute(select(c.c.control_number, c.c.encounter_id)
                          .where(c.c.id == claim_id)).first()
    return (str(row[0]), int(row[1])) if row is not None else ("", None)
