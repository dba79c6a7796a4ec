"""Refund letters: one page that goes with a refund check to a patient or a payer."""

from __future__ import annotations

from typing import BinaryIO

from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.domain.money import format_money
from app.domain.refunds import RefundLetter
from app.printing.letter_text import block, escape, phone


def _summary(d: RefundLetter) -> Table:
    rows = [["Patient", d.patient_name], ["Account number", d.account_number]]
    if d.claim:
        rows.append(["Claim", d.claim])
    rows += [["Refund amount", f"${format_money(d.amount)}"], ["Check number", d.check_number],
             ["Date", f"{d.letter_date:%m/%d/%Y}"]]
    table = Table(rows, colWidths=[1.6 * inch, 2.6 * inch], hAlign="LEFT")
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 10),
                               ("FONT", (1, 0), (1, -1), "Helvetica-Bold", 10),
                               ("BOX", (0, 0), (-1, -1), 0.75, "#000000"),
                               ("LINEBELOW", (0, 0), (-1, -2), 0.25, "#999999")]))
    return table


def _story(d: RefundLetter, styles: dict[str, ParagraphStyle]) -> list[object]:
    body = styles["body"]
    whose = "your account" if d.owed_to == "patient" else \
        f"the account of your member {escape(d.patient_name)}"
    return [
        block([d.practice_name, *d.practice_lines, phone(d.practice_phone)], styles["bold"]),
        Spacer(1, 0.35 * inch),
        Paragraph(f"{d.letter_date:%B %d, %Y}", body), Spacer(1, 0.2 * inch),
        block([d.payee_name, *d.payee_lines], body), Spacer(1, 0.3 * inch),
        Paragraph("REFUND OF CREDIT BALANCE", styles["title"]), Spacer(1, 0.15 * inch),
        Paragraph(f"Dear {escape(d.payee_name)},", body), Spacer(1, 0.1 * inch),
        Paragraph(f"Our review of {whose} found a credit balance. Enclosed is check "
                  f"<b>{escape(d.check_number)}</b> for <b>${format_money(d.amount)}</b> as a "
                  "refund of this credit.", body), Spacer(1, 0.1 * inch),
        Paragraph(f"Reason: {escape(d.reason)}", body), Spacer(1, 0.25 * inch),
        _summary(d), Spacer(1, 0.3 * inch),
        Paragraph(f"If you have any question about this refund, please call us at "
                  f"{phone(d.practice_phone)}.", body), Spacer(1, 0.4 * inch),
        Paragraph("Sincerely,", body), Spacer(1, 0.1 * inch),
        Paragraph(f"Billing Office, {escape(d.practice_name)}", body),
    ]


def render_refund_letter(d: RefundLetter, out: BinaryIO) -> int:
    """Draw the refund letter (one page); returns the number of pages."""
    base = getSampleStyleSheet()
    styles = {
        "body": ParagraphStyle("body", parent=base["Normal"], fontSize=10.5, leading=14),
        "bold": ParagraphStyle("bold", parent=base["Normal"], fontName="Helvetica-Bold",
                               fontSize=10.5, leading=13),
        "title": ParagraphStyle("title", parent=base["Heading2"], fontSize=13),
    }
    doc = SimpleDocTemplate(out, pagesize=letter, leftMargin=inch, rightMargin=inch,
                            topMargin=0.8 * inch, bottomMargin=0.8 * inch, title="Refund")
    doc.build(_story(d, styles))  # type: ignore[arg-type]
    return 1
