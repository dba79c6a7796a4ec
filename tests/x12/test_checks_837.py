from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.domain.submission import ClaimData, PersonName
from app.x12.checks_837 import check_claims
from app.x12.validate import validate_x12
from app.x12.writer_837 import write_837
from tests.x12 import claims as c

TODAY = date(2026, 11, 23)


def fields(claim: ClaimData, **kwargs: object) -> list[str]:
    return [p.field for p in check_claims([claim], today=TODAY, **kwargs)]  # type: ignore[arg-type]


@pytest.mark.parametrize("build", [c.minimal_claim, c.dependent_claim, c.secondary_claim,
                                   c.many_lines_claim])
def test_fixture_claims_are_clean(build: object) -> None:
    assert check_claims([build()], today=TODAY) == []  # type: ignore[operator]


def _pyx12_accepts(claim: ClaimData) -> bool:
    return validate_x12(write_837([claim], c.envelope()), "t") == []


# -- what pyx12 misses ---------------------------------------------------------------------------
def test_bad_npi_check_digit_everywhere() -> None:
    claim = c.minimal_claim(
        billing=c.billing(npi="1234567890"),
        rendering=c.JONES.model_copy(update={"npi": "1987654320"}),
        referring=c.PATEL.model_copy(update={"npi": "155555555"}))
    problems = check_claims([claim], today=TODAY)
    assert [p.field for p in problems] == ["2010AA/NM109", "2310A/NM109", "2310B/NM109"]
    assert problems[0].source == "claim PCN0001"
    assert "check digit" in problems[0].message
    assert "10 digits" in problems[1].message
    assert _pyx12_accepts(claim)


def test_a_shared_bad_billing_provider_is_reported_on_every_claim() -> None:
    bad = c.billing(npi="1234567890")
    batch = [c.minimal_claim(billing=bad, control_number=f"PCN000{n}") for n in (1, 2, 3)]
    problems = check_claims(batch, today=TODAY)
    assert [(p.source, p.field) for p in problems] == [
        (f"claim PCN000{n}", "2010AA/NM109") for n in (1, 2, 3)]


def test_billing_zip5_and_po_box() -> None:
    claim = c.minimal_claim(billing=c.billing(address=c.address("P.O. Box 12", "62701")))
    assert fields(claim) == ["2010AA/N403", "2010AA/N301"]
    assert _pyx12_accepts(claim)


def test_pointer_beyond_hi() -> None:
    claim = c.minimal_claim(lines=(c.line(1), c.line(2, pointers=(1, 3))))
    problems = check_claims([claim], today=TODAY)
    assert [p.field for p in problems] == ["2400[2]/SV107"]
    assert "pointer 3" in problems[0].message and "it has 2" in problems[0].message
    assert _pyx12_accepts(claim)


def test_clm01_longer_than_20_and_duplicates() -> None:
    long = c.minimal_claim(control_number="PCN0001-RESUBMIT-0002")
    assert fields(long) == ["2300/CLM01"]
    assert _pyx12_accepts(long)
    dup = check_claims([c.minimal_claim(), c.minimal_claim()], today=TODAY)
    assert [p.field for p in dup] == ["2300/CLM01", "2300/CLM01"]
    assert fields(c.minimal_claim(control_number="PCN 1*")) == ["2300/CLM01"]


def test_dob_in_future_and_dos_after_today() -> None:
    sub, pat = c.john_doe()
    claim = c.minimal_claim(patient=pat.model_copy(update={"birth_date": date(2027, 1, 1)}),
                            lines=(c.line(1, date_from=date(2026, 11, 24)),))
    assert fields(claim) == ["2010BA/DMG02", "2400[1]/DTP03"]
    dep = c.dependent_claim()
    dep = dep.model_copy(update={"patient": dep.patient.model_copy(
        update={"birth_date": date(2030, 1, 1)})})
    assert fields(dep) == ["2010CA/DMG02"]


def test_ein_with_hyphen_or_short() -> None:
    assert fields(c.minimal_claim(billing=c.billing(ein="37-12345"))) == ["2010AA/REF02"]


def test_diagnosis_rules() -> None:
    dx13 = tuple(f"J0{n}" for n in range(10)) + ("R51", "R05", "R06")
    assert fields(c.minimal_claim(diagnoses=dx13)) == ["2300/HI"]
    assert fields(c.minimal_claim(diagnoses=())) == ["2300/HI"] + ["2400[1]/SV107"] * 2
    assert fields(c.minimal_claim(diagnoses=("J06.9", "99213"))) == ["2300/HI02-2"]
    assert fields(c.minimal_claim(diagnoses=("J06.9", "J069"))) == ["2300/HI"]


def test_line_rules() -> None:
    bad = c.line(1, charge="0", modifiers=("255", "25", "59", "76", "77"),
                 pointers=(1, 2, 1, 2, 1), units=Decimal("0"), ndc="409-7337")
    found = fields(c.minimal_claim(lines=(bad,)))
    assert found == ["2400[1]/SV102", "2400[1]/SV104", "2400[1]/SV101", "2400[1]/SV101-3",
                     "2400[1]/SV107", "2400[1]/SV107", "2400[1]/LIN03"]
    assert fields(c.minimal_claim(lines=(c.line(1, charge="10.005"),))) == ["2400[1]/SV102"]
    assert fields(c.many_lines_claim(51)) == ["2400"]
    ranged = c.line(1, date_from=date(2025, 1, 10), date_to=date(2025, 1, 9))
    assert fields(c.minimal_claim(lines=(ranged,))) == ["2400[1]/DTP03"]


def test_frequency_needs_payer_claim_number() -> None:
    assert fields(c.minimal_claim(frequency_code="7")) == ["2300/REF02"]
    assert fields(c.minimal_claim(frequency_code="8", payer_claim_number="X")) == []
    assert fields(c.minimal_claim(frequency_code="3")) == ["2300/CLM05-3"]


def test_sbr02_rules() -> None:
    sub, _ = c.john_doe()
    other = sub.model_copy(update={"name": PersonName(last="Doe", first="Mary")})
    assert fields(c.minimal_claim(subscriber=other)) == ["2000B/SBR02"]
    assert fields(c.dependent_claim(relationship="99")) == ["2000C/PAT01"]
    sec = c.secondary_claim()
    bad_other = sec.other_payers[0].model_copy(update={"relationship": "77",
                                                       "responsibility": "S"})
    assert fields(sec.model_copy(update={"other_payers": (bad_other,)})) == [
        "2320[1]/SBR02", "2320[1]/SBR01"]


def test_cob_balance() -> None:
    sec = c.secondary_claim()
    other = sec.other_payers[0].model_copy(update={"paid": Decimal("119.99")})
    problems = check_claims([sec.model_copy(update={"other_payers": (other,)})], today=TODAY)
    assert [p.field for p in problems] == ["2320[1]/AMT02"]
    assert "Acme Health Plan" in problems[0].message


def test_names_that_clean_to_nothing() -> None:
    sub, pat = c.john_doe()
    dots = PersonName(last="...", first="J")
    claim = c.minimal_claim(subscriber=sub.model_copy(update={"name": dots}),
                            patient=pat.model_copy(update={"name": dots}),
                            rendering=c.JONES.model_copy(update={"name": PersonName(last="*")}))
    assert fields(claim) == ["2010BA/NM103", "2310B/NM103"]


def test_accident_needs_state() -> None:
    assert fields(c.minimal_claim(accident_cause="AA")) == ["2300/CLM11-4"]
    assert fields(c.minimal_claim(accident_cause="EM")) == []
