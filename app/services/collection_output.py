"""Collections output: final-demand letters (PDF) and the agency export (CSV, fixed width)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

from app.domain.collections import EXPORT_FIELDS, DemandLetter, fixed_width
from app.domain.errors import UserError
from app.domain.identifiers import format_zip
from app.domain.money import to_cents
from app.domain.practice import Address
from app.printing.collection_letter import render_demand_letters
from app.services.atomic import write_atomically, write_text_atomically
from app.services.collections import get_layout, policy_of
from app.store import collections_repo as repo
from app.store import repository
from app.store.database import Database


def _lines(a: Address) -> tuple[str, ...]:
    city = f"{a.city}, {a.state} {format_zip(a.zip)}"
    return tuple(x for x in (a.street1, a.street2, city) if x)


def demand_letters(db: Database, patient_ids: list[int], today: date,
                   pay_within_days: int = 14) -> list[DemandLetter]:
    """The final-demand letter of each patient account (in the order given).

    Raises:
        UserError: the practice is not set up, or an account owes nothing.
    """
    with db.reading() as session:
        practice = repository.get_practice(session)
        if practice is None:
            raise UserError("Set up the practice before printing letters.")
        facts = {f.patient_id: f for f in repo.account_facts(session)}
        agency = policy_of(session).agency
        out = []
        for pid in patient_ids:
            if pid not in facts:
                raise UserError(f"Patient account {pid} owes nothing; no letter is needed.")
            patient = repository.get_patient(session, pid)
            out.append(DemandLetter(
                practice_name=practice.legal_name, practice_lines=_lines(practice.address),
                practice_phone=practice.phone, patient_name=facts[pid].name,
                patient_lines=_lines(patient.address), account_number=patient.account_number,
                balance=facts[pid].balance, oldest_owed=facts[pid].oldest_owed,
                letter_date=today, pay_by=today + timedelta(days=pay_within_days),
                agency=agency))
    return out


def write_demand_letters(db: Database, patient_ids: list[int], out: Path, today: date) -> int:
    """Write the final-demand letters as one PDF (atomically); returns the page count."""
    letters = demand_letters(db, patient_ids, today)
    pages = [0]
    write_atomically(Path(out), lambda h: pages.__setitem__(0, render_demand_letters(letters, h)))
    return pages[0]


def _d(value: date | None) -> str:
    return value.strftime("%Y%m%d") if value else ""


def export_records(db: Database, account_ids: list[int] | None = None) -> list[dict[str, str]]:
    """One record per account with the agency (all sent ones by default)."""
    with db.reading() as session:
        accounts = repo.accounts(session, state=None if account_ids else "sent",
                                 ids=account_ids)
        last_paid = repo.last_patient_payments(session)
        out = []
        for a in accounts:
            p = repository.get_patient(session, a.patient_id)
            out.append({
                "account_number": p.account_number, "last_name": p.last_name,
                "first_name": p.first_name, "birth_date": _d(p.birth_date),
                "street1": p.address.street1, "city": p.address.city,
                "state": p.address.state, "zip": p.address.zip, "phone": p.phone,
                "balance": f"{a.bucket:.2f}", "balance_cents": str(to_cents(a.bucket)),
                "last_payment": _d(last_paid.get(a.patient_id)), "sent_on": _d(a.sent_on)})
    return out


def write_agency_export(db: Database, *, csv_out: Path | None = None,
                        fixed_out: Path | None = None,
                        account_ids: list[int] | None = None) -> int:
    """Write the agency export as CSV and/or fixed-width records (each atomically).

    Returns:
        The number of accounts exported.
    """
    records = export_records(db, account_ids)
    if csv_out is not None:
        buf = io.StringIO()
        fields = [f for f in EXPORT_FIELDS if f != "balance_cents"] + ["balance"]
        w = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(records)
        write_text_atomically(Path(csv_out), buf.getvalue())
    if fixed_out is not None:
        layout = get_layout(db)
        write_text_atomically(Path(fixed_out),
                              "".join(fixed_width(r, layout) + "\r\n" for r in records))
    return len(records)
