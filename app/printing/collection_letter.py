"""Final-demand letters: one page per account, before it is sent to a collection agency."""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.domain.collections import DemandLetter
from app.domain.money import format_money
from app.printing.letter_text import block, escape, phone


def _letter(d: DemandLetter, styles: dict[str, ParagraphStyle]) -> list[object]:
    body, bold = styles["body"], styles["bold"]
    oldest = f" for services since {d.oldest_owed:%m/%d/%Y}" if d.oldest_owed else ""
    summary = Table([["Account number", d.account_number],
                     ["Balance due", f"${format_money(d.balance)}"],
                     ["Pay by", f"{d.pay_by:%m/%d/%Y}"]],
                    colWidths=[1.6 * inch, 1.6 * inch], hAlign="LEFT")
    summary.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 10),
                                 ("FONT", (1, 0), (1, -1), "Helvetica-Bold", 10),
                                 ("BOX", (0, 0), (-1, -1), 0.75, "#000000"),
                                 ("ALIGN", (1, 0), (1, -1), "RIGHT")]))
    return [
        block([d.practice_name, *d.practice_lines, phone(d.practice_phone)], bold),
        Spacer(1, 0.35 * inch),
        Paragraph(f"{d.letter_date:%B %d, %Y}", body), Spacer(1, 0.2 * inch),
        block([d.patient_name, *d.patient_lines], body), Spacer(1, 0.3 * inch),
        Paragraph("FINAL NOTICE BEFORE COLLECTIONS", styles["title"]), Spacer(1, 0.15 * inch),
        Paragraph(f"Dear {escape(d.patient_name)},", body), Spacer(1, 0.1 * inch),
        Paragraph(f"Your account shows an unpaid balance of "
                  f"<b>${format_money(d.balance)}</b>{oldest}. We have sent you several "
                  "statements and have not received payment.", body), Spacer(1, 0.1 * inch),
        Paragraph(f"Unless we receive payment in full, or you call us to set up a payment "
                  f"plan, by <b>{d.pay_by:%B %d, %Y}</b>, your account will be referred to "
                  f"{escape(d.agency)} for collection.", body), Spacer(1, 0.1 * inch),
        Paragraph(f"If you have already paid, or believe this balance is wrong, please call "
                  f"us at {phone(d.practice_phone)} so we can review your account.", body),
        Spacer(1, 0.25 * inch), summary, Spacer(1, 0.4 * inch),
        Paragraph("Sincerely,", body), Spacer(1, 0.1 * inch),
        Paragraph(f"Billing Office, {escape(d.practice_name)}", body),
    ]


def render_demand_letters(letters: Sequence[DemandLetter], out: BinaryIO) -> int:
    """Draw one letter per page; returns the number of pages."""
    base = getSampleStyleSheet()
    styles = {
        "body": ParagraphStyle("body", parent=base["Normal"], fontSize=10.5, leading=14),
        "bold": ParagraphStyle("bold", parent=base["Normal"], fontName="Helvetica-Bold",
                               fontSize=10.5, leading=13),
        "title": ParagraphStyle("title", parent=base["Heading2"], fontSize=13),
    }
    doc = SimpleDocTemplate(out, pagesize=letter, leftMargin=inch, rightMargin=inch,
                            topMargin=0.8 * inch, bottomMargin=0.8 * inch,
                            title="Final notice")
    story: list[object] = []
    for index, d in enumerate(letters):
        if index:
            story.append(PageBreak())
        story += _letter(d, styles)
    doc.build(story)  # type: ignore[arg-type]
    return len(letters)
