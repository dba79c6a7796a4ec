from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.x12 import format as fmt


def test_clean_uppercases_transliterates_and_strips_delimiters() -> None:
    assert fmt.clean("Peña*Núñez:^~  Ødegård\x07\n") == "PENANUNEZ ODEGARD"
    assert fmt.clean("José  García", 8) == "JOSE GAR"
    assert fmt.clean(None) == ""
    assert fmt.clean("a|b>c", extra="|>") == "ABC"


def test_name_part_removes_periods_commas_apostrophes() -> None:
    assert fmt.name_part("O'Brien") == "OBRIEN"
    assert fmt.name_part("St. John-Smith") == "ST JOHN-SMITH"
    assert fmt.name_part("Peña, María") == "PENA MARIA"
    assert fmt.name_part("...") == ""
    assert fmt.name_part("Alexandrina", 5) == "ALEXA"


@pytest.mark.parametrize(("last", "suffix", "expected"), [
    ("Smith Jr.", "", ("SMITH", "JR")),
    ("Smith, III", "", ("SMITH", "III")),
    ("Smith", "Jr.", ("SMITH", "JR")),
    ("Junior", "", ("JUNIOR", "")),
    ("Van Sr", "", ("VAN", "SR")),
])
def test_split_suffix(last: str, suffix: str, expected: tuple[str, str]) -> None:
    assert fmt.split_suffix(last, suffix) == expected


def test_org_name_keeps_ampersand_drops_periods() -> None:
    assert fmt.org_name("Smith & Jones, P.C.") == "SMITH & JONES PC"


@pytest.mark.parametrize(("value", "expected"), [
    ("110.00", "110"), ("82.40", "82.4"), ("82.45", "82.45"), ("0.00", "0"), ("-0.00", "0"),
    ("1234567.891", "1234567.89"), ("0.005", "0.01"), ("-12.50", "-12.5"), ("1E+2", "100"),
])
def test_amount(value: str, expected: str) -> None:
    assert fmt.amount(Decimal(value)) == expected


def test_quantity_keeps_precision_without_trailing_zeros() -> None:
    assert fmt.quantity(Decimal("1.500")) == "1.5"
    assert fmt.quantity(Decimal("4")) == "4"
    assert fmt.quantity(Decimal("0.125")) == "0.125"


def test_dates() -> None:
    assert fmt.d8(date(2025, 1, 5)) == "20250105"
    assert fmt.date_period(date(2025, 1, 5)) == ("D8", "20250105")
    assert fmt.date_period(date(2025, 1, 5), date(2025, 1, 5)) == ("D8", "20250105")
    assert fmt.date_period(date(2025, 1, 5), date(2025, 1, 7)) == ("RD8", "20250105-20250107")


@pytest.mark.parametrize(("value", "expected"), [
    ("00409-7337-01", "00409733701"), ("1234-1234-12", "01234123412"),
    ("12345-123-12", "12345012312"), ("12345-1234-1", "12345123401"),
    ("00409733701", "00409733701"), ("0409733701", None), ("1234-123-12", None), ("abc", None),
])
def test_ndc11(value: str, expected: str | None) -> None:
    assert fmt.ndc11(value) == expected


def test_icd_phone_digits() -> None:
    assert fmt.icd("j06.9") == "J069"
    assert fmt.icd(" M54.50 ") == "M5450"
    assert fmt.phone("+1 (217) 555-0100") == "2175550100"
    assert fmt.digits("62701-1234") == "627011234"
    assert fmt.identifier("pcn 0001*") == "PCN0001"


@given(st.text(max_size=40))
def test_clean_output_is_plain_ascii_without_delimiters(value: str) -> None:
    for out in (fmt.clean(value), fmt.name_part(value), fmt.org_name(value)):
        assert out.isascii()
        assert not set(out) & set("*:^~")
        assert all(32 <= ord(ch) < 127 for ch in out)
        assert out == out.upper()
