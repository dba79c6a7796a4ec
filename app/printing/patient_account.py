"""Patient payment receipt and the printed account ledger (ReportLab, US Letter)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import landscape, letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.domain.account_ledger import AccountLedger, LedgerLine
from app.domain.money import format_money
from app.domain.patient_payments import PatientPaymentLine

GREY = HexColor("#E6E6E6")
METHODS = {"cash": "Cash", "check": "Check", "card": "Card", "ach": "ACH / bank transfer"}


@dataclass(frozen=True)
class PracticeHeading:
    """Who the paper comes from."""

    name: str
    address_lines: tuple[str, ...]
    phone: str


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "...", font, size) > width:
        text = text[:-1]
    return text + "..."


def _us(d: date) -> str:
    return d.strftime("%m/%d/%Y")


def _heading(c: Canvas, practice: PracticeHeading, title: str, top: float,
             width: float) -> float:
    c.setFont("Helvetica-Bold", 14)
    c.drawString(54, top, practice.name)
    c.setFont("Helvetica", 9)
    y = top - 14
    for line in (*practice.address_lines, practice.phone):
        if line:
            c.drawString(54, y, line)
            y -= 11
    c.setFont("Helvetica-Bold", 16)
    c.drawRightString(width - 54, top, title)
    c.setLineWidth(0.8)
    c.line(54, y - 4, width - 54, y - 4)
    return y - 22


def render_receipt(practice: PracticeHeading, payment: PatientPaymentLine,
                   out: BinaryIO, printed_on: date) -> int:
    """Draw the receipt for one patient payment; returns the page count (1).

    Args:
        practice: the practice heading.
        payment: the payment (a voided one is marked VOID).
        out: the binary file to write.
        printed_on: the date shown as printed.
    """
    width, height = letter
    c = Canvas(out, pagesize=letter, pageCompression=1)
    c.setTitle(f"Receipt {payment.id}")
    y = _heading(c, practice, "PAYMENT RECEIPT", height - 60, width)
    rows = [("Receipt number", str(payment.id)), ("Date received", _us(payment.received_on)),
            ("Received from", payment.patient_name), ("Account", payment.account_number),
            ("Method", METHODS.get(payment.method, payment.method)),
            ("Reference", payment.reference or "-"),
            ("Applied to visits", format_money(payment.applied)),
            ("Kept as credit on account", format_money(payment.unapplied))]
    for label, value in rows:
        c.setFont("Helvetica", 10)
        c.drawString(72, y, label)
        c.setFont("Helvetica-Bold", 10)
        c.drawString(250, y, value)
        y -= 18
    c.setFillColor(GREY)
    c.rect(54, y - 34, width - 108, 34, stroke=0, fill=1)
    c.setFillColor(black)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, y - 22, "Amount paid")
    c.drawRightString(width - 72, y - 22, f"${format_money(payment.amount)}")
    y -= 60
    if payment.voided:
        c.setFont("Helvetica-Bold", 28)
        c.setFillColor(HexColor("#B00000"))
        c.drawCentredString(width / 2, y - 10, "VOID")
        c.setFillColor(black)
        c.setFont("Helvetica", 10)
        c.drawCentredString(width / 2, y - 28, _fit(payment.void_reason, "Helvetica", 10, 400))
        y -= 50
    c.setFont("Helvetica", 9)
    c.drawString(54, y, f"Printed {_us(printed_on)}. Thank you for your payment. "
                 "Please keep this receipt for your records.")
    c.showPage()
    c.save()
    return 1


_COLS = (  # key, header, x (points from the left margin), width, right-aligned
    ("on", "Date", 4, 54, False), ("kind", "What", 60, 56, False),
    ("description", "Description", 120, 330, False), ("amount", "Amount", 456, 60, True),
    ("insurance_pending", "Insurance", 522, 60, True),
    ("patient_owed", "Patient owes", 588, 60, True), ("credit", "Credit", 654, 60, True))


def _cell(line: LedgerLine, key: str) -> str:
    value = getattr(line, key)
    if key == "on":
        return _us(value)
    if key in ("description", "kind"):
        return str(value)
    return "" if value is None else format_money(value)


def _table_head(c: Canvas, y: float) -> float:
    c.setFillColor(GREY)
    c.rect(36, y - 4, 720, 14, stroke=0, fill=1)
    c.setFillColor(black)
    c.setFont("Helvetica-Bold", 8)
    for _key, head, x, w, right in _COLS:
        if right:
            c.drawRightString(36 + x + w, y, head)
        else:
            c.drawString(36 + x, y, head)
    return y - 16


def render_ledger(practice: PracticeHeading, ledger: AccountLedger, out: BinaryIO,
                  printed_on: date) -> int:
    """Draw the patient's account ledger (landscape); returns the page count.

    Args:
        practice: the practice heading.
        ledger: the account with running balances.
        out: the binary file to write.
        printed_on: the date shown as printed.
    """
    width, height = landscape(letter)
    c = Canvas(out, pagesize=(width, height), pageCompression=1)
    c.setTitle(f"Account ledger {ledger.account_number}")
    per_page, lines, pages = 30, list(ledger.lines), 0
    chunks = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    for number, chunk in enumerate(chunks, 1):
        pages += 1
        y = _heading(c, practice, "PATIENT ACCOUNT LEDGER", height - 40, width)
        c.setFont("Helvetica-Bold", 10)
        c.drawString(54, y, f"{ledger.patient_name}    Account {ledger.account_number}")
        c.setFont("Helvetica", 8)
        c.drawRightString(width - 54, y, f"Printed {_us(printed_on)}   Page {number} of "
                          f"{len(chunks)}")
        y = _table_head(c, y - 20)
        c.setFont("Helvetica", 8)
        for line in chunk:
            for key, _head, x, w, right in _COLS:
                text = _fit(_cell(line, key), "Helvetica", 8, w)
                if right:
                    c.drawRightString(36 + x + w, y, text)
                else:
                    c.drawString(36 + x, y, text)
            y -= 13
        if number == len(chunks):
            pending, owed, credit = ledger.last
            c.line(36, y + 6, 756, y + 6)
            c.setFont("Helvetica-Bold", 9)
            c.drawString(36, y - 8, f"Insurance pending ${format_money(pending)}    "
                         f"Patient owes ${format_money(owed)}    Credit ${format_money(credit)}"
                         f"    Balance ${format_money(owed - credit)}")
        c.showPage()
    c.save()
    return pages
