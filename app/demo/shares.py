"""Patient cost sharing on a paid claim: copay, deductible and coinsurance per line."""

from __future__ import annotations

import random
from decimal import Decimal

from app.demo.ledger_book import COINSURANCE, COPAY, DEDUCTIBLE
from app.domain.encounters import ServiceLine
from app.domain.money import ZERO, allocate, money

#: Preventive services: no cost sharing.
NO_COST_SHARE = frozenset(
    [f"9938{i}" for i in range(1, 8)] + [f"9939{i}" for i in range(1, 8)]
    + ["G0438", "G0439", "G0008", "90471", "90686", "90715"]
)
OFFICE_VISITS = frozenset(f"992{n:02d}" for n in (2, 3, 4, 5, 11, 12, 13, 14, 15))
COMMERCIAL_KEYS = ("heartland", "prairieblue", "lincolncare")
RATE = Decimal("0.20")


def patient_shares(
    rng: random.Random, payer: str, copay: Decimal, lines: tuple[ServiceLine, ...],
    allowed: list[Decimal],
) -> list[dict[str, Decimal]]:
    """The patient's share of each line's allowed amount, by CARC reason (3, 1, 2).

    Medicaid: nothing. Medicare: an occasional deductible, then 20% coinsurance.
    Commercial: the copay on the office visit line, sometimes a deductible, and for some
    plans 20% coinsurance on other lines. Preventive lines never carry a patient share.
    A line's share never exceeds its allowed amount.
    """
    shares: list[dict[str, Decimal]] = [{} for _ in lines]
    left = list(allowed)
    eligible = [i for i, line in enumerate(lines) if line.code not in NO_COST_SHARE]
    if payer == "medicaid" or not eligible:
        return shares
    commercial = payer in COMMERCIAL_KEYS
    if commercial and copay > 0:
        visit = next((i for i in eligible if lines[i].code in OFFICE_VISITS), None)
        if visit is not None:
            _take(shares, left, visit, COPAY, min(copay, left[visit]))
    if rng.random() < (0.15 if commercial else 0.08):
        _deductible(rng, shares, left, eligible)
    if payer == "medicare" or (commercial and rng.random() < 0.3):
        for i in eligible:
            if payer == "medicare" or lines[i].code not in OFFICE_VISITS:
                _take(shares, left, i, COINSURANCE, money(left[i] * RATE))
    return shares


def _deductible(
    rng: random.Random, shares: list[dict[str, Decimal]], left: list[Decimal], eligible: list[int]
) -> None:
    room = sum((left[i] for i in eligible), ZERO)
    if room <= 0:
        return
    amount = min(money(rng.randrange(20, 240)), room)
    for i, part in zip(eligible, allocate(amount, [left[i] for i in eligible]), strict=True):
        _take(shares, left, i, DEDUCTIBLE, part)


def _take(
    shares: list[dict[str, Decimal]], left: list[Decimal], index: int, reason: str,
    amount: Decimal,
) -> None:
    if amount > 0:
        shares[index][reason] = amount
        left[index] -= amount
