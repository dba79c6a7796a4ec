"""Day close: the day's charges, payments, adjustments and refunds, summed several ways.

Pure functions over the day's ledger entries (``DayEntry``), each already labelled with its
rendering provider, payer (or ``Patient``), payment method and deposit. Every summary adds up
to the same kind totals, and the payments tie out to the deposits plus what is undeposited.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.money import ZERO

KINDS = ("charge", "payment", "adjustment", "refund")
PATIENT = "Patient"
UNDEPOSITED = "undeposited"


@dataclass(frozen=True)
class DayEntry:
    """One ledger entry of the day with the labels the report groups by."""

    entry_id: int
    kind: str
    account: str
    amount: Decimal
    provider: str
    payer: str
    method: str = ""  # payments only: cash, check, card, ach, eft, undeposited
    deposit_id: int | None = None


@dataclass(frozen=True)
class DepositLine:
    """One deposit the day's payments went to (or the undeposited rest)."""

    deposit_id: int | None
    label: str
    state: str
    day_payments: Decimal
    deposit_total: Decimal
    slip_amount: Decimal | None


@dataclass(frozen=True)
class DayClose:
    """The day-close report."""

    day: date
    totals: dict[str, Decimal]
    by_provider: dict[tuple[str, str], Decimal]  # (kind, provider)
    by_payer: dict[tuple[str, str], Decimal]  # (kind, payer)
    by_method: dict[str, Decimal]  # payments only
    deposits: tuple[DepositLine, ...]
    entry_count: int

    @property
    def net(self) -> Decimal:
        """Change in receivables: charges - payments - adjustments + refunds."""
        t = self.totals
        return t["charge"] - t["payment"] - t["adjustment"] + t["refund"]


def _sum_by(entries: Iterable[DayEntry], key: str) -> dict[tuple[str, str], Decimal]:
    out: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for e in entries:
        out[(e.kind, getattr(e, key))] += e.amount
    return dict(sorted(out.items(), key=lambda kv: (KINDS.index(kv[0][0]), kv[0][1])))


def summarize(day: date, entries: list[DayEntry],
              deposit_info: dict[int, tuple[str, str, Decimal, Decimal | None]],
              ) -> DayClose:
    """Sum the day's entries by kind, provider, payer, method and deposit.

    Args:
        day: the day closed.
        entries: the day's charge, payment, adjustment and refund entries.
        deposit_info: per deposit id, ``(label, state, items total, slip amount)``.
    """
    totals = {k: ZERO for k in KINDS}
    by_method: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_deposit: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
    for e in entries:
        totals[e.kind] += e.amount
        if e.kind == "payment":
            by_method[e.method or UNDEPOSITED] += e.amount
            by_deposit[e.deposit_id] += e.amount
    lines = [DepositLine(d, *deposit_info[d][:2], amount, *deposit_info[d][2:])
             for d, amount in sorted((k, v) for k, v in by_deposit.items() if k is not None)]
    if None in by_deposit:
        lines.append(DepositLine(None, "Not in a deposit", "", by_deposit[None], ZERO, None))
    return DayClose(day=day, totals=totals, by_provider=_sum_by(entries, "provider"),
                    by_payer=_sum_by(entries, "payer"), by_method=dict(sorted(by_method.items())),
                    deposits=tuple(lines), entry_count=len(entries))
