"""A/R aging, monthly trends and the month-end report data (Qt-free; printing draws it)."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.domain import kpis as k
from app.domain.money import from_cents
from app.store import kpi_queries as q
from app.store.database import Database


def _d(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def aging(db: Database, by: str = "payer", basis: str = "service",
          as_of: date | None = None) -> list[k.AgingRow]:
    """A/R aging in buckets 0-30, 31-60, 61-90, 91-120, >120 days.

    Args:
        db: the practice database.
        by: ``payer`` (insurance balances of claims) or ``patient`` (patient balances).
        basis: age from the date of ``service`` or of ``submission`` (unsent claims: service).
        as_of: the aging date (default today).

    Returns:
        One row per payer or patient, largest balance first, with the claims behind it.
    """
    as_of = as_of or date.today()
    with db.reading() as s:
        if by == "patient":
            raw = [(r[1], r[2], r[0], r[3], r[4], r[5]) for r in q.patient_balances(s, as_of)]
        else:
            raw = [(r[1], r[2], r[0], r[5], r[6], r[7]) for r in q.claim_balances(s, as_of)]
    items = []
    for key, name, claim_id, dos, submitted, cents in raw:
        start = _d(submitted) if basis == "submission" and submitted else _d(dos)
        items.append((key, name, claim_id, (as_of - (start or as_of)).days, from_cents(cents)))
    return k.age_rows(items)


def _totals(rows: list[tuple[Any, ...]]) -> list[k.MonthTotals]:
    return [k.MonthTotals(str(r[0]), from_cents(r[1] or 0), from_cents(r[2] or 0),
                        from_cents(r[3] or 0)) for r in rows]


def monthly_trend(db: Database, months: int = 12, today: date | None = None) -> list[k.MonthTotals]:
    """Charges, payments and adjustments per month for the last ``months`` months."""
    today = today or date.today()
    start = date(today.year, today.month, 1)
    for _ in range(months - 1):
        start = (start - timedelta(days=1)).replace(day=1)
    with db.reading() as s:
        return _totals(q.monthly_totals(s, start, today))


def month_bounds(month: str) -> tuple[date, date]:
    """First and last day of ``YYYY-MM`` (ValueError when malformed)."""
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError:
        raise ValueError(f"--month must look like 2026-03, not {month!r}") from None
    nxt = (first + timedelta(days=32)).replace(day=1)
    return first, nxt - timedelta(days=1)


def month_report(db: Database, month: str) -> k.MonthReport:
    """The month-end report of ``month`` (YYYY-MM).

    Totals posted in the month, the insurance + patient A/R change, by provider and by payer.
    """
    first, last = month_bounds(month)
    with db.reading() as s:
        t = q.ledger_totals(s, first, last)

        def ar(day: date) -> Decimal:
            return from_cents(sum(r[7] for r in q.claim_balances(s, day))
                              + sum(r[5] for r in q.patient_balances(s, day)))

        report = k.MonthReport(
            month, k.MonthTotals("Total", from_cents(t["charges"]), from_cents(t["payments"]),
                               from_cents(t["adjustments"])),
            ar(first - timedelta(days=1)), ar(last),
            _totals(q.totals_by(s, first, last, "provider")),
            _totals(q.totals_by(s, first, last, "payer")))
    return report


def write_month_csv(report: k.MonthReport, out: Path) -> int:
    """The month report as CSV (section, name, charges, payments, adjustments); rows written."""
    rows: list[list[str]] = [["section", "name", "charges", "payments", "adjustments"]]
    t = report.totals
    rows.append(["total", report.month, f"{t.charges:.2f}", f"{t.payments:.2f}",
                 f"{t.adjustments:.2f}"])
    for section, items in (("provider", report.by_provider), ("payer", report.by_payer)):
        rows += [[section, i.label, f"{i.charges:.2f}", f"{i.payments:.2f}",
                  f"{i.adjustments:.2f}"] for i in items]
    rows.append(["ar", "start", f"{report.ar_start:.2f}", "", ""])
    rows.append(["ar", "end", f"{report.ar_end:.2f}", "", ""])
    rows.append(["ar", "change", f"{report.ar_change:.2f}", "", ""])
    with out.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return len(rows) - 1


def write_csv(out: Path, headers: list[str], rows: list[list[str]]) -> int:
    """Any list as CSV (header row first); returns the rows written."""
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        writer.writerows(rows)
    return len(rows)


def print_month_report(db: Database, month: str, out: Path,
                       csv_out: Path | None = None) -> tuple[k.MonthReport, int]:
    """Write the month-end report PDF (and CSV); returns the report and its page count."""
    from app.printing.month_report import write_month_report
    from app.services import workspace

    report = month_report(db, month)
    name = workspace.describe(db).practice_name or "ClaimDesk practice"
    pages = write_month_report(report, out, name)
    if csv_out is not None:
        write_month_csv(report, csv_out)
    return report, pages
