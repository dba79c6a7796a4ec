from __future__ import annotations

import logging

import pytest

from app.x12.validate import validate_x12
from tests.x12.claims import FIXTURES


def read(name: str) -> str:
    return (FIXTURES / name).read_bytes().decode("utf-8")


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("837p_*.txt")))
def test_valid_fixtures(name: str) -> None:
    assert validate_x12(read(name), name) == []


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("835_*.txt")))
def test_valid_835_fixtures_with_remark_codes_excluded(name: str) -> None:
    assert validate_x12(read(name), name, exclude_codes=("remark_code",)) == []


@pytest.mark.parametrize(("name", "field", "line", "words"), [
    ("837p_bad_se_count.txt", "ST 0001", 25, "SE count of 24"),
    ("837p_13_dx.txt", "HI", 21, "Has 13, should have 12"),
    ("837p_iea_control_mismatch.txt", "ISA/IEA", 27, "does not match ISA"),
    ("837p_ge_count_wrong.txt", "GS/GE", 26, "GE count of 2"),
    ("837p_bad_date.txt", "DTP03", 24, "invalid date (20250231)"),
    ("837p_modifier_3_chars.txt", "SV101-3", 23, "too long"),
    ("837p_pointer_13.txt", "SV107-1", 23, "(13) is not a valid code"),
    ("837p_pos_invalid.txt", "CLM05-1", 20, "(88)"),
    ("837p_missing_dtp472.txt", "DTP", 24, "Mandatory segment"),
    ("837p_51_lines.txt", "LX", 172, "exceeded max count"),
])
def test_broken_fixtures_are_reported(name: str, field: str, line: int, words: str) -> None:
    problems = validate_x12(read(f"broken/{name}"), name)
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.source, problem.field, problem.line) == (name, field, line)
    assert words in problem.message


def test_truncated_file_reports_every_missing_trailer() -> None:
    problems = validate_x12(read("broken/837p_truncated_no_trailers.txt"), "t.txt")
    assert [p.field for p in problems] == ["ISA/IEA", "GS/GE", "ST 0001"]


def test_isa_not_fixed_width_is_refused_in_plain_words() -> None:
    problems = validate_x12(read("broken/837p_isa_not_fixed_width.txt"), "isa.txt")
    assert len(problems) == 1
    assert "106 characters" in problems[0].message


def test_non_ascii_refused_before_pyx12() -> None:
    problems = validate_x12(read("broken/837p_non_ascii_name.txt"), "n.txt")
    assert [(p.line, p.field) for p in problems] == [(15, "column 12")]
    assert "ASCII" in problems[0].message


def test_empty_and_garbage() -> None:
    assert validate_x12("", "e")[0].message == "The file is empty."
    assert "not a readable X12 file" in validate_x12("hello world", "g")[0].message


def test_pyx12_logging_is_contained(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("pyx12")
    before = (list(logger.handlers), logger.propagate)
    with caplog.at_level(logging.ERROR):
        validate_x12(read("broken/837p_bad_date.txt"), "b")
    assert not [r for r in caplog.records if r.name.startswith("pyx12")]
    assert (list(logger.handlers), logger.propagate) == before
