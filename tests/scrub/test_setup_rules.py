"""Billing-setup rules SETUP-001 to SETUP-010."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain.practice import Address, Provider
from app.scrub.context import ScrubInput
from tests.scrub.builders import (
    REFERRING_ID,
    check,
    claim_input,
    payer,
    practice,
    provider,
    with_encounter,
)


def broken_practice(**changes: object) -> ScrubInput:
    """The clean claim with practice fields set past validation."""
    return claim_input(practice=practice().model_copy(update=changes))


def address(street1: str = "100 Main St", zip_code: str = "627011234") -> Address:
    return Address.model_construct(street1=street1, street2="", city="Springfield",
                                   state="IL", zip=zip_code)


def referred(referrer: Provider) -> ScrubInput:
    """The clean claim with a referring provider on the visit."""
    inp = with_encounter(claim_input(), referring_provider_id=REFERRING_ID)
    return replace(inp, providers={**inp.providers, REFERRING_ID: referrer})


CASES = [
    ("SETUP-001", claim_input(practice=None), claim_input()),
    ("SETUP-002", broken_practice(npi="1234567890"), claim_input()),
    ("SETUP-003", broken_practice(ein="07-1234567"), claim_input()),
    ("SETUP-004", broken_practice(address=address(zip_code="62701")), claim_input()),
    ("SETUP-005", broken_practice(address=address(street1="P.O. Box 12")),
     broken_practice(address=address(street1="12 Boxwood Ln"))),
    ("SETUP-006", claim_input(practice=practice(taxonomy="")), claim_input()),
    ("SETUP-007", claim_input(payer=payer().model_copy(update={"payer_id": "A"})),
     claim_input(payer=payer(submission="paper", payer_id="PAPER1"))),
    ("SETUP-008", claim_input(payer=payer(submission="none")), claim_input()),
    ("SETUP-009", claim_input(providers={}), claim_input()),
    ("SETUP-010", referred(provider(REFERRING_ID).model_copy(update={"npi": "123"})),
     referred(provider(REFERRING_ID))),
]


@pytest.mark.parametrize(("rule_id", "bad", "good"), CASES, ids=[c[0] for c in CASES])
def test_rule_fails_and_passes(rule_id: str, bad: ScrubInput, good: ScrubInput) -> None:
    found = check(rule_id, bad)
    assert found and all(f.rule_id == rule_id and f.owner == "billing" for f in found)
    assert all(f.message and f.hint and f.location for f in found)
    assert check(rule_id, good) == []


def test_practice_rules_are_quiet_without_a_practice() -> None:
    inp = claim_input(practice=None)
    for rule_id in ("SETUP-002", "SETUP-003", "SETUP-004", "SETUP-005", "SETUP-006"):
        assert check(rule_id, inp) == []


def test_npi_location_and_source() -> None:
    [f] = check("SETUP-002", broken_practice(npi="1234567890"))
    assert f.location == "practice.npi" and "check digit" in f.message


@pytest.mark.parametrize("street", ["PO Box 5", "p o box 5", "Post Office Box 5", "POB 5"])
def test_po_box_spellings(street: str) -> None:
    assert check("SETUP-005", broken_practice(address=address(street1=street)))


def test_self_pay_filing_indicator_is_caught() -> None:
    assert check("SETUP-008", claim_input(payer=payer(filing_indicator="ZZ")))


def test_claim_without_payer() -> None:
    [f] = check("SETUP-007", claim_input(payer=None))
    assert f.location == "payer"


def test_rendering_provider_with_bad_npi() -> None:
    bad = provider().model_copy(update={"npi": "1111111111"})
    [f] = check("SETUP-009", claim_input(providers={1: bad}))
    assert "Jones" in f.message and f.location == "encounter.rendering_provider"


def test_referring_provider_not_on_file() -> None:
    inp = with_encounter(claim_input(), referring_provider_id=55)
    [f] = check("SETUP-010", inp)
    assert "55" in f.message
