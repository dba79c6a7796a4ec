"""CMS-1500 (02/12) claim forms: a drawn replica plus data, or data only for red pre-printed forms.

Every position comes from ``forms/cms1500.json`` (see ``app.printing.boxmap``). Text is Courier
12 pt on the 10 cpi / 6 lpi grid, upper case, in black. Claims with more than six service lines
continue on further forms with the same header items; by default the totals (items 28 and 29)
print on the last form of the claim only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO, Literal

from reportlab.pdfgen.canvas import Canvas

from app.domain.progress import CancelToken, ProgressFn, no_progress
from app.domain.submission import ClaimData, ClaimLineData
from app.printing.boxmap import ClaimForm, FormFileError, claim_form
from app.printing.claimfields import (
    KNOWN_CLAIM_SOURCES,
    KNOWN_LINE_SOURCES,
    PageContext,
    Placement,
    TotalsMode,
    claim_value,
    line_value,
    place,
)
from app.printing.replica import define_replica, stamp_replica

Mode = Literal["replica", "data"]
TENTH_INCH_PT = 7.2


def check_sources(form: ClaimForm) -> None:
    """Refuse a box map naming an ``@computed`` source this code does not know.

    Raises:
        FormFileError: listing every unknown source.
    """
    unknown = [f"{f.id}: {f.source}" for f in form.fields
               if f.source.startswith("@") and f.source[1:].split(".")[0] not in
               KNOWN_CLAIM_SOURCES]
    unknown += [f"{f.id}: {f.source}" for f in form.line_fields
                if f.source.startswith("@") and f.source[1:].split(".")[0] not in
                KNOWN_LINE_SOURCES]
    if unknown:
        raise FormFileError("unknown sources in the CMS-1500 box map: " + ", ".join(unknown))


def page_chunks(claim: ClaimData, per_page: int) -> list[tuple[ClaimLineData, ...]]:
    """Split a claim's lines into forms of ``per_page`` lines (at least one form)."""
    lines = claim.lines
    return [lines[i:i + per_page] for i in range(0, max(len(lines), 1), per_page)]


def claim_placements(form: ClaimForm, ctx: PageContext) -> list[Placement]:
    """Every (row, column, text) one form page of a claim prints."""
    placed: list[Placement] = []
    for item in form.fields:
        assert item.row is not None
        placed += place(item, item.row, claim_value(item, ctx))
    for index, line in enumerate(ctx.lines):
        for item in form.line_fields:
            row = form.line_row(index, item)
            placed += place(item, row, line_value(item, line, ctx.claim))
    return placed


