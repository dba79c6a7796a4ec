"""Credit balances and refunds: one list, a refund to the patient or the payer, an offset.

The list joins the stored credit balances (a payer's duplicate payment posted knowingly, an
overpayment; ``remit_screen.credit_balances``) and every patient's payment credit (unapplied
money and overpaid visits, as ``patient_payments.open_credit`` sees it). A refund is one unit
of work: refund entries on the append-only ledger (reference = the check number, memo = the
reason), the credit balance closed and its refund task done; a patient's payment credit gets
its credit balance row at that moment, closed at once. An offset applies a patient's credit to
the same patient's other open balances (``patient_payments.apply_credit``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.domain.changes import Changes
from app.domain.errors import UserError
from app.domain.identifiers import format_zip
from app.domain.ledger import Account, EntryKind, LedgerEntry
from app.domain.money import ZERO, format_money
from app.domain.patient_payments import CreditMove
from app.domain.practice import Address
from app.domain.refunds import CreditRow, RefundDone, RefundLetter, parse_key, take_from_buckets
from app.printing.refund_letter import render_refund_letter
from app.services import patient_payments
from app.services.atomic import write_atomically
from app.store import refunds_repo, remit_holds
from app.store import repository as repo
from app.store.database import Database, UnitOfWork
from app.store.statement_source import patient_visits

CHANGED = Changes(payments=True, claims=True)


def address_lines(a: Address) -> tuple[str, ...]:
    """An address as printed lines (street, city state zip)."""
    city = f"{a.city}, {a.state} {format_zip(a.zip)}"
    return tuple(x for x in (a.street1, a.street2, city) if x)


def _buckets(session: Any, patient_id: int) -> tuple[list[tuple[int | None, Decimal]], Decimal]:
    """The patient's credit buckets (unapplied first, then overpaid visits) and what is owed."""
    buckets: list[tuple[int | None, Decimal]] = []
    owed = ZERO
    visits = sorted(patient_visits(session, patient_id),
                    key=lambda v: (v.encounter_id is not None, v.service_date))
    for v in visits:
        if v.balance < 0:
            buckets.append((v.encounter_id, -v.balance))
        elif v.encounter_id is not None:
            owed += v.balance
    return buckets, owed


def credit_list(db: Database) -> list[CreditRow]:
    """Every open credit balance: payer credits (stored) and patients' payment credits."""
    with db.reading() as s:
        out = []
        for c in remit_holds.credit_balances(s, "open"):
            patient = repo.get_patient(s, c.patient_id)
            claim, _ = refunds_repo.claim_number(s, c.claim_id)
            out.append(CreditRow(
                f"C{c.id}", c.patient_id, f"{patient.last_name}, {patient.first_name}",
                patient.account_number, c.owed_to, refunds_repo.payer_name(s, c.payer_id),
                claim, c.source, c.amount, c.refund_due, c.note, _buckets(s, c.patient_id)[1]))
        for pid in refunds_repo.patients_with_payments(s):
            buckets, owed = _buckets(s, pid)
            credit = sum((b for _, b in buckets), ZERO)
            if credit > 0:
                patient = repo.get_patient(s, pid)
                out.append(CreditRow(
                    f"P{pid}", pid, f"{patient.last_name}, {patient.first_name}",
                    patient.account_number, "patient", "", "", "patient_credit", credit, None,
                    "credit from patient payments", owed))
    return out


def refund(db: Database, key: str, check_number: str, reason: str, *,
           amount: Decimal | None = None, on: date | None = None) -> tuple[RefundDone, Changes]:
    """Refund a credit: to the payer (stored payer credits) or to the patient.

    Args:
        db: the practice database.
        key: the credit's key from ``credit_list`` (``C12`` or ``P7``).
        check_number: the refund check's number.
        reason: why the money goes back (printed on the letter).
        amount: part of a patient's payment credit (default: all of it).
        on: the refund date (default today).

    Raises:
        UserError: unknown or already refunded credit, no check number or reason, or an
            amount above the credit; nothing was written.
    """
    check_number, reason, on = check_number.strip(), reason.strip(), on or date.today()
    if not check_number or not reason:
        raise UserError("A refund needs the check number and a reason.")
    kind, ident = parse_key(key)
    with UnitOfWork(db) as uow:
        s = uow.session
        if kind == "C":
            done = _refund_stored(s, ident, check_number, reason, on)
        else:
            done = _refund_patient(s, ident, check_number, reason, on, amount)
        uow.commit()
    return done, CHANGED


