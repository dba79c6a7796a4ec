"""Charge entry state and rules, without Qt."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.domain.encounters import Encounter
from app.domain.errors import ValidationFailed
from app.domain.findings import Finding, Owner, Severity
from app.ui.presenters.charge_entry import ChargeEntry

FEES = {("99213", ""): ("Office visit est. low", Decimal("125.00")),
        ("99214", ""): ("Office visit est. moderate", Decimal("180.00")),
        ("J0696", ""): ("Ceftriaxone 250 mg", Decimal("78.50")),
        ("87880", ""): ("Rapid strep test", Decimal("32.00"))}
FAVORITES = [("icd10", "J02.0", "Streptococcal pharyngitis"), ("cpt", "87880", "Strep test")]


def entry() -> ChargeEntry:
    enc = Encounter(id=7, version=1, patient_id=1, rendering_provider_id=1,
                    date_of_service=date(2025, 3, 10))
    return ChargeEntry(enc, dict(FEES), list(FAVORITES))


def test_a_typed_cpt_code_adds_a_line_with_its_scheduled_charge() -> None:
    charges = entry()
    added = charges.enter("99213")
    assert added.kind == "line" and not added.message
    line = charges.editor.lines[0]
    assert (line.code, line.charge, line.description) == ("99213", "125.00",
                                                          "Office visit est. low")
    charges.set_line_field(0, "units", "2")
    assert charges.editor.lines[0].charge == "250.00" and charges.total == Decimal("250.00")


def test_diagnoses_by_code_and_the_first_one_fills_empty_pointers() -> None:
    charges = entry()
    charges.enter("99213")
    assert charges.editor.lines[0].pointers == ""
    assert charges.enter("j069").kind == "dx"
    assert charges.editor.diagnoses == ["J06.9"] and charges.editor.lines[0].pointers == "A"
    assert charges.enter("E11.65").kind == "dx"
    charges.enter("99214")
    assert charges.editor.lines[1].pointers == "AB"
    assert charges.enter("J06.9").message == "J06.9 is already diagnosis A."


def test_letter_codes_are_procedures_only_when_scheduled() -> None:
    charges = entry()
    assert charges.enter("J0696").kind == "line"  # the drug on the schedule
    assert charges.enter("J0690").kind == "dx"  # a diagnosis code without its dot
    assert charges.editor.diagnoses == ["J06.90"]


def test_an_unscheduled_procedure_asks_for_its_charge() -> None:
    charges = entry()
    added = charges.enter("99999")
    assert added.kind == "line" and "not on the fee schedule" in added.message
    assert charges.editor.lines[0].charge == ""


def test_words_pick_favorites_first_then_the_fee_schedule() -> None:
    charges = entry()
    assert [p.code for p in charges.picks("strep")] == ["J02.0", "87880"]
    assert charges.picks("strep")[0].favorite and charges.picks("strep")[0].is_diagnosis
    assert [p.code for p in charges.picks("9921")] == ["99213", "99214"]
    assert charges.enter("office mod").kind == "line"
    assert charges.editor.lines[0].code == "99214"
    favorite = charges.picks("strep")[0]
    assert charges.enter("", favorite).kind == "dx"
    assert "No code" in charges.enter("zzzz qqq").message


def test_build_is_offered_only_without_errors() -> None:
    charges = entry()
    assert "Add at least one" in charges.build_blockers()
    charges.enter("J06.9")
    charges.enter("99213")
    assert charges.build_blockers() == ""
    error = Finding(rule_id="CODE-002", severity=Severity.ERROR, owner=Owner.CODING,
                    message="Not billable", location="diagnoses[0]")
    charges.set_findings([error])
    assert "errors" in charges.build_blockers() and charges.summary() == "Checks: 1 error"


def test_bad_units_are_an_entry_problem_and_block_saving() -> None:
    charges = entry()
    charges.enter("J06.9")
    charges.enter("99213")
    charges.set_line_field(0, "units", "two")
    with pytest.raises(ValidationFailed):
        charges.save_data()
    assert charges.findings[0].location == "lines[0].units"
    charges.set_line_field(0, "units", "1")
    data = charges.save_data()
    assert data["lines"][0]["charge"] == Decimal("125.00") and data["diagnoses"] == ("J06.9",)
    assert charges.dirty


def test_typed_diagnoses_get_their_description() -> None:
    enc = Encounter(id=7, version=1, patient_id=1, rendering_provider_id=1,
                    date_of_service=date(2025, 3, 10))
    charges = ChargeEntry(enc, dict(FEES), [], {"J06.9": "Acute URI"}.get)  # type: ignore[arg-type]
    charges.enter("j069")
    assert charges.editor.descriptions["J06.9"] == "Acute URI"
