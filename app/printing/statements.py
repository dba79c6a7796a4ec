"""Patient statements: header, guarantor window, detail lines, aging, dunning message and stub.

Layout comes from ``forms/statement.json`` (``app.printing.statement_layout``). The remittance
stub is at the bottom of the first page with the aging summary and message above it; lines that
do not fit on the first page continue on further pages, and the last page ends the table with
the total the patient owes (always equal to the amount due on the stub).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.colors import HexColor, black
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.domain.identifiers import format_zip
from app.domain.money import format_money
from app.domain.practice import Address
from app.domain.progress import CancelToken, ProgressFn, no_progress
from app.domain.statements import StatementData, StatementLine
from app.printing.letter_text import phone
from app.printing.statement_layout import StatementLayout, statement_layout

FIRST_STATIC = "statement_first"
NEXT_STATIC = "statement_next"


class _Page:
    """Inch-based drawing helpers on one canvas (origin top-left, y down)."""

    def __init__(self, canvas: Canvas, layout: StatementLayout) -> None:
        self.canvas, self.layout = canvas, layout
        self.height = layout.page_height_in * 72

    def text(self, x: float, y: float, value: str, font: str, size: float,
             align: str = "left") -> None:
        draw = {"left": self.canvas.drawString, "right": self.canvas.drawRightString,
                "center": self.canvas.drawCentredString}[align]
        self.canvas.setFont(font, size)
        draw(x * 72, self.height - y * 72, value)

    def rect(self, x: float, y: float, w: float, h: float, fill: bool = False) -> None:
        self.canvas.rect(x * 72, self.height - (y + h) * 72, w * 72, h * 72,
                         stroke=0 if fill else 1, fill=1 if fill else 0)

    def hline(self, x: float, y: float, w: float) -> None:
        self.canvas.line(x * 72, self.height - y * 72, (x + w) * 72, self.height - y * 72)


def _fit(text: str, font: str, size: float, width_in: float) -> str:
    """Cut ``text`` so it fits ``width_in`` inches (with an ellipsis when cut)."""
    if stringWidth(text, font, size) <= width_in * 72:
        return text
    while text and stringWidth(text + "...", font, size) > width_in * 72:
        text = text[:-1]
    return text + "..."


def _date(value: date) -> str:
    return value.strftime("%m/%d/%Y")


def _address_lines(address: Address) -> list[str]:
    city = f"{address.city}, {address.state} {format_zip(address.zip)}"
    return [line for line in (address.street1, address.street2, city) if line]


def _value(st: StatementData, key: str) -> str:
    """Summary/stub values by key (dates and money formatted for people)."""
    raw = getattr(st, key)
    if isinstance(raw, Decimal):
        return f"${format_money(raw)}"
    return _date(raw) if isinstance(raw, date) else str(raw)


def _shrink(text: str, font: str, size: float, width_in: float,
            floor: float = 0.7) -> tuple[str, float]:
    """``text`` and a size that fit ``width_in`` inches.

    Smaller type first (down to ``floor`` of ``size``), an ellipsis only for what still
    does not fit.
    """
    width = stringWidth(text, font, size)
    if width <= width_in * 72:
        return text, size
    smaller = max(size * floor, size * width_in * 72 / width)
    return _fit(text, font, smaller, width_in), smaller


def page_chunks(st: StatementData, layout: StatementLayout) -> list[tuple[StatementLine, ...]]:
    """Split the statement lines over pages (first page holds fewer: it carries the stub)."""
    first, rest = layout.table.capacity(True), layout.table.capacity(False)
    chunks = [st.lines[:first]]
    for start in range(first, len(st.lines), rest):
        chunks.append(st.lines[start:start + rest])
    return chunks


def _define_statics(canvas: Canvas, layout: StatementLayout) -> None:
    """Record the fixed parts of first and continuation pages as form XObjects."""
    page = _Page(canvas, layout)
    canvas.beginForm(FIRST_STATIC)
    _table_header(page, layout.table.first_top)
    _aging_frame(page)
    _stub_frame(page)
    canvas.endForm()
    canvas.beginForm(NEXT_STATIC)
    _table_header(page, layout.table.next_top)
    canvas.endForm()


def _table_header(page: _Page, top: float) -> None:
    table, lay = page.layout.table, page.layout
    page.canvas.setFillColor(HexColor(lay.shade))
    page.rect(table.x, top, table.w, table.header_h, fill=True)
    page.canvas.setFillColor(HexColor(lay.accent))
    for col in table.columns:
        x = table.x + col.x + (col.w if col.align == "right" else 0)
        page.text(x, top + table.header_h * 0.65, col.title, lay.bold_font, table.header_size,
                  col.align)
    page.canvas.setStrokeColor(HexColor(lay.rule))
    page.hline(table.x, top + table.header_h, table.w)


def _aging_frame(page: _Page) -> None:
    lay, table, aging = page.layout, page.layout.table, page.layout.aging
    labels = ["Current", "31-60 days", "61-90 days", "91-120 days", "Over 120 days",
              aging.due_label]
    cell = table.w / len(labels)
    page.canvas.setStrokeColor(HexColor(lay.rule))
    page.canvas.setFillColor(HexColor(lay.accent))
    for index, label in enumerate(labels):
        x = table.x + index * cell
        page.rect(x, aging.y, cell, aging.h)
        page.text(x + cell / 2, aging.y + 0.14, label, lay.bold_font, aging.size, "center")


def _stub_frame(page: _Page) -> None:
    lay, stub = page.layout, page.layout.stub
    canvas = page.canvas
    canvas.setStrokeColor(HexColor(lay.rule))
    canvas.setDash(4, 3)
    page.hline(0.25, stub.tear_y, lay.page_width_in - 0.5)
    canvas.setDash()
    canvas.setFillColor(HexColor(lay.accent))
    page.text(lay.page_width_in / 2, stub.tear_y + 0.17, stub.tear_text, lay.bold_font, 7,
              "center")
    for index, (label, _key) in enumerate(stub.items):
        page.text(stub.fields_x, stub.fields_y + index * stub.row, label, lay.font, stub.size)
    box = stub.enclosed
    page.rect(box.x, box.y, box.w, box.h)
    page.text(box.x + 0.08, box.y + box.h * 0.62, box.label, lay.bold_font, stub.size)
    canvas.setFillColor(black)
    for index, line in enumerate(stub.card_lines):
        page.text(stub.card_x, stub.card_y + index * stub.card_leading, line, lay.font, 7.5)
    page.text(stub.remit_x, stub.remit_y - stub.remit_leading, stub.remit_label, lay.bold_font,
              7)


def _header(page: _Page, st: StatementData, number: int, count: int) -> None:
    lay = page.layout
    block, title = lay.practice, lay.title
    page.canvas.setFillColor(HexColor(lay.accent))
    page.text(title.x, title.y, title.text, lay.bold_font, title.size, "right")
    page.canvas.setFillColor(black)
    page.text(block.x, block.y, st.practice_name, lay.bold_font, block.size)
    lines = _address_lines(st.practice_address)
    if st.practice_phone:
        lines.append(phone(st.practice_phone))
    for index, line in enumerate(lines, start=1):
        page.text(block.x, block.y + index * block.leading, line, lay.font, block.small)
    page.text(lay.page_width_in - 0.5, lay.page_height_in - 0.3,
              f"Account {st.account_number} - page {number} of {count}", lay.font, 7, "right")


def _summary(page: _Page, st: StatementData) -> None:
    lay, box = page.layout, page.layout.summary
    page.canvas.setStrokeColor(HexColor(lay.rule))
    page.rect(box.x, box.y, box.w, box.row * len(box.items) + 0.08)
    for index, (label, key) in enumerate(box.items):
        y = box.y + (index + 0.75) * box.row
        bold = key == "amount_due"
        page.text(box.x + 0.1, y, label, lay.bold_font if bold else lay.font, box.size)
        page.text(box.x + box.w - 0.1, y, _value(st, key), lay.bold_font, box.size, "right")


def _guarantor(page: _Page, st: StatementData) -> None:
    lay, win = page.layout, page.layout.guarantor
    lines = [st.guarantor_name, *_address_lines(st.guarantor_address)]
    for index, line in enumerate(lines):
        text = _fit(line.upper(), lay.font, win.size, win.w)
        page.text(win.x, win.y + index * win.leading, text, lay.font, win.size)


def _cell_text(line: StatementLine, key: str) -> str:
    raw = getattr(line, key)
    if isinstance(raw, Decimal):
        return format_money(raw) if raw or key in ("charge", "balance") else ""
    return _date(raw) if isinstance(raw, date) else str(raw)


def _rows(page: _Page, lines: Sequence[StatementLine], top: float) -> float:
    """Draw the detail rows from ``top``; returns the y just under the last row."""
    lay, table = page.layout, page.layout.table
    y = top + table.header_h
    for line in lines:
        for col in table.columns:
            text, size = _shrink(_cell_text(line, col.key), lay.font, table.size, col.w)
            x = table.x + col.x + (col.w if col.align == "right" else 0)
            page.text(x, y + table.row_h * 0.45, text, lay.font, size, col.align)
            if col.key == "description" and line.why_you_owe:
                note, small = _shrink(line.why_you_owe, lay.italic_font, table.note_size, col.w)
                page.text(x, y + table.row_h * 0.85, note, lay.italic_font, small)
        y += table.row_h
    return y


def _table_end(page: _Page, st: StatementData, y: float, last: bool) -> None:
    lay, table = page.layout, page.layout.table
    page.canvas.setStrokeColor(HexColor(lay.rule))
    page.hline(table.x, y + 0.04, table.w)
    base = y + table.row_h * 0.6
    if not last:
        page.text(table.x + 0.05, base, table.continued, lay.italic_font, table.size)
        return
    balance = table.columns[-1]
    page.text(table.x + balance.x - 0.1, base, table.total_label, lay.bold_font, table.size,
              "right")
    page.text(table.x + balance.x + balance.w, base, format_money(st.total_balance),
              lay.bold_font, table.size, "right")


def _aging_values(page: _Page, st: StatementData) -> None:
    lay, table, aging = page.layout, page.layout.table, page.layout.aging
    amounts = [amount for _label, amount in st.aging.as_pairs()] + [st.amount_due]
    cell = table.w / len(amounts)
    for index, amount in enumerate(amounts):
        font = lay.bold_font if index == len(amounts) - 1 else lay.font
        page.text(table.x + (index + 0.5) * cell, aging.y + aging.h - 0.08,
                  format_money(amount), font, aging.value_size, "center")
    message = lay.message
    if st.message:
        page.text(message.x, message.y, _fit(st.message, lay.bold_font, message.size, message.w),
                  lay.bold_font, message.size)
    if st.payment_plan:
        page.text(message.x, message.y + 0.17,
                  _fit(st.payment_plan, lay.bold_font, message.size, message.w),
                  lay.bold_font, message.size)


def _stub_values(page: _Page, st: StatementData) -> None:
    lay, stub = page.layout, page.layout.stub
    for index, (_label, key) in enumerate(stub.items):
        page.text(stub.fields_x + stub.fields_w, stub.fields_y + index * stub.row,
                  _value(st, key), lay.bold_font, stub.size, "right")
    sender = [st.guarantor_name.upper(), f"ACCOUNT {st.account_number}"]
    for index, line in enumerate(sender):
        page.text(stub.from_x, stub.from_y + index * stub.leading, line, lay.font, stub.size)
    remit = [st.remit_name, *_address_lines(st.remit_address)]
    for index, line in enumerate(remit):
        page.text(stub.remit_x, stub.remit_y + index * stub.remit_leading, line.upper(),
                  lay.font, stub.remit_size)


def _draw_statement(canvas: Canvas, layout: StatementLayout, st: StatementData,
                    cancel: CancelToken | None) -> int:
    page = _Page(canvas, layout)
    chunks = page_chunks(st, layout)
    for number, chunk in enumerate(chunks, start=1):
        if cancel is not None:
            cancel.check()
        first = number == 1
        canvas.doForm(FIRST_STATIC if first else NEXT_STATIC)
        canvas.setFillColor(black)
        _header(page, st, number, len(chunks))
        top = layout.table.first_top if first else layout.table.next_top
        if first:
            _summary(page, st)
            _guarantor(page, st)
            _aging_values(page, st)
            _stub_values(page, st)
        _table_end(page, st, _rows(page, chunk, top), number == len(chunks))
        canvas.showPage()
    return len(chunks)


def render_statements(statements: Sequence[StatementData], out: Path | BinaryIO,
                      progress: ProgressFn | None = None,
                      cancel: CancelToken | None = None) -> int:
    """Write patient statements to one PDF (US Letter, print at actual size).

    Args:
        statements: the statements, in mailing order.
        out: a file path or a writable binary stream.
        progress: called as ``progress(done, total, label)`` after each statement.
        cancel: checked before each page; a cancel raises ``Cancelled`` (discard ``out``).

    Returns:
        The number of pages written.

    Raises:
        Cancelled: the cancel token was set.
        FormFileError: ``forms/statement.json`` is invalid.
    """
    layout = statement_layout()
    report = progress or no_progress
    canvas = Canvas(str(out) if isinstance(out, Path) else out,
                    pagesize=(layout.page_width_in * 72, layout.page_height_in * 72),
                    pageCompression=1)
    canvas.setTitle("Patient statements")
    canvas.setCreator("ClaimDesk")
    canvas.setViewerPreference("PrintScaling", "None")
    _define_statics(canvas, layout)
    pages = 0
    for done, st in enumerate(statements, start=1):
        pages += _draw_statement(canvas, layout, st, cancel)
        report(done, len(statements), f"Statement {st.account_number}")
    canvas.save()
    return pages
