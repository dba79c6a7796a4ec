"""A small practice worked out by hand for deposits, day close, plans and collections.

On 2025-02-01 (``DAY``):
* charges: Doe's visit with Dr Patel 150.00 (PCN0010), Brown's visit with Dr Jones 30.00
  (PCN0011): 180.00
* the Acme ERA (EFT20250201001, ACH 182.40) pays PCN0001 82.40 and PCN0004 100.00, with
  CO adjustments 27.60 + 25.00 + 10.00 = 62.60 (and 25.00 PR moved to Brown)
* patient payments: Brown 25.00 cash (on PCN0004's visit), Doe 40.00 check, Doe 15.00 card
* a 5.00 refund to Doe
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from app.domain.ledger import Account, EntryKind, LedgerEntry
from app.services import remittances
from app.store import repository as repo
from app.store.database import Database, UnitOfWork
from tests import builders

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "standards" / "fixtures"
ERA = FIXTURES / "835_paid_and_partial.txt"
DAY = date(2025, 2, 1)
D = Decimal


@dataclass
class Practice:
    """Ids of what the builder made."""

    doe: int
    brown: int
    claims: dict[str, object]
    entries: dict[str, int]


def patient_entry(db: Database, patient_id: int, kind: EntryKind, amount: str, *,
                  on: date = DAY, ref: str = "", encounter_id: int | None = None) -> int:
    """Post one patient-side entry (stands in for the patient-payments screen)."""
    with UnitOfWork(db) as uow:
        [saved] = repo.append_entries(uow.session, [LedgerEntry(
            patient_id=patient_id, encounter_id=encounter_id, kind=kind,
            account=Account.PATIENT, amount=D(amount), reference=ref, posted_on=on)])
        uow.commit()
    assert saved.id is not None
    return saved.id


def build(db: Database, *, with_era: bool = True) -> Practice:
    """The practice above."""
    builders.set_up_practice(db)
    payer = builders.add_payer(db, "Acme Health Plan", "12345")
    jones = builders.add_provider(db)
    patel = builders.add_provider(db, npi="1555555550", last_name="Patel", first_name="Anita")
    made = {}
    for name, account in (("Doe", "P1"), ("Brown", "P4")):
        patient = builders.add_patient(db, name, "Pat", account)
        policy = builders.add_policy(db, patient.id, payer.id, member_id=f"M{account}")
        made[account] = (patient, policy)

    def claim(control: str, account: str, lines: list[tuple[str, str]], provider: int,
              dos: date) -> object:
        patient, policy = made[account]
        return builders.add_claim(db, control, lines, patient_id=patient.id,
                                  policy_id=policy.id, payer_id=payer.id,
                                  provider_id=provider, dos=dos)

    claims = {
        "PCN0001": claim("PCN0001", "P1", [("99213", "110")], jones.id, date(2025, 1, 10)),
        "PCN0004": claim("PCN0004", "P4", [("99214", "130"), ("36415", "30")], jones.id,
                         date(2025, 1, 12)),
        "PCN0010": claim("PCN0010", "P1", [("99214", "150")], patel.id, DAY),
        "PCN0011": claim("PCN0011", "P4", [("36415", "30")], jones.id, DAY),
    }
    doe, brown = made["P1"][0].id, made["P4"][0].id
    if with_era:
        remittances.import_835(db, ERA, today=DAY, validate_structure=False)
    enc4 = claims["PCN0004"].encounter_id  # type: ignore[attr-defined]
    entries = {
        "brown_cash": patient_entry(db, brown, EntryKind.PAYMENT, "25.00", ref="R1",
                                    encounter_id=enc4),
        "doe_check": patient_entry(db, doe, EntryKind.PAYMENT, "40.00", ref="CHK 1001"),
        "doe_card": patient_entry(db, doe, EntryKind.PAYMENT, "15.00", ref="VISA 4242"),
        "doe_refund": patient_entry(db, doe, EntryKind.REFUND, "5.00", ref="REF 1"),
    }
    return Practice(doe, brown, claims, entries)
