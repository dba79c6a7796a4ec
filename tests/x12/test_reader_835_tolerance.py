"""Real-file tolerance of the 835 reader, without losing strictness on money or version."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from app.domain.errors import ImportRejected, Problem
from app.domain.remittance import balance_problems
from app.x12.reader_835 import read_835

FIXTURES = Path("/work/shared/standards/fixtures")
PLB = "PLB*1234567893*20251231*WO:ACME2024110100321*20*L6*-1.5~"


def fixture(name: str = "835_reversal_correction_plb.txt") -> str:
    return (FIXTURES / name).read_text(encoding="ascii")


def rejected(text: str, **kwargs: bool) -> list[Problem]:
    with pytest.raises(ImportRejected) as info:
        read_835(text, "t.835", **kwargs)
    return info.value.problems


def test_two_plb_segments_balance_and_are_all_kept() -> None:
    text = fixture().replace(PLB, "PLB*1234567893*20251231*WO:ACME2024110100321*20~\n"
                                  "PLB*1234567893*20251231*L6*-1.5~").replace("SE*39", "SE*40")
    [remit] = read_835(text, "two_plb.835")  # pyx12's one-PLB limit is overruled
    assert [(p.reason, p.amount, p.segment) for p in remit.provider_adjustments] == [
        ("WO", Decimal("20.00"), 40), ("L6", Decimal("-1.50"), 41)]
    assert remit.provider_adjustment_total == Decimal("18.50")
    assert balance_problems(remit, "x") == [] and remit.warnings == ()


def test_two_plb_segments_that_do_not_balance_are_refused() -> None:
    text = fixture().replace(PLB, "PLB*1234567893*20251231*WO:ACME2024110100321*20~\n"
                                  "PLB*1234567893*20251231*L6*-1.5*CS:X1*5~").replace(
        "SE*39", "SE*40")
    assert [(p.field, p.line) for p in rejected(text)] == [("BPR02", 4)]


def test_a_claim_after_plb_is_refused() -> None:
    clp = "CLP*PCN0009*1*10*10**12*ACME9*11*1~\n"
    text = fixture().replace(PLB, PLB + "\n" + clp).replace("SE*39", "SE*40").replace(
        "BPR*I*64.1", "BPR*I*74.1")
    problems = rejected(text, validate_structure=False)
    assert ("CLP", 41) in [(p.field, p.line) for p in problems]
    assert "must follow the last claim" in problems[0].message


@pytest.mark.parametrize("bom", ["\ufeff", "\xef\xbb\xbf"])  # as UTF-8 text, as Latin-1 bytes
def test_byte_order_mark_is_tolerated(bom: str) -> None:
    expected = read_835(fixture(), "x")
    assert read_835(bom + fixture().replace("~\n", "~\r\n"), "x") == expected


def test_4010_is_refused_naming_both_versions() -> None:
    text = fixture().replace("005010X221A1", "004010X091A1")
    (problem,) = rejected(text)
    assert (problem.field, problem.line) == ("GS08", 2)
    assert "004010X091A1" in problem.message and "005010X221A1" in problem.message
    assert "4010" in problem.message
    assert str(problem).startswith("t.835: segment 2 (GS), GS08: ")


def test_trailing_space_outside_money_is_a_warning() -> None:
    text = fixture().replace("REF*2U*12345~", "REF*2U*12345 ~")
    [remit] = read_835(text, "space.835")
    (warning,) = remit.warnings
    assert warning.startswith("space.835: segment 10 (REF), REF02: Structure check:")
    assert warning.endswith("(warning)")
    assert remit.payer_references[0].value == "12345"


def test_trailing_space_in_identity_stays_an_error() -> None:
    text = fixture().replace("REF*6R*L0001-1~", "REF*6R*L0001-1 ~", 1)
    assert ("REF02", 23) in [(p.field, p.line) for p in rejected(text)]


def test_envelope_counts_and_control_numbers_are_checked() -> None:
    text = fixture().replace("GE*1*203", "GE*2*203").replace("IEA*1*000000203",
                                                              "IEA*1*000000204")
    places = [(p.field, p.line) for p in rejected(text, validate_structure=False)]
    assert ("GE01", 42) in places and ("IEA02", 43) in places


def test_problems_carry_segment_id_and_loop() -> None:
    text = fixture().replace("CLP*PCN0007*1*75*75*", "CLP*PCN0007*1*7,5*75*")
    problem = next(p for p in rejected(text, validate_structure=False) if p.field == "CLP03")
    assert str(problem).startswith("t.835: segment 34 (CLP), 2100/CLP03: Claim PCN0007: ")


def test_several_groups_each_checked() -> None:
    lines = fixture().splitlines()
    second = [s.replace("GS*HP*ACMEHEALTH*CLAIMDESK*20250301*1023*203*X*005010X221A1",
                        "GS*HP*ACMEHEALTH*CLAIMDESK*20250301*1023*204*X*004010X091A1")
              .replace("GE*1*203", "GE*1*204").replace("EFT20250301007", "EFT20250301008")
              for s in lines[1:-1]]
    text = "\n".join(lines[:-1] + second + ["IEA*2*000000203~"])
    (problem,) = rejected(text)
    assert (problem.field, problem.line) == ("GS08", 43)


def test_two_groups_give_two_remittances_and_spaces_between_segments() -> None:
    lines = fixture().splitlines()
    second = [s.replace("*1023*203*X*", "*1023*204*X*").replace("GE*1*203", "GE*1*204")
              .replace("EFT20250301007", "EFT20250301008") for s in lines[1:-1]]
    text = "  ".join(lines[:-1] + second + ["IEA*2*000000203~"])
    first, other = read_835(text, "two_groups.835")
    assert (first.trace_number, other.trace_number) == ("EFT20250301007", "EFT20250301008")
    assert first.total_paid == other.total_paid == Decimal("64.10")


def test_long_descriptive_text_is_a_warning_without_the_value() -> None:
    long_name = "VERYLONGPATIENTNAME" * 4
    text = fixture().replace("NM1*QC*1*LEE*SAM", f"NM1*QC*1*{long_name}*SAM")
    [remit] = read_835(text, "long.835")
    (warning,) = remit.warnings
    assert "NM103 is longer than the TR3 allows" in warning and long_name not in warning


def test_personal_values_stay_out_of_structure_errors() -> None:
    text = fixture().replace("MI*ACM333222111~", "MI*ACM333222111 ~")
    problems = rejected(text)
    assert [(p.field, p.severity) for p in problems] == [("NM109", "error")]
    assert "ACM333222111" not in str(problems[0])