def _new_canvas(out: Path | BinaryIO, form: ClaimForm, title: str) -> Canvas:
    target = str(out) if isinstance(out, Path) else out
    canvas = Canvas(target, pagesize=(form.page_width_pt, form.page_height_pt),
                    pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("ClaimDesk")
    canvas.setViewerPreference("PrintScaling", "None")
    return canvas


def _draw_placements(canvas: Canvas, form: ClaimForm, placed: list[Placement],
                     offset: tuple[float, float]) -> None:
    grid, height = form.grid, form.page_height_pt
    widths = {(f.row, f.col): f.width for f in form.fields if f.shrink}
    text = canvas.beginText()
    text.setFont(grid.font, grid.size_pt)
    for row, col, value in placed:
        room = widths.get((row, col), len(value))
        if len(value) > room:  # a shrink field: smaller type inside the box, not cut off
            text.setFont(grid.font, grid.size_pt * room / len(value))
        text.setTextOrigin(grid.x(col) + offset[0], grid.baseline(row, height) - offset[1])
        text.textOut(value)
        if len(value) > room:
            text.setFont(grid.font, grid.size_pt)
    canvas.drawText(text)


def render_claims(claims: Sequence[ClaimData], out: Path | BinaryIO, *,
                  mode: Mode = "replica", offset_x_tenths: int = 0, offset_y_tenths: int = 0,
                  progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                  totals: TotalsMode = "last_page", today: date | None = None) -> int:
    """Write CMS-1500 forms for ``claims`` to one PDF.

    Args:
        claims: the claims, printed in order; a claim with more than six lines takes several
            forms (lines 7-12 on the second, ...), each repeating the header items.
        out: a file path or a writable binary stream.
        mode: ``"replica"`` draws the red form and the data (plain-paper copies);
            ``"data"`` prints only the black data for pre-printed red forms.
        offset_x_tenths: printer calibration, tenths of an inch to the right (negative: left).
        offset_y_tenths: printer calibration, tenths of an inch down (negative: up).
        progress: called as ``progress(done, total, label)`` after each claim.
        cancel: checked before each page; a cancel raises ``Cancelled`` and nothing is kept
            worth using (the caller discards ``out``).
        totals: ``"last_page"`` prints items 28/29 on the last form of a claim only;
            ``"per_page"`` prints on every form the total of that form's lines (payer setting).
        today: the date printed in item 31 (default: today).

    Returns:
        The number of pages written.

    Raises:
        Cancelled: the cancel token was set.
        FormFileError: the box map is invalid.
    """
    form = claim_form()
    check_sources(form)
    report = progress or no_progress
    offset = (offset_x_tenths * TENTH_INCH_PT, offset_y_tenths * TENTH_INCH_PT)
    canvas = _new_canvas(out, form, "CMS-1500 claims")
    if mode == "replica":
        define_replica(canvas, form)
    pages = 0
    for done, claim in enumerate(claims):
        pages += _draw_claim(canvas, form, claim, _Job(mode, offset, totals,
                                                       today or date.today(), cancel))
        report(done + 1, len(claims), f"Claim {claim.control_number}")
    canvas.save()
    return pages


@dataclass(frozen=True)
class _Job:
    mode: Mode
    offset: tuple[float, float]
    totals: TotalsMode
    today: date
    cancel: CancelToken | None


def _draw_claim(canvas: Canvas, form: ClaimForm, claim: ClaimData, job: _Job) -> int:
    """Draw one claim (one form per six lines); returns the pages drawn."""
    chunks = page_chunks(claim, form.service_lines.per_page)
    for number, chunk in enumerate(chunks, start=1):
        if job.cancel is not None:
            job.cancel.check()
        ctx = PageContext(claim=claim, lines=chunk, is_last=number == len(chunks),
                          totals=job.totals, today=job.today)
        if job.mode == "replica":
            stamp_replica(canvas)
        _draw_placements(canvas, form, claim_placements(form, ctx), job.offset)
        canvas.showPage()
    return len(chunks)


def _ruler(form: ClaimForm) -> list[Placement]:
    """Column digits along the ruler row and row numbers down the ruler column."""
    align = form.alignment
    digits = "".join(str(c % 10) for c in range(1, align.ruler_col))
    cols = [(align.ruler_row, 1, digits)]
    rows = [(r, align.ruler_col, "+" if r % 6 else f"{r // 6}")
            for r in range(align.ruler_row + 1, form.grid.rows)]
    return cols + rows


def alignment_placements(form: ClaimForm) -> list[Placement]:
    """The X marks (inside the alignment boxes), instructions and rulers of the test page."""
    align = form.alignment
    placed = _ruler(form)
    for field_id in align.mark_fields:
        item = form.field(field_id)
        row = item.row if item.row is not None else form.line_row(0, item)
        cells = sorted(item.cells(row))
        first_row, first_col = cells[0]
        width = min(align.mark_width, len({c for r, c in cells if r == first_row}),
                    form.grid.columns - first_col)
        placed.append((first_row, first_col, "X" * width))
    placed += [(align.text_row + i, 1, line) for i, line in enumerate(align.text)]
    return placed


def render_alignment(out: Path | BinaryIO, offset_x_tenths: int = 0,
                     offset_y_tenths: int = 0) -> int:
    """Write the one-page alignment test: X blocks in boxes 1a, 21A, 24 line 1 and 33 + rulers.

    The user prints it on plain paper at actual size, lays it over a red form against a window
    and adjusts the offsets until every X block sits inside its box.

    Args:
        out: a file path or a writable binary stream.
        offset_x_tenths: tenths of an inch to the right (negative: left).
        offset_y_tenths: tenths of an inch down (negative: up).

    Returns:
        The number of pages written (1).
    """
    form = claim_form()
    canvas = _new_canvas(out, form, "CMS-1500 alignment test")
    offset = (offset_x_tenths * TENTH_INCH_PT, offset_y_tenths * TENTH_INCH_PT)
    _draw_placements(canvas, form, alignment_placements(form), offset)
    canvas.showPage()
    canvas.save()
    return 1
