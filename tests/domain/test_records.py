from datetime import date
from decimal import Decimal

import pytest

from app.domain.base import build
from app.domain.claims import ClaimStatus, can_transition, transition
from app.domain.encounters import Encounter, ServiceLine, normalize_icd
from app.domain.errors import TransitionNotAllowed, ValidationFailed
from app.domain.ledger import (
    Account,
    ClaimAmounts,
    EntryKind,
    GroupCode,
    LedgerEntry,
    claim_amounts,
    patient_balance,
)
from app.domain.patients import Policy
from app.domain.practice import Practice

GOOD_PRACTICE = {
    "legal_name": "Sunrise", "npi": "1234567893", "ein": "37-1234567",
    "address": {"street1": "100 Main St", "city": "Springfield", "state": "il",
                "zip": "62701-1234"},
    "phone": "217-555-0100",
}


def test_practice_normalizes_identifiers() -> None:
    p = build(Practice, GOOD_PRACTICE)
    assert p.ein == "371234567"
    assert p.address.zip == "627011234"
    assert p.address.state == "IL"
    assert p.phone == "2175550100"


def test_practice_reports_every_bad_field_at_once() -> None:
    bad = {**GOOD_PRACTICE, "npi": "1234567890", "phone": "555",
           "address": {**GOOD_PRACTICE["address"], "state": "QQ"}}
    with pytest.raises(ValidationFailed) as info:
        build(Practice, bad)
    fields = {p.field for p in info.value.problems}
    assert fields == {"npi", "phone", "address.state"}


def test_billing_provider_needs_zip_plus_4_and_street_address() -> None:
    with pytest.raises(ValidationFailed) as info:
        build(Practice, {**GOOD_PRACTICE, "address": {**GOOD_PRACTICE["address"],
                                                      "zip": "62701"}})
    assert info.value.problems[0].field == "address.zip"
    assert "ZIP+4" in info.value.problems[0].message
    with pytest.raises(ValidationFailed) as info:
        build(Practice, {**GOOD_PRACTICE, "address": {**GOOD_PRACTICE["address"],
                                                      "street1": "P.O. Box 44"}})
    assert info.value.problems[0].field == "address.street1"


def test_dependent_policy_needs_subscriber() -> None:
    with pytest.raises(ValidationFailed) as info:
        build(Policy, {"payer_id": 1, "member_id": "X123", "relationship": "19",
                       "effective_date": date(2025, 1, 1)})
    assert info.value.problems[0].field == "subscriber"


def test_service_line_rules() -> None:
    with pytest.raises(ValidationFailed) as info:
        build(ServiceLine, {"code": "99213", "modifiers": ("25A",), "charge": Decimal("10"),
                            "pointers": (13,)})
    assert {p.field for p in info.value.problems} == {"modifiers", "pointers"}
    line = build(ServiceLine, {"code": "j0696", "charge": Decimal("78.50"), "pointers": (1, 2)})
    assert line.code == "J0696" and line.pointer_letters == "AB"


def test_encounter_limits_and_icd_normalization() -> None:
    assert normalize_icd("e1165") == "E11.65"
    base = {"patient_id": 1, "date_of_service": date(2026, 1, 5), "rendering_provider_id": 1}
    enc = build(Encounter, {**base, "diagnoses": ("j069", "R50.9")})
    assert enc.diagnoses == ("J06.9", "R50.9")
    with pytest.raises(ValidationFailed):
        build(Encounter, {**base, "diagnoses": tuple(f"J0{i}" for i in range(13))})


def test_claim_status_machine() -> None:
    assert transition(ClaimStatus.READY, ClaimStatus.SUBMITTED) == ClaimStatus.SUBMITTED
    assert not can_transition(ClaimStatus.VOID, ClaimStatus.DRAFT)
    with pytest.raises(TransitionNotAllowed) as info:
        transition(ClaimStatus.DRAFT, ClaimStatus.PAID)
    assert "ready" in info.value.hint


def _entry(kind: EntryKind, amount: str, account: Account = Account.PAYER,
           group: GroupCode | None = None) -> LedgerEntry:
    return LedgerEntry(patient_id=1, claim_id=1, kind=kind, account=account,
                       amount=Decimal(amount), group_code=group, posted_on=date(2026, 1, 1))


def test_claim_and_patient_balances_come_from_the_ledger() -> None:
    entries = [
        _entry(EntryKind.CHARGE, "150.00"), _entry(EntryKind.CHARGE, "50.00"),
        _entry(EntryKind.PAYMENT, "120.00"),
        _entry(EntryKind.ADJUSTMENT, "50.00", group=GroupCode.CO),
        _entry(EntryKind.TRANSFER, "20.00", Account.PATIENT, GroupCode.PR),
        _entry(EntryKind.PAYMENT, "5.00", Account.PATIENT),
    ]
    amounts = claim_amounts(entries)
    assert amounts == ClaimAmounts(Decimal("200.00"), Decimal("120.00"), Decimal("50.00"),
                                   Decimal("20.00"))
    assert amounts.balance == Decimal("10.00")
    assert patient_balance(entries) == Decimal("15.00")


def test_ledger_entry_rules() -> None:
    with pytest.raises(ValidationFailed):
        build(LedgerEntry, {"patient_id": 1, "kind": "adjustment", "account": "payer",
                            "claim_id": 1, "amount": Decimal("1.00"),
                            "posted_on": date(2026, 1, 1)})
    with pytest.raises(ValidationFailed):
        build(LedgerEntry, {"patient_id": 1, "kind": "payment", "account": "payer",
                            "amount": Decimal("1.00"), "posted_on": date(2026, 1, 1)})
