"""Diagnosis rules CODE-001 to CODE-013: one failing and one passing example each."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.codes import Validity
from app.domain.findings import Severity
from app.scrub.context import ScrubInput
from tests.scrub.builders import (
    broken_line,
    check,
    coding_input,
    line,
    patient,
    with_encounter,
    with_lines,
)
from tests.scrub.fakes import RELEASE, FakeFacts


def dx(*codes: str, documentation: str = "", **changes: object) -> ScrubInput:
    """Coding input with these diagnoses (unvalidated, so duplicates are possible)."""
    inp = coding_input(**changes)  # type: ignore[arg-type]
    return with_encounter(inp, diagnoses=codes, documentation=documentation)


# rule id, failing input, passing input
CASES = [
    ("CODE-001", dx("E11.99"), dx("E11.9")),
    ("CODE-002", dx("J06"), dx("J06.9")),
    ("CODE-003", dx("S93.402"), dx("S93.402A")),
    ("CODE-004", dx("E11.9", facts=FakeFacts(invalid_on={"E11.9": Validity(
        False, "E11.9 was deleted on 09/30/2026.")})), dx("E11.9")),
    ("CODE-005", dx("I10", "I10"), dx("I10", "E78.5")),
    ("CODE-006", dx("E11.9", "E10.9"), dx("E11.9", "I10")),
    ("CODE-007", dx("F02.80", "G30.9"), dx("G30.9", "F02.80")),
    ("CODE-008", dx("W19.XXXA", "S93.402A"), dx("S93.402A", "W19.XXXA")),
    ("CODE-009", dx("N76.0"), dx("N40.0")),
    ("CODE-010", dx("Z00.129"), dx("Z00.00")),
    ("CODE-011", dx("H66.90", documentation="Otitis media of the right ear."),
     dx("H66.90", documentation="Otitis media, ear not documented.")),
    ("CODE-012", dx(), dx("I10")),
    ("CODE-013", with_lines(dx("I10"), line(pointers=(1, 2))), dx("I10")),
    ("CODE-025", dx("I10", "N18.30", "E11.22"), dx("I10", "E11.22", "N18.30")),
]


@pytest.mark.parametrize(("rule_id", "bad", "good"), CASES, ids=[c[0] for c in CASES])
def test_rule_fails_and_passes(rule_id: str, bad: ScrubInput, good: ScrubInput) -> None:
    found = check(rule_id, bad)
    assert found and all(f.rule_id == rule_id for f in found)
    assert all(f.message and f.hint and f.location for f in found)
    assert check(rule_id, good) == []


def test_unknown_code_offers_the_validity_suggestion() -> None:
    facts = FakeFacts(invalid_on={"T36.01A": Validity(False, "unknown", "T36.0X1A")})
    [f] = check("CODE-001", dx("T36.01A", facts=facts))
    assert f.hint == "Did you mean T36.0X1A?"
    assert f.location == "diagnoses[0]" and f.source == RELEASE


def test_category_lists_its_billable_children() -> None:
    [f] = check("CODE-002", dx("I10", "E11"))
    assert f.location == "diagnoses[1]"
    assert "1 billable code" in f.hint and "E11.9" in f.hint


@pytest.mark.parametrize(("code", "suggestion"), [("S93.402", "S93.402A"),
                                                  ("S13.4", "S13.4XXA")])
def test_seventh_character_hint_shows_table_and_placeholder(code: str, suggestion: str) -> None:
    [f] = check("CODE-003", dx(code))
    assert f"{code} -> {suggestion}" in f.hint
    assert "A (initial encounter)" in f.hint and "S (sequela)" in f.hint
    assert check("CODE-002", dx(code)) == []  # one finding, not two


def test_placeholder_padding_is_mentioned_for_short_codes() -> None:
    [f] = check("CODE-003", dx("S13.4"))
    assert "placeholder X" in f.hint


def test_excludes1_is_reported_once_per_pair_and_names_the_note() -> None:
    found = check("CODE-006", dx("E11.9", "I10", "E10.9"))
    assert len(found) == 1
    assert found[0].location == "diagnoses[2]"
    assert "(E10.-)" in found[0].message and "[E11]" not in found[0].message
    assert found[0].severity == Severity.WARNING


def test_excludes1_ignores_the_ancestor_tag() -> None:
    # E11.9's inherited notes end with "[E11]": that must not exclude E11 codes themselves.
    facts = FakeFacts()
    assert check("CODE-006", dx("E11.9", facts=facts)) == []


def test_manifestation_hint_names_the_underlying_conditions() -> None:
    [f] = check("CODE-007", dx("F02.80"))
    assert "G30" in f.hint and "F02.80" in f.hint and f.location == "diagnoses[0]"


@pytest.mark.parametrize("code", ["L89.151", "N18.30"])
def test_code_first_any_associated_is_not_a_manifestation(code: str) -> None:
    assert check("CODE-007", dx(code)) == []


def test_manifestation_first_is_not_also_a_sequencing_warning() -> None:
    assert check("CODE-025", dx("F02.80", "G30.9")) == []
    assert check("CODE-007", dx("F02.80", "G30.9"))


def test_sequencing_warning_names_the_code_to_move() -> None:
    [f] = check("CODE-025", dx("N18.30", "E11.22"))
    assert f.severity == Severity.WARNING and f.hint == "Move E11.22 above N18.30."


def test_sex_conflict_for_pregnancy_on_a_male_and_prostate_on_a_female() -> None:
    assert check("CODE-009", dx("O80", patient=patient(birth_date=date(1990, 1, 1))))
    assert check("CODE-009", dx("N40.0", patient=patient(sex="F")))
    assert check("CODE-009", dx("O80", patient=patient(sex="U"))) == []


@pytest.mark.parametrize(("code", "born", "flagged"), [
    ("P59.9", date(2026, 9, 1), False), ("P59.9", date(2020, 9, 1), True),
    ("Z00.00", date(2012, 1, 1), True), ("Z00.129", date(2012, 1, 1), False),
    ("O80", date(1950, 1, 1), True), ("O80", date(1990, 1, 1), False),
])
def test_age_edits_use_age_on_the_date_of_service(code: str, born: date, flagged: bool) -> None:
    inp = dx(code, patient=patient(birth_date=born, sex="F"))
    assert bool(check("CODE-010", inp)) is flagged


def test_more_specific_code_is_a_hint_naming_the_sibling() -> None:
    [f] = check("CODE-011", dx("H66.90", documentation="Rt ear pain; otitis media"))
    assert f.severity == Severity.HINT and "H66.91" in f.hint


def test_pointer_without_any_pointer() -> None:
    inp = with_lines(dx("I10"), broken_line(pointers=()))
    [f] = check("CODE-013", inp)
    assert f.location == "lines[0].pointers" and "no diagnosis" in f.message


def test_pointer_beyond_the_diagnoses_names_the_letter() -> None:
    [f] = check("CODE-013", with_lines(dx("I10"), line(pointers=(1, 3))))
    assert "C" in f.message and "1 diagnosis" in f.message


def test_no_pointer_finding_when_there_are_no_diagnoses() -> None:
    assert check("CODE-013", dx()) == []
