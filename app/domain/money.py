"""Money discipline: ``Decimal`` in code, integer cents only in the store."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value: Decimal | int | str) -> Decimal:
    """Return ``value`` as a Decimal quantized to cents.

    Args:
        value: a Decimal, an int or a decimal string such as ``"12.50"``; never a float.

    Raises:
        TypeError: a float was given.
        ValueError: the text is not a number.
    """
    if isinstance(value, float):
        raise TypeError("money must never be a float")
    try:
        return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not an amount: {value!r}") from exc


def parse_money(text: str) -> Decimal:
    """Parse what a user types (``$1,234.50``) into a Decimal amount.

    Raises:
        ValueError: the text is not an amount.
    """
    cleaned = text.strip().replace("$", "").replace(",", "")
    if not cleaned:
        raise ValueError("an amount is required")
    return money(cleaned)


def to_cents(amount: Decimal) -> int:
    """Convert a Decimal amount to integer cents (exact; rejects fractions of a cent)."""
    cents = Decimal(amount) * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{amount} has fractions of a cent")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    """Convert integer cents to a Decimal amount."""
    return Decimal(int(cents)).scaleb(-2)


def format_money(amount: Decimal) -> str:
    """Display form: ``1,234.50`` (negative as ``-1,234.50``)."""
    return f"{money(amount):,.2f}"


def allocate(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split ``total`` over ``weights`` exactly, to the cent (largest remainder).

    The parts always add up to ``total``. Equal weights get parts that differ by at most one cent,
    earlier parts first.

    Args:
        total: the amount to split.
        weights: non-negative weights (for example line charges); at least one must be positive.
    """
    if not weights:
        return []
    weight_sum = sum(weights, Decimal(0))
    if weight_sum <= 0:
        raise ValueError("weights must add up to more than zero")
    total_cents = to_cents(money(total))
    raw = [Decimal(total_cents) * w / weight_sum for w in weights]
    floors = [int(r.to_integral_value(rounding="ROUND_FLOOR")) for r in raw]
    left = total_cents - sum(floors)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [from_cents(c) for c in floors]
