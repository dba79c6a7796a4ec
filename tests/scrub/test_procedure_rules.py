"""Line rules CODE-014 to CODE-024: codes, modifiers, NCCI PTP, MUE, E/M + 25, NDC."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from app.domain.findings import Severity
from app.scrub.context import SameDayLine, ScrubInput
from tests.scrub.builders import (
    RENDERING_ID,
    broken_line,
    check,
    claim_input,
    coding_input,
    line,
    payer,
    with_lines,
)


def lines(*items: object) -> ScrubInput:
    """Coding input with these lines (codes or ServiceLine objects)."""
    built = [line(i) if isinstance(i, str) else i for i in items]
    return with_lines(coding_input(), *built)  # type: ignore[arg-type]


def mods(code: str, *modifiers: str) -> object:
    return line(code, modifiers=modifiers)


NDC = {"ndc": "00009082501", "ndc_unit": "ML", "ndc_quantity": Decimal("1")}

CASES = [
    ("CODE-014", lines("99213", "Q9990"), lines("99213", "J1100")),
    ("CODE-015", lines("99499"), lines("99213")),
    ("CODE-016", lines(mods("20610", "ZZ")), lines(mods("20610", "RT"))),
    ("CODE-017", lines(broken_line(line("20610"), modifiers=("RT", "RT"))),
     lines(mods("20610", "RT", "59"))),
    ("CODE-018", lines(broken_line(line("20610"), modifiers=("RT", "59", "76", "GA", "KX"))),
     lines(mods("20610", "RT", "59", "76", "GA"))),
    ("CODE-019", lines(mods("99213", "59")), lines(mods("99213", "25"), mods("97140", "59"))),
    ("CODE-020", lines(mods("20610", "25")), lines(mods("99213", "25"), "20610")),
    ("CODE-021", lines("99213", "20610"), lines(mods("99213", "25"), "20610")),
    ("CODE-022", lines("97530", "97140"), lines("97530", mods("97140", "59"))),
    ("CODE-023", lines(line("20610", units=Decimal(3))), lines(line("20610", units=Decimal(2)))),
    ("CODE-024", lines(line("J1100", charge=Decimal("15.00"))),
     lines(line("J1100", charge=Decimal("15.00"), **NDC))),
]


@pytest.mark.parametrize(("rule_id", "bad", "good"), CASES, ids=[c[0] for c in CASES])
def test_rule_fails_and_passes(rule_id: str, bad: ScrubInput, good: ScrubInput) -> None:
    found = check(rule_id, bad)
    assert found and all(f.rule_id == rule_id for f in found)
    assert all(f.message and f.hint and f.location.startswith("lines[") for f in found)
    assert check(rule_id, good) == []


def test_hcpcs_unknown_and_not_yet_valid() -> None:
    found = check("CODE-014", lines("G1234", "G9999"))
    assert [f.location for f in found] == ["lines[0].code", "lines[1].code"]
    assert "not a known HCPCS" in found[0].message and "takes effect" in found[1].message


def test_cpt_not_on_fee_schedule_is_a_charge_entry_warning() -> None:
    [f] = check("CODE-015", lines("99499"))
    assert f.severity == Severity.WARNING and f.owner == "charge_entry"


def test_no_fee_schedule_means_no_fee_findings() -> None:
    assert check("CODE-015", replace(lines("99499"), fee_codes=frozenset())) == []


def test_hcpcs_codes_are_not_checked_against_the_fee_schedule() -> None:
    assert check("CODE-015", lines("J1100")) == []


def test_ptp_indicator_1_hint_names_bypass_modifiers_and_the_column_2_code() -> None:
    [f] = check("CODE-022", lines("97530", "97140"))
    assert "59/XS" in f.hint and "97140" in f.hint
    assert f.location == "lines[1].modifiers"
    assert f.source == "NCCI 2026Q1 v32.0r0"


def test_ptp_modifier_on_the_column_1_code_does_not_count() -> None:
    [f] = check("CODE-022", lines(mods("97530", "59"), "97140"))
    assert "belongs on the column-2 code 97140" in f.hint


def test_ptp_indicator_0_cannot_be_bypassed() -> None:
    [f] = check("CODE-022", lines("11042", mods("97597", "59")))
    assert "no modifier bypasses" in f.hint


@pytest.mark.parametrize("pair", [("96372", "96374"), ("20611", "20610")])
def test_ptp_indicator_9_and_deleted_edits_are_ignored(pair: tuple[str, str]) -> None:
    assert check("CODE-022", lines(*pair)) == []


def test_ptp_em_column_2_needs_25_not_59() -> None:
    [f] = check("CODE-022", lines(mods("99213", "59"), "20610"))
    assert "Add 25 to 99213" in f.hint
    assert check("CODE-022", lines(mods("99213", "25"), "20610")) == []


def test_ptp_repeat_modifiers_are_not_bypass_modifiers() -> None:
    assert check("CODE-022", lines("97530", mods("97140", "76")))


def test_ptp_checks_same_day_lines_of_the_same_provider() -> None:
    other = SameDayLine(encounter_id=101, code="97140", modifiers=(),
                        rendering_provider_id=RENDERING_ID)
    inp = replace(lines("97530"), same_day=(other,))
    [f] = check("CODE-022", inp)
    assert "visit 101" in f.message and "visit 101" in f.hint
    assert f.location == "lines[0].modifiers"
    other_provider = replace(other, rendering_provider_id=99)
    assert check("CODE-022", replace(inp, same_day=(other_provider,))) == []


def test_mue_mai_1_is_per_line() -> None:
    inp = lines(line("20610", units=Decimal(2), modifiers=("RT",)),
                line("20610", units=Decimal(2), modifiers=("LT",)))
    assert check("CODE-023", inp) == []


def test_mue_mai_2_sums_the_date_and_is_an_error() -> None:
    inp = lines(line("97110", units=Decimal(3)), line("97110", units=Decimal(2)))
    [f] = check("CODE-023", inp)
    assert f.severity == Severity.ERROR and "MAI 2" in f.hint and "5 units" in f.message
    assert f.location == "lines[0].units" and f.source == "MUE 2026Q1"


def test_mue_mai_3_is_a_warning() -> None:
    [f] = check("CODE-023", lines(line("96372", units=Decimal(4))))
    assert f.severity == Severity.WARNING and "MAI 3" in f.hint


def test_em_with_procedure_on_another_same_day_visit() -> None:
    other = SameDayLine(encounter_id=101, code="20610", modifiers=(),
                        rendering_provider_id=RENDERING_ID)
    assert check("CODE-021", replace(lines("99213"), same_day=(other,)))


@pytest.mark.parametrize("code", ["36415", "87880", "90471", "J1100", "99214"])
def test_labs_vaccines_drugs_do_not_need_25(code: str) -> None:
    assert check("CODE-021", lines("99213", code)) == []


def test_drug_without_ndc_is_an_error_for_medicaid() -> None:
    inp = with_lines(claim_input(payer=payer(filing_indicator="MC")),
                     line("J1100", charge=Decimal("15.00")))
    [f] = check("CODE-024", inp)
    assert f.severity == Severity.ERROR and f.location == "lines[0].ndc"
