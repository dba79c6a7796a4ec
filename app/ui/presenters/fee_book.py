"""The Fees page's rows, without Qt: what is in force today, and each code's history.

Every fee and contract row is effective-dated; a row is *in force* from its date until the
next row of the same key, *ended* when it withdraws the code, *replaced* once a later row
took over, and *future* before its date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol


class Dated(Protocol):
    """A fee-schedule or contract row."""

    code: str
    modifier: str
    effective_date: date
    ended: bool


@dataclass(frozen=True)
class BookLine:
    """One row as the Fees page shows it."""

    id: int  # position in the history (stable per load), for the table's id role
    key: tuple[int, str, str]  # (payer id or 0, code, modifier)
    code: str
    modifier: str
    label: str
    amount: Decimal | None  # None on an ended row
    effective_date: date
    status: str  # in force, future, replaced, ended, ended (past)
    payer: str = ""


def _status(rows: Sequence[Dated], index: int, today: date) -> str:
    row = rows[index]
    if row.effective_date > today:
        return "future"
    later = [r for r in rows[index + 1:] if r.effective_date <= today]
    if later:
        return "replaced" if not row.ended else "ended (past)"
    return "ended" if row.ended else "in force"


def book_lines(rows: Iterable[Dated], today: date, *, amount: str = "charge",
               labels: dict[str, str] | None = None,
               payers: dict[int, str] | None = None) -> list[BookLine]:
    """Every row with its status, grouped by key and oldest first within a key.

    Args:
        rows: fee-schedule entries (``charge``, ``label``) or contract rates (``allowed``).
        today: the day statuses are computed for.
        amount: the attribute holding the money.
        labels: code -> label, for contract rows (which carry none).
        payers: payer id -> name, for contract rows.
    """
    groups: dict[tuple[int, str, str], list[Dated]] = {}
    for row in rows:
        key = (getattr(row, "payer_id", 0), row.code, row.modifier)
        groups.setdefault(key, []).append(row)
    out: list[BookLine] = []
    for key in sorted(groups, key=lambda k: ((payers or {}).get(k[0], ""), k[1], k[2])):
        items = sorted(groups[key], key=lambda r: r.effective_date)
        for index, row in enumerate(items):
            label = getattr(row, "label", "") or (labels or {}).get(row.code, "")
            out.append(BookLine(
                id=len(out) + 1, key=key, code=row.code, modifier=row.modifier, label=label,
                amount=None if row.ended else getattr(row, amount),
                effective_date=row.effective_date, status=_status(items, index, today),
                payer=(payers or {}).get(key[0], "")))
    return out


def current(lines: Sequence[BookLine], search: str = "") -> list[BookLine]:
    """One line per key: the row in force (or ended) today, else the first future one."""
    text = search.strip().lower()
    picked: dict[tuple[int, str, str], BookLine] = {}
    for line in lines:
        if line.status in ("in force", "ended") or (
                line.status == "future" and line.key not in picked):
            picked[line.key] = line
    return [line for line in picked.values() if not text or text in line.code.lower()
            or text in line.label.lower() or text in line.payer.lower()]


def history(lines: Sequence[BookLine], key: tuple[int, str, str] | None) -> list[BookLine]:
    """Every row of one key, newest first."""
    return sorted((line for line in lines if line.key == key),
                  key=lambda line: line.effective_date, reverse=True)
