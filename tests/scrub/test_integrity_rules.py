"""Claim-integrity rules INT-001 to INT-008."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.domain.claims import FrequencyCode
from app.scrub.context import ScrubInput
from tests.scrub.builders import (
    DOS,
    broken_line,
    check,
    claim,
    claim_input,
    line,
    with_encounter,
    with_lines,
)

THIRTEEN = ("I10", "E78.5", "J06.9", "E11.9", "H66.91", "M25.561", "M17.11", "Z23", "G30.9",
            "N40.0", "S93.402A", "Z00.00", "P59.9")

CASES = [
    ("INT-001", with_encounter(claim_input(), diagnoses=THIRTEEN),
     with_encounter(claim_input(), diagnoses=THIRTEEN[:12])),
    ("INT-002", with_lines(claim_input(), *[line(line_number=1)] * 51),
     with_lines(claim_input(), *[line()] * 50)),
    ("INT-003", with_lines(claim_input()), claim_input()),
    ("INT-004", with_lines(claim_input(), line(), broken_line(charge=None)), claim_input()),
    ("INT-005", replace(claim_input(), duplicate_claims=("C0000123",)), claim_input()),
    ("INT-006", claim_input(claim=claim(frequency_code=FrequencyCode.REPLACEMENT)),
     claim_input(claim=claim(frequency_code=FrequencyCode.REPLACEMENT,
                             payer_claim_number="2026101500123"))),
    ("INT-007", claim_input(claim=claim().model_copy(update={"control_number": "C_0001"})),
     claim_input()),
    ("INT-008", replace(claim_input(), today=date(2026, 10, 1)),
     replace(claim_input(), today=DOS)),
]


@pytest.mark.parametrize(("rule_id", "bad", "good"), CASES, ids=[c[0] for c in CASES])
def test_rule_fails_and_passes(rule_id: str, bad: ScrubInput, good: ScrubInput) -> None:
    found = check(rule_id, bad)
    assert found and all(f.rule_id == rule_id for f in found)
    assert all(f.message and f.hint and f.location for f in found)
    assert check(rule_id, good) == []


def test_duplicate_names_the_other_claim() -> None:
    [f] = check("INT-005", replace(claim_input(), duplicate_claims=("C0000123",)))
    assert f.message.startswith("Possible duplicate of C0000123")


def test_void_without_payer_claim_number() -> None:
    [f] = check("INT-006", claim_input(claim=claim(frequency_code=FrequencyCode.VOID)))
    assert "void" in f.message and f.location == "claim.payer_claim_number"


def test_control_number_longer_than_20() -> None:
    long_claim = claim().model_copy(update={"control_number": "C" * 21})
    assert check("INT-007", claim_input(claim=long_claim))


def test_missing_charge_location() -> None:
    [f] = check("INT-004", with_lines(claim_input(), line(), broken_line(charge=None)))
    assert f.location == "lines[1].charge"
