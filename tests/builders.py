"""Builders named after user actions, for tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.services import patients, settings

PRACTICE = {
    "legal_name": "Test Family Practice",
    "npi": "1234567893",
    "ein": "37-1234567",
    "taxonomy": "207Q00000X",
    "address": {"street1": "100 Main St", "city": "Springfield", "state": "IL",
                "zip": "62701-1234"},
    "phone": "(217) 555-0100",
}


def set_up_practice(db: Any, **changes: Any) -> Any:
    """Save the practice with valid data (override fields with ``changes``)."""
    return settings.save_practice(db, {**PRACTICE, **changes})[0]


def add_payer(db: Any, name: str = "Acme Health Plan", payer_id: str = "ACME1",
              **changes: Any) -> Any:
    """Add a commercial payer."""
    data = {"name": name, "payer_id": payer_id, "filing_indicator": "CI", **changes}
    return settings.save_payer(db, data)[0]


def add_provider(db: Any, npi: str = "1987654328", **changes: Any) -> Any:
    """Add a rendering provider."""
    data = {"last_name": "Jones", "first_name": "Sarah", "credential": "MD", "npi": npi,
            "taxonomy": "208000000X", **changes}
    return settings.save_provider(db, data)[0]


def add_patient(db: Any, last: str = "Smith", first: str = "Robert", account: str = "T0001",
                **changes: Any) -> Any:
    """Register a patient."""
    data = {"account_number": account, "last_name": last, "first_name": first,
            "birth_date": date(1982, 7, 4), "sex": "M",
            "address": {"street1": "7 Elm St", "city": "Springfield", "state": "IL",
                        "zip": "62702"}, **changes}
    return patients.save_patient(db, data)[0]


def add_policy(db: Any, patient_id: int, payer_id: int, **changes: Any) -> Any:
    """Give a patient a primary policy where the patient is the subscriber."""
    data = {"patient_id": patient_id, "payer_id": payer_id, "member_id": "ACM100200300",
            "effective_date": date(2024, 1, 1), **changes}
    return patients.save_policy(db, data)[0]


def add_claim(db: Any, control_number: str, lines: list[tuple[str, str]], *,
              patient_id: int, payer_id: int, policy_id: int, provider_id: int,
              dos: date = date(2025, 1, 10), status: str = "submitted",
              responsibility: str = "P") -> Any:
    """A coded visit with a claim in ``status`` and its charges on the ledger (test shortcut)."""
    from decimal import Decimal

    from app.domain.claims import Claim
    from app.domain.encounters import Encounter, ServiceLine
    from app.domain.ledger import Account, EntryKind, LedgerEntry
    from app.store import coding_repo
    from app.store import repository as repo
    from app.store.claims.writer import insert_claim
    from app.store.database import UnitOfWork

    enc = Encounter(patient_id=patient_id, date_of_service=dos, rendering_provider_id=provider_id,
                    coding_status="coded", diagnoses=("J06.9",),
                    lines=tuple(ServiceLine(line_number=i + 1, code=code, charge=Decimal(charge))
                                for i, (code, charge) in enumerate(lines)))
    with UnitOfWork(db) as uow:
        saved = coding_repo.save_encounter(uow.session, enc)
        claim = insert_claim(uow.session, Claim(
            encounter_id=saved.id, policy_id=policy_id, payer_id=payer_id,
            control_number=control_number, status=status, responsibility=responsibility,
            created_on=dos, submitted_on=dos))
        repo.append_entries(uow.session, [LedgerEntry(
            patient_id=patient_id, encounter_id=saved.id, claim_id=claim.id, line_id=line.id,
            kind=EntryKind.CHARGE, account=Account.PAYER, amount=line.charge, posted_on=dos)
            for line in saved.lines])
        uow.commit()
    return claim
