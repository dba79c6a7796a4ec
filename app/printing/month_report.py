"""The month-end report PDF: totals, A/R change, and the split by provider and by payer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.domain.kpis import MonthReport, MonthTotals
from app.domain.money import format_money

FONT, BOLD = "Helvetica", "Helvetica-Bold"
INK = colors.HexColor("#1f2a36")
SHADE = colors.HexColor("#eef2f6")
RULE = colors.HexColor("#b8c4d0")
TITLE = ParagraphStyle("title", fontName=BOLD, fontSize=16, leading=20, textColor=INK)
HEAD = ParagraphStyle("head", fontName=BOLD, fontSize=11, leading=14, textColor=INK,
                      spaceBefore=10, spaceAfter=4)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12, textColor=INK)


def _table(rows: list[list[str]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 9), ("FONT", (0, 0), (-1, 0), BOLD, 9),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE), ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE), ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _money_rows(items: list[MonthTotals], first: str) -> list[list[str]]:
    rows = [[first, "Charges", "Payments", "Adjustments"]]
    rows += [[i.label[:45], format_money(i.charges), format_money(i.payments),
              format_money(i.adjustments)] for i in items]
    if not items:
        rows.append(["(nothing posted)", "", "", ""])
    return rows


def write_month_report(report: MonthReport, out: Path, practice_name: str,
                       printed: date | None = None) -> int:
    """Write the month-end report to ``out``; returns the page count.

    Args:
        report: the month's figures (``app.services.reports.month_report``).
        out: the PDF path.
        practice_name: shown in the heading.
        printed: the date printed in the footer line (default today).

    Returns:
        Number of pages written.
    """
    pages = [0]

    def count(_canvas: object, _doc: object) -> None:
        pages[0] += 1

    doc = SimpleDocTemplate(str(out), pagesize=LETTER, leftMargin=0.8 * inch,
                            rightMargin=0.8 * inch, topMargin=0.7 * inch,
                            bottomMargin=0.7 * inch, title=f"Month-end report {report.month}")
    widths = [2.9 * inch, 1.2 * inch, 1.2 * inch, 1.3 * inch]
    t = report.totals
    ar_rows = [["Accounts receivable", "Amount", "", ""],
               ["A/R at the start of the month", format_money(report.ar_start), "", ""],
               ["A/R at the end of the month", format_money(report.ar_end), "", ""],
               ["Change", _signed(report.ar_change), "", ""]]
    story = [
        Paragraph(f"Month-end report: {report.month}", TITLE),
        Paragraph(f"{practice_name} · printed {(printed or date.today()).isoformat()} · "
                  "amounts posted in the month; A/R is insurance plus patient balances", BODY),
        Spacer(1, 10), Paragraph("Totals", HEAD),
        _table(_money_rows([t], "Month"), widths), Paragraph("A/R change", HEAD),
        _table(ar_rows, widths), Paragraph("By rendering provider", HEAD),
        _table(_money_rows(report.by_provider, "Provider"), widths),
        Paragraph("By payer", HEAD), _table(_money_rows(report.by_payer, "Payer"), widths),
    ]
    doc.build(story, onFirstPage=count, onLaterPages=count)
    return pages[0]


def _signed(amount: Decimal) -> str:
    return ("+" if amount > 0 else "") + format_money(amount)