def _refund_stored(s: Any, credit_id: int, check: str, reason: str, on: date) -> RefundDone:
    found = [c for c in remit_holds.credit_balances(s, None) if c.id == credit_id]
    if not found or found[0].state != "open":
        raise UserError(f"Credit C{credit_id} is not an open credit balance.")
    c = found[0]
    _, encounter_id = refunds_repo.claim_number(s, c.claim_id)
    account = Account.PAYER if c.owed_to == "payer" else Account.PATIENT
    entries = repo.append_entries(s, [LedgerEntry(
        patient_id=c.patient_id, encounter_id=encounter_id, claim_id=c.claim_id,
        kind=EntryKind.REFUND, account=account, amount=c.amount, reference=check[:50],
        posted_on=on, memo=f"refund to the {c.owed_to}, check {check}: {reason}"[:200])])
    note = f"refunded {format_money(c.amount)} by check {check}: {reason}"
    if not refunds_repo.close_credit(s, credit_id, "refunded", note):
        raise UserError(f"Credit C{credit_id} was refunded meanwhile; nothing was written.")
    return RefundDone(credit_id, f"C{credit_id}", c.patient_id, c.owed_to, c.amount, check,
                      reason, on, tuple(e.id or 0 for e in entries))


def _refund_patient(s: Any, patient_id: int, check: str, reason: str, on: date,
                    amount: Decimal | None) -> RefundDone:
    buckets, _ = _buckets(s, patient_id)
    credit = sum((b for _, b in buckets), ZERO)
    if credit <= 0:
        raise UserError(f"Patient credit P{patient_id} is not open; nothing to refund.")
    parts = take_from_buckets(buckets, credit if amount is None else amount)
    total = sum((p for _, p in parts), ZERO)
    memo = f"refund to the patient, check {check}: {reason}"[:200]
    entries = repo.append_entries(s, [LedgerEntry(
        patient_id=patient_id, encounter_id=bucket, kind=EntryKind.REFUND,
        account=Account.PATIENT, amount=part, reference=check[:50], posted_on=on, memo=memo)
        for bucket, part in parts])
    note = f"refunded {format_money(total)} by check {check}: {reason}"
    credit_id = remit_holds.add_credit(s, {
        "claim_id": None, "patient_id": patient_id, "payer_id": None, "remit_claim_id": None,
        "source": "patient_credit", "owed_to": "patient", "amount": total,
        "note": "credit from patient payments"}, on)
    refunds_repo.close_credit(s, credit_id, "refunded", note)
    return RefundDone(credit_id, f"P{patient_id}", patient_id, "patient", total, check,
                      reason, on, tuple(e.id or 0 for e in entries))


def offset(db: Database, key: str, on: date | None = None) -> tuple[list[CreditMove], Changes]:
    """Apply a patient's credit to the same patient's other open balances (they agreed).

    Raises:
        UserError: the credit is owed to a payer, or nothing is owed elsewhere.
    """
    kind, ident = parse_key(key)
    if kind != "P":
        raise UserError(f"Credit {key} is owed to a payer; only a patient's own credit can be "
                        "offset against the patient's balances.")
    moves, changes = patient_payments.apply_credit(db, ident, on)
    if not moves:
        raise UserError(f"Patient credit {key}: there is no other open balance to offset.")
    return moves, changes


def refund_letter(db: Database, done: RefundDone) -> RefundLetter:
    """The letter that goes with a refund check.

    Raises:
        UserError: the practice is not set up.
    """
    with db.reading() as s:
        practice = repo.get_practice(s)
        if practice is None:
            raise UserError("Set up the practice before printing letters.")
        patient = repo.get_patient(s, done.patient_id)
        credit = [c for c in remit_holds.credit_balances(s, None) if c.id == done.credit_id][0]
        claim, _ = refunds_repo.claim_number(s, credit.claim_id)
        name = f"{patient.first_name} {patient.last_name}"
        payee, lines = name, address_lines(patient.address)
        if done.owed_to == "payer":
            payer = next(p for p in repo.list_payers(s) if p.id == credit.payer_id)
            payee = payer.name
            lines = address_lines(payer.address) if payer.address else ()
        return RefundLetter(
            practice.legal_name, address_lines(practice.address), practice.phone, payee, lines,
            done.owed_to, patient.account_number, name, claim, done.amount,
            done.check_number, done.reason, done.refunded_on)


def write_refund_letter(db: Database, done: RefundDone, out: Path) -> None:
    """Write the refund letter PDF (atomically)."""
    letter = refund_letter(db, done)
    write_atomically(Path(out), lambda h: render_refund_letter(letter, h))
