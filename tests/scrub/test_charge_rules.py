"""Charge-entry rules CHG-001 to CHG-007."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from app.domain.findings import Severity
from app.scrub.context import ScrubInput
from tests.scrub.builders import (
    DOS,
    broken_line,
    check,
    coding_input,
    line,
    patient,
    with_encounter,
    with_lines,
)


def lines(*items: object) -> ScrubInput:
    return with_lines(coding_input(), *items)  # type: ignore[arg-type]


NDC = {"ndc": "00009082501", "ndc_unit": "ML", "ndc_quantity": Decimal("1")}

CASES = [
    ("CHG-001", lines(line(charge=Decimal("0.00"))), lines(line(charge=Decimal("0.01")))),
    ("CHG-002", lines(broken_line(charge=Decimal("10.005"))), lines(line(charge=Decimal("10.5")))),
    ("CHG-003", lines(broken_line(units=Decimal(0))), lines(line(units=Decimal(2)))),
    ("CHG-004", lines(line(units=Decimal("1.5"))), lines(line(units=Decimal(1)))),
    ("CHG-005", lines(broken_line(line("J1100"), ndc="0009082501", ndc_unit="ML",
                                  ndc_quantity=Decimal(1))), lines(line("J1100", **NDC))),
    ("CHG-006", with_encounter(coding_input(), place_of_service="30"),
     with_encounter(coding_input(), place_of_service="02")),
    ("CHG-007", replace(coding_input(), patient=patient(birth_date=date(2026, 10, 10))),
     replace(coding_input(), patient=patient(birth_date=DOS))),
]


@pytest.mark.parametrize(("rule_id", "bad", "good"), CASES, ids=[c[0] for c in CASES])
def test_rule_fails_and_passes(rule_id: str, bad: ScrubInput, good: ScrubInput) -> None:
    found = check(rule_id, bad)
    assert found and all(f.rule_id == rule_id and f.owner == "charge_entry" for f in found)
    assert all(f.message and f.hint and f.location for f in found)
    assert check(rule_id, good) == []


def test_negative_charge_is_an_error_on_the_line() -> None:
    [f] = check("CHG-001", lines(line(), broken_line(charge=Decimal("-5.00"))))
    assert f.location == "lines[1].charge" and f.severity == Severity.ERROR


def test_category_ii_code_may_be_billed_at_zero() -> None:
    assert check("CHG-001", lines(line("3074F", charge=Decimal("0.00")))) == []


def test_anesthesia_minutes_may_be_fractional() -> None:
    assert check("CHG-004", lines(line("00810", units=Decimal("1.5")))) == []


@pytest.mark.parametrize(("changes", "text"), [
    ({"ndc_unit": ""}, "unit"), ({"ndc_unit": "XX"}, "unit"),
    ({"ndc_quantity": None}, "quantity"), ({"ndc_quantity": Decimal(0)}, "quantity"),
])
def test_ndc_needs_unit_and_quantity(changes: dict[str, object], text: str) -> None:
    [f] = check("CHG-005", lines(broken_line(line("J1100", **NDC), **changes)))
    assert text in f.message and f.location == "lines[0].ndc"


def test_line_place_of_service_is_checked() -> None:
    inp = lines(line(), broken_line(place_of_service="98"))
    [f] = check("CHG-006", inp)
    assert f.location == "lines[1].place_of_service"


def test_place_of_service_list_comes_from_the_input() -> None:
    inp = replace(coding_input(), places_of_service=frozenset({"22"}))
    [f] = check("CHG-006", inp)
    assert f.location == "encounter.place_of_service"
