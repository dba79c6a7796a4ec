"""The patient account ledger (screen, ``patients ledger``, printed ledger)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from app.domain.account_ledger import AccountLedger, build_ledger
from app.domain.identifiers import format_zip
from app.printing.patient_account import PracticeHeading, render_ledger, render_receipt
from app.services import patient_payments
from app.store import ledger_source, payments_repo
from app.store import repository as repo
from app.store.database import Database


def patient_ledger(db: Database, patient_id: int) -> AccountLedger:
    """Every visit, claim, charge, payment, adjustment, transfer and refund of a patient.

    Lines are in date order with the running balance split into insurance pending, patient
    owed and credit.

    Raises:
        NotFound: no such patient.
    """
    with db.reading() as s:
        patient = repo.get_patient(s, patient_id)
        return build_ledger(
            patient_id, f"{patient.last_name}, {patient.first_name}", patient.account_number,
            ledger_source.visits_of(s, patient_id), ledger_source.claims_of(s, patient_id),
            repo.entries_for(s, patient_id=patient_id),
            payments_repo.payment_of_entries(s, patient_id))


def _heading(session: Any) -> PracticeHeading:
    practice = repo.get_practice(session)
    if practice is None:
        return PracticeHeading("", (), "")
    a = practice.address
    city = f"{a.city}, {a.state} {format_zip(a.zip)}"
    phone = practice.phone
    shown = f"({phone[:3]}) {phone[3:6]}-{phone[6:]}" if len(phone) == 10 else phone
    return PracticeHeading(practice.legal_name, tuple(x for x in (a.street1, a.street2, city)
                                                      if x), shown)


def _write(out: Path, render: Callable[[BinaryIO], int]) -> int:
    """Render into ``out.part`` then rename it: a failure leaves no half-written PDF."""
    tmp = out.with_name(out.name + ".part")
    try:
        with tmp.open("wb") as handle:
            pages = render(handle)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return pages


def write_ledger_pdf(db: Database, patient_id: int, out: Path,
                     today: date | None = None) -> int:
    """Print the patient's account ledger to ``out``; returns the page count.

    Raises:
        NotFound: no such patient.
    """
    ledger = patient_ledger(db, patient_id)
    with db.reading() as s:
        heading = _heading(s)
    return _write(out, lambda f: render_ledger(heading, ledger, f, today or date.today()))


def write_receipt_pdf(db: Database, payment_id: int, out: Path,
                      today: date | None = None) -> int:
    """Print the receipt of a patient payment to ``out``; returns the page count.

    Raises:
        NotFound: no such payment.
    """
    line = patient_payments.get_payment(db, payment_id)
    with db.reading() as s:
        heading = _heading(s)
    return _write(out, lambda f: render_receipt(heading, line, f, today or date.today()))
