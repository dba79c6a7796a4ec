"""Day-close report PDF: totals, then by provider, payer, payment method and deposit."""

from __future__ import annotations

from decimal import Decimal
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.domain.day_close import KINDS, DayClose
from app.domain.money import format_money

_STYLE = TableStyle([
    ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
    ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
    ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
    ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 2),
])
_HEADS = ["Charges", "Payments", "Adjustments", "Refunds"]


def _m(amount: Decimal | None) -> str:
    return "" if amount is None else format_money(amount)


def _table(rows: list[list[str]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=[w * inch for w in widths], hAlign="LEFT", repeatRows=1)
    table.setStyle(_STYLE)
    return table


def _pivot(title: str, data: dict[tuple[str, str], Decimal]) -> Table:
    groups = sorted({g for _, g in data})
    rows = [[title, *_HEADS]]
    for g in groups:
        rows.append([g[:40], *(_m(data.get((k, g), Decimal("0"))) for k in KINDS)])
    rows.append(["Total", *(_m(sum((v for (k, _), v in data.items() if k == kind),
                                   Decimal("0.00"))) for kind in KINDS)])
    table = _table(rows, [2.9, 1.1, 1.1, 1.1, 1.1])
    table.setStyle(TableStyle([("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 9),
                               ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black)]))
    return table


def _deposits(report: DayClose) -> Table:
    rows = [["Deposit", "State", "Day's payments", "Deposit total", "Bank slip"]]
    for d in report.deposits:
        rows.append([d.label[:45], d.state, _m(d.day_payments),
                     _m(d.deposit_total) if d.deposit_id else "", _m(d.slip_amount)])
    rows.append(["Total payments", "", _m(report.totals["payment"]), "", ""])
    return _table(rows, [3.0, 0.7, 1.2, 1.2, 1.2])


def render_day_close(report: DayClose, practice_name: str, out: BinaryIO) -> int:
    """Draw the day-close report; returns the number of pages."""
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(out, pagesize=letter, leftMargin=0.6 * inch,
                            rightMargin=0.6 * inch, topMargin=0.6 * inch,
                            bottomMargin=0.6 * inch, title=f"Day close {report.day}")
    totals = [["Day totals", *_HEADS, "Net"],
              [f"{report.entry_count} entries", *(_m(report.totals[k]) for k in KINDS),
               _m(report.net)]]
    methods = [["Payments by method", "Amount"]] + [
        [m, _m(a)] for m, a in report.by_method.items()] + [
        ["Total", _m(report.totals["payment"])]]
    story = [
        Paragraph(f"{practice_name}: day close {report.day:%m/%d/%Y}", styles["Title"]),
        Paragraph("Ledger entries posted this day. Net = charges - payments - adjustments "
                  "+ refunds.", styles["Normal"]),
        Spacer(1, 8), _table(totals, [1.3, 1.0, 1.0, 1.0, 1.0, 1.0]), Spacer(1, 12),
        _pivot("By rendering provider", report.by_provider), Spacer(1, 12),
        _pivot("By payer", report.by_payer), Spacer(1, 12),
        _table(methods, [2.9, 1.1]), Spacer(1, 12),
        Paragraph("Payments tied to deposits", styles["Heading3"]), _deposits(report),
    ]
    pages = [0]
    doc.build(story, onLaterPages=lambda c, d: pages.__setitem__(0, d.page),
              onFirstPage=lambda c, d: pages.__setitem__(0, d.page))
    return pages[0]
