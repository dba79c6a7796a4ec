from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.money import allocate, format_money, from_cents, money, parse_money, to_cents


def test_float_is_refused() -> None:
    with pytest.raises(TypeError):
        money(1.1)  # type: ignore[arg-type]


def test_parse_what_users_type() -> None:
    assert parse_money("$1,234.5") == Decimal("1234.50")
    with pytest.raises(ValueError):
        parse_money("abc")


def test_cents_round_trip_and_reject_fractions() -> None:
    assert to_cents(Decimal("82.40")) == 8240
    assert from_cents(8240) == Decimal("82.40")
    with pytest.raises(ValueError):
        to_cents(Decimal("0.001"))


def test_format() -> None:
    assert format_money(Decimal("1234.5")) == "1,234.50"


@given(st.integers(min_value=0, max_value=10_000_000),
       st.lists(st.integers(min_value=1, max_value=100_000), min_size=1, max_size=12))
def test_allocate_is_exact(total_cents: int, weights: list[int]) -> None:
    total = from_cents(total_cents)
    parts = allocate(total, [Decimal(w) for w in weights])
    assert sum(parts, Decimal(0)) == total
    assert all(p >= 0 for p in parts)


def test_allocate_equal_weights_differ_by_a_cent_at_most() -> None:
    assert allocate(Decimal("100.00"), [Decimal(1)] * 3) == [
        Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
