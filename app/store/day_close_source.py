"""Ledger reads for the day close: one day's entries with provider, payer, method, deposit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.domain.day_close import KINDS, PATIENT, UNDEPOSITED, DayEntry
from app.store import tables as t

# BPR04 payment method -> the report's method names.
ERA_METHODS = {"ACH": "eft", "FWT": "eft", "BOP": "eft", "CHK": "check", "NON": "other"}


def day_entries(session: Session, day: date) -> list[DayEntry]:
    """The charge, payment, adjustment and refund entries posted on ``day`` (one query)."""
    e, enc, prov, claim, payer = (t.LedgerEntryRow, t.EncounterRow, t.ProviderRow, t.ClaimRow,
                                  t.PayerRow)
    by_entry, by_payment = aliased(t.DepositItemRow), aliased(t.DepositItemRow)
    stmt = (select(e.id, e.kind, e.account, e.amount, prov.last_name, prov.first_name,
                   payer.name, t.PaymentRow.method, by_entry.method, by_entry.deposit_id,
                   by_payment.method, by_payment.deposit_id)
            .outerjoin(enc, enc.id == e.encounter_id)
            .outerjoin(prov, prov.id == enc.rendering_provider_id)
            .outerjoin(claim, claim.id == e.claim_id)
            .outerjoin(payer, payer.id == claim.payer_id)
            .outerjoin(t.PaymentRow, t.PaymentRow.id == e.payment_id)
            .outerjoin(by_entry, by_entry.ledger_entry_id == e.id)
            .outerjoin(by_payment, by_payment.payment_id == e.payment_id)
            .where(e.posted_on == day, e.kind.in_(KINDS))
            .order_by(e.id))
    out = []
    for (eid, kind, account, amount, last, first, payer_name, era_method, entry_method,
         entry_deposit, pay_method, pay_deposit) in session.execute(stmt):
        method, deposit = "", None
        if kind == "payment":
            deposit = entry_deposit if entry_deposit is not None else pay_deposit
            method = entry_method or pay_method or (
                ERA_METHODS.get((era_method or "").upper(), "other") if era_method is not None
                else UNDEPOSITED)
        out.append(DayEntry(
            entry_id=eid, kind=kind, account=account, amount=amount,
            provider=f"{last}, {first}" if last else "(no visit)",
            payer=(payer_name or "(unknown payer)") if account == "payer" else PATIENT,
            method=method, deposit_id=deposit))
    return out
