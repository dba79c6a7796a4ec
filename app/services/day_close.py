"""Day close: the day's charges, payments, adjustments and refunds as a PDF and a CSV.

Totals come from the ledger entries posted that day; payments are split by provider, payer,
method and the deposit they went to, so the report ties out to the bank deposits.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from app.domain.day_close import DayClose, summarize
from app.domain.deposits import KIND_LABELS
from app.domain.errors import UserError
from app.printing.day_close import render_day_close
from app.services.atomic import write_atomically, write_text_atomically
from app.store import day_close_source, deposits_repo
from app.store import repository as repo
from app.store.database import Database


def day_close(db: Database, day: date) -> tuple[DayClose, str]:
    """The day-close report for ``day`` and the practice name.

    Raises:
        UserError: the practice is not set up.
    """
    with db.reading() as session:
        practice = repo.get_practice(session)
        if practice is None:
            raise UserError("Set up the practice before closing a day.")
        entries = day_close_source.day_entries(session, day)
        ids = {e.deposit_id for e in entries if e.deposit_id is not None}
        deposits = deposits_repo.list_deposits(session, ids=ids) if ids else []
    info = {d.id: (f"#{d.id} {KIND_LABELS[d.kind]} {d.deposit_date:%m/%d/%Y}"
                   f" {d.reference}".strip(), d.state, d.total, d.slip_amount)
            for d in deposits}
    return summarize(day, entries, info), practice.legal_name


def csv_text(report: DayClose) -> str:
    """The report as CSV rows: section, kind, group, amount (money as ``123.45``)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["section", "kind", "group", "amount"])
    for kind, amount in report.totals.items():
        w.writerow(["total", kind, "", f"{amount:.2f}"])
    w.writerow(["total", "net", "", f"{report.net:.2f}"])
    for (kind, provider), amount in report.by_provider.items():
        w.writerow(["provider", kind, provider, f"{amount:.2f}"])
    for (kind, payer), amount in report.by_payer.items():
        w.writerow(["payer", kind, payer, f"{amount:.2f}"])
    for method, amount in report.by_method.items():
        w.writerow(["method", "payment", method, f"{amount:.2f}"])
    for d in report.deposits:
        w.writerow(["deposit", "payment", d.label, f"{d.day_payments:.2f}"])
    return buf.getvalue()


def write_day_close(db: Database, day: date, out: Path,
                    csv_out: Path | None = None) -> DayClose:
    """Write the day-close PDF (and CSV), each atomically (temporary file, then rename).

    Raises:
        UserError: the practice is not set up.
        OSError: a file cannot be written (no partial file is left).
    """
    report, practice_name = day_close(db, day)
    write_atomically(Path(out), lambda h: render_day_close(report, practice_name, h))
    if csv_out is not None:
        write_text_atomically(Path(csv_out), csv_text(report))
    return report
