"""Note parsing, the sex and age tables, code kinds and the documentation vocabulary."""

from __future__ import annotations

import pytest

from app.scrub.code_kinds import is_cpt, is_em, is_hcpcs, is_procedure, is_time_code
from app.scrub.icd_tables import CodeRef, age_limits, code_refs, note_mentions, required_sex
from app.scrub.vocabulary import more_specific, words


@pytest.mark.parametrize(("text", "expected"), [
    ("type 1 diabetes mellitus (E10.-)", ["E10"]),
    ("hypothyroidism, acquired (E00-E03.-) [F02]", ["E00-E03"]),
    ("trypanosomiasis (B56.-, B57.-)", ["B56", "B57"]),
    ("multiple sclerosis (G35-)", ["G35"]),
    ("gestational diabetes (O24.4-) [E11]", ["O24.4"]),
    ("glaucoma (in) diabetes mellitus (E08.39, E11.39)", ["E08.39", "E11.39"]),
    ("vitamin B12 deficiency anemia (D51.-)", ["D51"]),
    ("adenoma (benign) (fibroma) (D29.1)", ["D29.1"]),
    ("diabetes mellitus (E08-E13 with .42)", []),
    ("see also E11.- and K21.9", ["E11", "K21.9"]),
    ("vitamin B12 deficiency", []),
    ("neonatal hypertension (P29.2) [I10-I1A]", ["P29.2"]),
    ("", []),
])
def test_code_refs(text: str, expected: list[str]) -> None:
    assert [str(r) for r in code_refs(text)] == expected


@pytest.mark.parametrize(("ref", "code", "hit"), [
    (CodeRef("E00", "E03"), "E03.9", True), (CodeRef("E00", "E03"), "E04.1", False),
    (CodeRef("T36", "T65"), "T40.1X1A", True), (CodeRef("E10", "E10"), "E10.9", True),
    (CodeRef("E10", "E10"), "E11.9", False), (CodeRef("O244", "O244"), "O24.419", True),
])
def test_code_ref_matches_codes_below_it(ref: CodeRef, code: str, hit: bool) -> None:
    assert ref.matches(code) is hit


def test_note_mentions_returns_the_text_without_ancestor_tag() -> None:
    assert note_mentions(("type 1 (E10.-) [E11]",), "E10.9") == "type 1 (E10.-)"
    assert note_mentions(("type 1 (E10.-) [E11]",), "E11.9") == ""


@pytest.mark.parametrize(("code", "sex"), [
    ("O80", "F"), ("N40.0", "M"), ("N53.12", "M"), ("N76.0", "F"), ("N98.1", "F"),
    ("C61", "M"), ("Z34.00", "F"), ("I10", None), ("N39.0", None), ("N99.0", None),
])
def test_required_sex(code: str, sex: str | None) -> None:
    found = required_sex(code)
    assert (found[0] if found else None) == sex


@pytest.mark.parametrize(("code", "limits"), [
    ("P59.9", (0, 0)), ("Z00.00", (18, 124)), ("Z00.01", (18, 124)), ("Z00.121", (0, 17)),
    ("O80", (9, 64)), ("I10", None),
])
def test_age_limits(code: str, limits: tuple[int, int] | None) -> None:
    found = age_limits(code)
    assert (found[:2] if found else None) == limits


@pytest.mark.parametrize(("code", "cpt", "hcpcs", "em", "procedure"), [
    ("99213", True, False, True, False), ("99396", True, False, True, False),
    ("20610", True, False, False, True), ("96372", True, False, False, True),
    ("90471", True, False, False, False), ("85025", True, False, False, False),
    ("36415", True, False, False, False), ("J1100", False, True, False, False),
    ("3074F", True, False, False, False), ("0591T", True, False, False, False),
])
def test_code_kinds(code: str, cpt: bool, hcpcs: bool, em: bool, procedure: bool) -> None:
    assert (is_cpt(code), is_hcpcs(code), is_em(code), is_procedure(code)) == (
        cpt, hcpcs, em, procedure)


def test_anesthesia_is_a_time_code() -> None:
    assert is_time_code("00810") and not is_time_code("99213")


OM = "Otitis media, unspecified"
SIBLINGS = (("H66.91", f"{OM}, right ear"), ("H66.92", f"{OM}, left ear"),
            ("H66.93", f"{OM}, bilateral"))


@pytest.mark.parametrize(("doc", "expected"), [
    ("Right ear bulging TM", ["H66.91"]),
    ("lt ear pain", ["H66.92"]),
    ("both ears", ["H66.93"]),
    ("ear pain, right and left", ["H66.91", "H66.92"]),
    ("ear pain", []),
    ("", []),
])
def test_more_specific(doc: str, expected: list[str]) -> None:
    assert more_specific(doc, f"{OM}, unspecified ear", SIBLINGS) == expected


def test_words_expand_abbreviations() -> None:
    assert words("Rt knee, bilat") == {"right", "knee", "bilateral"}
