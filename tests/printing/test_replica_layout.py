"""The replica's captions never collide with each other or with any data cell."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from app.printing.boxmap import claim_form

Rect = tuple[float, float, float, float]


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] - 0.01 and b[0] < a[2] - 0.01 and a[1] < b[3] - 0.01 and b[1] < a[3] - 0.01


def _captions() -> list[tuple[str, Rect]]:
    form = claim_form()
    grid, height, replica = form.grid, form.page_height_pt, form.replica
    out = []
    for cap in replica.captions:
        font = replica.bold_font if cap.bold else replica.caption_font
        x0 = grid.edge_x(cap.x)
        if cap.valign == "top":
            top = grid.edge_y(cap.row - 1, height) - 0.6
            bottom = top - cap.size
        else:
            bottom = grid.edge_y(cap.row, height) + 1.2 - 0.2 * cap.size
            top = bottom + cap.size
        out.append((cap.text, (x0, bottom, x0 + stringWidth(cap.text, font, cap.size), top)))
    return out


def _data_cells() -> list[tuple[str, Rect]]:
    form = claim_form()
    grid, height = form.grid, form.page_height_pt
    placed = [(f, f.row) for f in form.fields]
    for index in range(form.service_lines.per_page):
        placed += [(f, form.line_row(index, f)) for f in form.line_fields]
    cells = []
    for item, row in placed:
        for r, c in item.cells(row):
            base = grid.baseline(r, height)
            cells.append((item.id, (grid.x(c), base, grid.x(c) + grid.col_pt, base + 7.0)))
    return cells


def test_captions_do_not_overlap_each_other() -> None:
    caps = _captions()
    clashes = [(a, b) for i, (a, ra) in enumerate(caps) for b, rb in caps[i + 1:]
               if _overlap(ra, rb)]
    assert clashes == []


def test_captions_do_not_cover_data_cells() -> None:
    cells = _data_cells()
    clashes = [(text, fid) for text, rect in _captions() for fid, cell in cells
               if _overlap(rect, cell)]
    assert clashes == []


def test_captions_stay_on_the_page() -> None:
    form = claim_form()
    for text, rect in _captions():
        assert rect[0] >= 0 and rect[2] <= form.page_width_pt, text
