"""The appeal letter for one denied claim: a one- or two-page US Letter PDF.

Practice letterhead, date, the payer's address, a RE: block naming the patient, member id, our
claim number and the payer's, the dates of service and the billed amount; the denial reason codes
with ClaimDesk's explanations, the request paragraph, and a table of the claim's lines with what
the payer remitted for each. The data comes ready-made from ``app.services.appeals``; this module
only lays it out (ReportLab platypus).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.domain.encounters import DX_LETTERS
from app.domain.money import format_money

FONT, BOLD = "Helvetica", "Helvetica-Bold"
INK = colors.HexColor("#1f2a36")
ACCENT = colors.HexColor("#2f5f8a")
RULE = colors.HexColor("#b8c4d0")
SHADE = colors.HexColor("#eef2f6")
#: Width available to tables: the page less the margins and the frame's 6 pt paddings.
WIDTH = LETTER[0] - 1.6 * inch - 12


def _widths(*fractions: float) -> list[float]:
    return [WIDTH * f / sum(fractions) for f in fractions]


@dataclass(frozen=True)
class AppealReason:
    """One denial reason: group-reason code, the amount it took and our explanation."""

    code: str  # e.g. "CO-97"
    amount: Decimal
    explanation: str


@dataclass(frozen=True)
class AppealLine:
    """One claim line with the payer's adjudication."""

    number: int
    service_date: date | None
    procedure: str  # code and modifiers, e.g. "99214-25"
    billed: Decimal
    allowed: Decimal | None
    paid: Decimal
    adjustments: str  # e.g. "CO-97 45.00; PR-1 10.00"
    remarks: str = ""  # e.g. "M15"


@dataclass(frozen=True)
class AppealLetter:
    """Everything the letter prints (assembled by ``app.services.appeals``)."""

    practice_name: str
    practice_address: tuple[str, ...]
    practice_phone: str
    practice_npi: str
    practice_tin: str
    letter_date: date
    payer_name: str
    payer_address: tuple[str, ...]
    patient_name: str
    patient_birth_date: date | None
    member_id: str
    claim_number: str
    payer_claim_number: str
    service_from: date
    service_to: date
    billed: Decimal
    reasons: tuple[AppealReason, ...]
    remarks: tuple[tuple[str, str], ...] = ()  # (code, explanation)
    request: str = ""
    lines: tuple[AppealLine, ...] = ()
    signer: str = ""
    note: str = ""
    diagnoses: tuple[str, ...] = ()  # box 21 as billed (A, B, C...)


def _date(value: date | None) -> str:
    return value.strftime("%m/%d/%Y") if value else ""


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, textColor=INK)
    return {
        "body": base,
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=15, leading=18,
                               textColor=ACCENT),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=10.5, spaceBefore=8,
                             spaceAfter=3, textColor=ACCENT),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _letterhead(letter: AppealLetter, st: dict[str, ParagraphStyle]) -> list[Any]:
    tin = letter.practice_tin
    tin = f"{tin[:2]}-{tin[2:]}" if len(tin) == 9 and tin.isdigit() else tin
    ids = f"NPI {letter.practice_npi}   ·   TIN {tin}"
    contact = "   ·   ".join(x for x in (", ".join(letter.practice_address),
                                         letter.practice_phone) if x)
    head = Table([[_p(letter.practice_name, st["head"]), _p(ids, st["small"])],
                  [_p(contact, st["small"]), ""]],
                 colWidths=_widths(4.6, 2.3), hAlign="LEFT")
    head.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
        ("LINEBELOW", (0, 1), (-1, 1), 1.2, ACCENT), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 1), (-1, 1), 6)]))
    return [head, Spacer(1, 14)]


def _addressee(letter: AppealLetter, st: dict[str, ParagraphStyle]) -> list[Any]:
    payer = "\n".join((letter.payer_name, "Attn: Appeals / Claim Reconsideration",
                       *letter.payer_address))
    block = Table([[_p(payer, st["body"]), _p(_date(letter.letter_date), st["right"])]],
                  colWidths=_widths(4.9, 2.0), hAlign="LEFT")
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [block, Spacer(1, 12)]


def _dos(letter: AppealLetter) -> str:
    if letter.service_from == letter.service_to:
        return _date(letter.service_from)
    return f"{_date(letter.service_from)} - {_date(letter.service_to)}"


