"""The coding editor presenter and the code-refine rules, without widgets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.domain.codes import CodeDetail, SeventhChar
from app.domain.encounters import Encounter, ServiceLine
from app.domain.errors import ValidationFailed
from app.domain.findings import Finding, Owner, Severity
from app.ui.presenters.coding_codes import laterality_choices, refine_step, with_seventh
from app.ui.presenters.coding_editor import (
    CodingEditor,
    Place,
    parse_location,
    remap_pointers,
    split_modifiers,
)

FEES = {"99213": Decimal("145.00"), "J1030": Decimal("22.00")}


def fee_for(code: str, _modifier: str) -> Decimal | None:
    return FEES.get(code)


def encounter(dx: tuple[str, ...] = (), lines: tuple[ServiceLine, ...] = ()) -> Encounter:
    return Encounter(id=7, version=3, patient_id=1, rendering_provider_id=1,
                     date_of_service=date(2026, 3, 2), diagnoses=dx, lines=lines)


def line(code: str, pointers: tuple[int, ...], number: int = 1) -> ServiceLine:
    return ServiceLine(id=number, line_number=number, code=code, charge=Decimal("10.00"),
                       pointers=pointers)


def finding(location: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(rule_id="CODE-X", severity=severity, owner=Owner.CODING, message="m",
                   location=location)


def test_reorder_diagnoses_remaps_pointers() -> None:
    editor = CodingEditor(encounter(("E11.65", "I10", "M25.561"),
                                    (line("99213", (1, 2, 3)), line("20610", (3,), 2))))
    assert editor.move_diagnosis(2, -1) == 1  # M25.561 up: A B C -> A C B
    assert editor.diagnoses == ["E11.65", "M25.561", "I10"]
    assert [d.pointers for d in editor.lines] == ["ACB", "B"]
    assert editor.move_diagnosis(0, +1) == 1
    assert editor.diagnoses == ["M25.561", "E11.65", "I10"]
    assert [d.pointers for d in editor.lines] == ["BCA", "A"]  # same codes, same order
    assert editor.move_diagnosis(0, -1) == 0  # already first: nothing moves
    assert editor.dirty


def test_removing_a_diagnosis_drops_its_pointer_and_moves_later_letters_up() -> None:
    editor = CodingEditor(encounter(("E11.65", "I10", "M25.561"),
                                    (line("99213", (1, 3)), line("20610", (2,), 2))))
    editor.remove_diagnosis(1)
    assert editor.diagnoses == ["E11.65", "M25.561"]
    assert [d.pointers for d in editor.lines] == ["AB", ""]


def test_remap_keeps_letters_past_the_list_and_typos() -> None:
    assert remap_pointers("AD?", {0: 1, 1: 0}) == "BD?"


def test_add_diagnosis_refuses_duplicates_bad_codes_and_a_thirteenth() -> None:
    editor = CodingEditor(encounter())
    assert editor.add_diagnosis("e1165", "T2DM w hyperglycemia") == ""
    assert editor.diagnoses == ["E11.65"]
    assert editor.descriptions["E11.65"] == "T2DM w hyperglycemia"
    assert "already diagnosis A" in editor.add_diagnosis("E11.65")
    assert "not an ICD-10-CM code" in editor.add_diagnosis("99213x")
    for n in range(11):
        assert editor.add_diagnosis(f"Z{n:02d}") == ""
    assert "at most 12" in editor.add_diagnosis("R51.9")


def test_lines_take_the_fee_and_default_pointers_and_charge_follows_units() -> None:
    editor = CodingEditor(encounter(("E11.65", "I10")), fee_for)
    row = editor.add_line("99213")
    draft = editor.lines[row]
    assert (draft.charge, draft.pointers, draft.units) == ("145.00", "AB", "1")
    editor.set_line_field(row, "units", "2")
    assert draft.charge == "290.00"
    editor.set_line_field(row, "charge", "100")  # typed by hand: units no longer change it
    editor.set_line_field(row, "units", "3")
    assert draft.charge == "100"
    assert editor.lines[editor.add_line("99999")].charge == ""


def test_bad_entries_become_input_findings_on_their_cells_and_block_saving() -> None:
    editor = CodingEditor(encounter(("E11.65",)), fee_for)
    row = editor.add_line("99213")
    editor.set_line_field(row, "units", "two")
    editor.set_line_field(row, "pointers", "AZ")
    enc, origin, problems = editor.build()
    assert enc.lines == () and origin == []
    assert [parse_location(p.location) for p in problems] == [Place("line", 0, "units")]
    editor.set_line_field(row, "units", "1")
    _enc, _origin, problems = editor.build()
    assert problems[0].location == "lines[0].pointers" and "Z is not" in problems[0].message
    with pytest.raises(ValidationFailed):
        editor.save_data()
    assert editor.cell_findings(0, "pointers")
    editor.set_line_field(row, "pointers", "A")
    data = editor.save_data()
    assert data["lines"][0]["pointers"] == (1,) and data["version"] == 3


def test_findings_of_checked_lines_map_back_to_their_rows() -> None:
    editor = CodingEditor(encounter(("E11",)), fee_for)
    editor.add_line("99213")
    editor.add_line("J1030")
    editor.set_line_field(0, "units", "x")  # line 0 does not parse: line 1 is checked as 0
    _enc, origin, _problems = editor.build()
    assert origin == [1]
    editor.set_findings([finding("lines[0].ndc", Severity.WARNING), finding("diagnoses[0]"),
                         finding("claim", Severity.HINT), finding("lines[0]")], origin)
    assert editor.cell_findings(1, "ndc") and editor.cell_findings(1, "code")
    assert not editor.cell_findings(0, "ndc")
    assert editor.dx_findings(0) and len(editor.blocking()) == 2
    assert [f.severity for f in editor.findings][-1] == Severity.HINT


def test_loaded_codes_are_clean_until_edited_and_modifiers_split() -> None:
    editor = CodingEditor(encounter(("E11.65",), (line("99213", (1,)),)), fee_for)
    assert not editor.dirty
    editor.set_line_field(0, "modifiers", "2559")
    assert editor.dirty and editor.build()[0].lines[0].modifiers == ("25", "59")
    assert split_modifiers("25, lt") == ("25", "LT")
    editor.set_line_field(0, "modifiers", "")
    assert not editor.dirty


def test_refine_steps_children_laterality_and_seventh_character() -> None:
    knee = CodeDetail("icd10cm", "M17.1", "Unilateral primary osteoarthritis of knee", False,
                      "subcategory", children=(
                          ("M17.10", "Unilateral primary osteoarthritis, unspecified knee"),
                          ("M17.11", "Unilateral primary osteoarthritis, right knee"),
                          ("M17.12", "Unilateral primary osteoarthritis, left knee")))
    step = refine_step(knee)
    assert step is not None and step.kind == "laterality"
    assert [(c.key, c.code) for c in step.choices] == [("R", "M17.11"), ("L", "M17.12"),
                                                        ("U", "M17.10")]
    assert laterality_choices((("E11.0", "with hyperosmolarity"), ("E11.1", "ketoacidosis"))) \
        == ()
    back = CodeDetail("icd10cm", "S30.0", "Contusion of lower back and pelvis", False,
                      "subcategory", children=(("S30.0XXA", "initial"),),
                      seventh=(SeventhChar("A", "initial encounter"),
                               SeventhChar("D", "subsequent encounter")))
    step = refine_step(back)
    assert step is not None and step.kind == "seventh"
    assert [c.code for c in step.choices] == ["S30.0XXA", "S30.0XXD"]
    assert with_seventh("S52.521", "a") == "S52.521A"
    billable = CodeDetail("icd10cm", "E11.65", "T2DM", True, "subcategory")
    assert refine_step(billable) is None


def test_descriptions_do_not_make_the_codes_dirty() -> None:
    editor = CodingEditor(encounter(("E11.65",), (line("99213", (1,)),)), fee_for)
    editor.lines[0].description = "Office visit est. low"
    editor.descriptions["E11.65"] = "T2DM"
    assert not editor.dirty
