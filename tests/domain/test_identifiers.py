from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import identifiers as ids


@pytest.mark.parametrize("npi", ["1234567893", "1987654328", "1555555550"])
def test_valid_npis_pass(npi: str) -> None:
    assert ids.check_npi(npi) is None


@pytest.mark.parametrize(("npi", "fragment"), [
    ("1234567890", "check digit"), ("123456789", "10 digits"), ("12345678A3", "10 digits"),
    ("", "10 digits"),
])
def test_invalid_npis_say_why(npi: str, fragment: str) -> None:
    assert fragment in (ids.check_npi(npi) or "")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_make_npi_always_yields_a_valid_npi(nine: str) -> None:
    npi = ids.make_npi(nine)
    assert ids.check_npi(npi) is None
    # changing the check digit breaks it
    wrong = npi[:9] + str((int(npi[9]) + 1) % 10)
    assert ids.check_npi(wrong) is not None


def test_ein_accepts_hyphen_and_normalizes() -> None:
    assert ids.check_ein("37-1234567") is None
    assert ids.normalize_ein("37-1234567") == "371234567"
    assert ids.check_ein("37-12345") is not None
    assert ids.check_ein("07-1234567") is not None  # prefix never assigned


def test_zip_rules() -> None:
    assert ids.check_zip("62701") is None
    assert ids.check_zip("62701-1234") is None
    assert ids.check_zip("627011234") is None
    assert ids.check_zip("6270") is not None
    assert "ZIP+4" in (ids.check_zip("62701", require_plus4=True) or "")
    assert ids.format_zip("627011234") == "62701-1234"


def test_phone_and_state() -> None:
    assert ids.normalize_phone("+1 (217) 555-0100") == "2175550100"
    assert ids.check_phone("555-0100") is not None
    assert ids.check_state("IL") is None
    assert ids.check_state("XX") is not None


def test_dates() -> None:
    today = date(2026, 11, 23)
    assert ids.check_birth_date(date(2027, 1, 1), today) is not None
    assert ids.check_birth_date(date(1890, 1, 1), today) is not None
    assert ids.check_birth_date(date(1980, 1, 1), today) is None
    assert ids.check_service_date(date(2026, 11, 24), today) is not None
    assert ids.check_date_range(date(2026, 2, 1), date(2026, 1, 1)) is not None