def _re_block(letter: AppealLetter, st: dict[str, ParagraphStyle]) -> list[Any]:
    patient = letter.patient_name + (f" (DOB {_date(letter.patient_birth_date)})"
                                     if letter.patient_birth_date else "")
    rows = [("Patient", patient), ("Member ID", letter.member_id),
            ("Our claim number", letter.claim_number),
            ("Payer claim number", letter.payer_claim_number or "not assigned"),
            ("Date(s) of service", _dos(letter)), ("Billed", f"${format_money(letter.billed)}")]
    if letter.diagnoses:
        rows.append(("Diagnoses billed", "  ".join(
            f"{DX_LETTERS[i]}. {code}" for i, code in enumerate(letter.diagnoses))))
    data = [[_p("RE:" if n == 0 else "", st["cell"]), _p(label, st["cell"]),
             _p(value, st["cell"])] for n, (label, value) in enumerate(rows)]
    table = Table(data, colWidths=_widths(0.45, 1.45, 5.0), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("BACKGROUND", (1, 0), (-1, -1), SHADE), ("LINEBEFORE", (1, 0), (1, -1), 2, ACCENT),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return [table, Spacer(1, 12)]


def _reasons(letter: AppealLetter, st: dict[str, ParagraphStyle]) -> list[Any]:
    data = [[_p("Code", st["cell"]), _p("Amount", st["cell"]), _p("What it means", st["cell"])]]
    data += [[_p(r.code, st["cell"]), _p(format_money(r.amount), st["cell"]),
              _p(r.explanation, st["cell"])] for r in letter.reasons]
    data += [[_p(code, st["cell"]), "", _p(text, st["cell"])] for code, text in letter.remarks]
    table = Table(data, colWidths=_widths(0.8, 0.9, 5.2), repeatRows=1, hAlign="LEFT")
    table.setStyle(_grid_style(len(data)))
    return [_p("Denial reason codes on the remittance", st["h2"]), table]


def _grid_style(rows: int, money_from: int | None = None) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, 0), BOLD), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    commands += [("LINEBELOW", (0, r), (-1, r), 0.3, RULE) for r in range(1, rows)]
    if money_from is not None:
        commands.append(("ALIGN", (money_from, 0), (money_from + 2, -1), "RIGHT"))
    return TableStyle(commands)


def _lines(letter: AppealLetter, st: dict[str, ParagraphStyle]) -> list[Any]:
    header = ["#", "DOS", "Procedure", "Billed", "Allowed", "Paid", "Adjustments", "Remarks"]
    data: list[list[Any]] = [header]
    for line in letter.lines:
        data.append([str(line.number), _date(line.service_date), line.procedure,
                     format_money(line.billed),
                     format_money(line.allowed) if line.allowed is not None else "",
                     format_money(line.paid), _p(line.adjustments, st["cell"]),
                     _p(line.remarks, st["cell"])])
    total = ["", "", "Total", format_money(sum((x.billed for x in letter.lines), Decimal(0))),
             "", format_money(sum((x.paid for x in letter.lines), Decimal(0))), "", ""]
    data.append(total)
    widths = [0.25, 0.75, 0.8, 0.65, 0.65, 0.6, 2.3, 0.7]
    table = Table(data, colWidths=_widths(*widths), repeatRows=1, hAlign="LEFT")
    style = _grid_style(len(data), money_from=3)
    style.add("FONTNAME", (0, 1), (-1, -1), FONT)
    style.add("FONTSIZE", (0, 0), (-1, -1), 8.5)
    style.add("FONTNAME", (0, -1), (-1, -1), BOLD)
    style.add("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT)
    table.setStyle(style)
    return [KeepTogether([_p("Claim lines as adjudicated", st["h2"]), table])]


def _body(letter: AppealLetter, st: dict[str, ParagraphStyle]) -> list[Any]:
    opening = (f"We are writing to request reconsideration of the claim above, which was "
               f"denied in whole or in part. The services were medically necessary, were "
               f"provided by our practice on {_dos(letter)}, and were billed correctly for a "
               f"total of ${format_money(letter.billed)}.")
    flow: list[Any] = [_p("To the appeals department:", st["body"]), Spacer(1, 6),
                       _p(opening, st["body"])]
    flow += _reasons(letter, st)
    flow += [_p("Our request", st["h2"]), _p(letter.request, st["body"])]
    if letter.note:
        flow += [Spacer(1, 4), _p(letter.note, st["body"])]
    flow += _lines(letter, st)
    closing = (f"Please contact our billing office at {letter.practice_phone} with any "
               "questions. Thank you for your prompt review.")
    flow += [Spacer(1, 10), _p(closing, st["body"]), Spacer(1, 14),
             _p("Sincerely,", st["body"]), Spacer(1, 26),
             _p("\n".join(x for x in (letter.signer, letter.practice_name) if x), st["body"])]
    return flow


def _footer(letter: AppealLetter) -> Any:
    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.grey)
        text = f"Appeal of claim {letter.claim_number} · {letter.patient_name}"
        canvas.drawString(doc.leftMargin + 6, 0.5 * inch, text)
        canvas.drawRightString(LETTER[0] - doc.rightMargin - 6, 0.5 * inch,
                               f"Page {doc.page}")
        canvas.restoreState()
    return draw


def render_appeal_letter(letter: AppealLetter, out: Path | BinaryIO) -> int:
    """Write the appeal letter as a PDF (US Letter).

    Args:
        letter: the letter's content.
        out: a file path or a writable binary stream.

    Returns:
        The number of pages written.
    """
    st = _styles()
    doc = SimpleDocTemplate(str(out) if isinstance(out, Path) else out, pagesize=LETTER,
                            leftMargin=0.8 * inch, rightMargin=0.8 * inch,
                            topMargin=0.7 * inch, bottomMargin=0.8 * inch,
                            title=f"Appeal - claim {letter.claim_number}",
                            author=letter.practice_name, creator="ClaimDesk")
    flow = _letterhead(letter, st) + _addressee(letter, st) + _re_block(letter, st)
    flow += _body(letter, st)
    footer = _footer(letter)
    doc.build(flow, onFirstPage=footer, onLaterPages=footer)
    return int(doc.page)


def reasons_text(reasons: Sequence[AppealReason]) -> str:
    """The reason codes joined for one line of text (``CO-97, CO-27``)."""
    return ", ".join(dict.fromkeys(r.code for r in reasons))
