"""Pure KPI formulas, aging buckets and the result shape (no database, no Qt).

The store computes sums and counts set-based; these functions turn them into the numbers the
dashboard and ``claimdesk kpi`` show, so every formula lives in one place and is tested alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

#: Aging buckets: (label, lowest age in days, highest age in days or None).
BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-30", 0, 30), ("31-60", 31, 60), ("61-90", 61, 90), ("91-120", 91, 120),
    (">120", 121, None),
)


@dataclass(frozen=True)
class Period:
    """An inclusive date range [start, end]."""

    start: date
    end: date

    @property
    def days(self) -> int:
        """Number of days in the period (at least 1)."""
        return max(1, (self.end - self.start).days + 1)

    def label(self) -> str:
        """``2026-01-01 to 2026-03-31``."""
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


@dataclass(frozen=True)
class Kpi:
    """One dashboard number with its definition, period and the claims behind it."""

    key: str
    title: str
    value: Decimal | None  # None: nothing to measure in the period
    unit: str  # "%", "days", "$", "count"
    definition: str
    period: str
    claim_ids: tuple[int, ...] = ()
    detail: tuple[tuple[str, Decimal, int], ...] = field(default=())  # (label, value, count)

    def display(self) -> str:
        """The value as the tile shows it."""
        if self.value is None:
            return "n/a"
        if self.unit == "%":
            return f"{self.value:.1f}%"
        if self.unit == "$":
            return f"${self.value:,.2f}"
        if self.unit == "days":
            return f"{self.value:.1f} days"
        return f"{self.value:,.0f}"


def percent(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    """``100 * numerator / denominator`` to 0.1, or None when the denominator is zero."""
    if not denominator:
        return None
    return (Decimal(100) * Decimal(numerator) / Decimal(denominator)).quantize(
        Decimal("0.1"), ROUND_HALF_UP)


def days_in_ar(ar_balance: Decimal, charges: Decimal, period_days: int) -> Decimal | None:
    """Days in A/R = A/R balance at period end / (charges in the period / days in the period)."""
    if charges <= 0:
        return None
    return (ar_balance * period_days / charges).quantize(Decimal("0.1"), ROUND_HALF_UP)


def net_collection_rate(payments: Decimal, charges: Decimal,
                        contractual: Decimal) -> Decimal | None:
    """Net collection rate = payments / (charges - contractual adjustments), as a percent."""
    return percent(payments, charges - contractual)


def median(values: Iterable[int | Decimal]) -> Decimal | None:
    """The median (mean of the two middle values for an even count), None when empty."""
    ordered = sorted(Decimal(v) for v in values)
    if not ordered:
        return None
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def bucket_of(age_days: int) -> str:
    """The aging bucket label of an age in days (negative ages count as 0-30)."""
    for label, low, high in BUCKETS:
        if age_days >= low and (high is None or age_days <= high):
            return label
    return BUCKETS[0][0]


@dataclass(frozen=True)
class AgingRow:
    """One payer's or patient's balance split into the aging buckets."""

    key: int
    name: str
    buckets: tuple[Decimal, ...]  # one per BUCKETS entry
    claim_ids: tuple[int, ...]

    @property
    def total(self) -> Decimal:
        """The balance over every bucket."""
        return sum(self.buckets, Decimal("0"))


def age_rows(items: Iterable[tuple[int, str, int, int, Decimal]]) -> list[AgingRow]:
    """Group ``(key, name, claim_id, age_days, balance)`` into aging rows, largest total first."""
    labels = [b[0] for b in BUCKETS]
    sums: dict[int, list[Decimal]] = {}
    names: dict[int, str] = {}
    ids: dict[int, list[int]] = {}
    for key, name, claim_id, age, balance in items:
        row = sums.setdefault(key, [Decimal("0")] * len(BUCKETS))
        row[labels.index(bucket_of(age))] += balance
        names[key] = name
        ids.setdefault(key, []).append(claim_id)
    rows = [AgingRow(k, names[k], tuple(v), tuple(ids[k])) for k, v in sums.items()]
    return sorted(rows, key=lambda r: (-r.total, r.name))


@dataclass(frozen=True)
class MonthTotals:
    """Charges, payments and adjustments posted in one month (or for one provider/payer)."""

    label: str
    charges: Decimal
    payments: Decimal
    adjustments: Decimal


@dataclass(frozen=True)
class MonthReport:
    """The month-end report: totals, A/R change, and the split by provider and by payer."""

    month: str
    totals: MonthTotals
    ar_start: Decimal
    ar_end: Decimal
    by_provider: list[MonthTotals]
    by_payer: list[MonthTotals]

    @property
    def ar_change(self) -> Decimal:
        """A/R at the end minus A/R at the start of the month."""
        return self.ar_end - self.ar_start
