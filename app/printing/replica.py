"""Draw the CMS-1500 replica (red rules, shading, captions, check boxes) from the box map.

The replica is drawn once per PDF as a reusable form XObject and stamped on every page, which
keeps a thousand-page print small and fast. It is for plain-paper copies only: a drawn form is
never OCR-compliant (see ``/work/shared/standards/cms1500.md`` section 1).
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from app.printing.boxmap import ClaimForm

REPLICA_XOBJECT = "cms1500_replica"


def define_replica(canvas: Canvas, form: ClaimForm) -> None:
    """Record the replica as a form XObject on ``canvas`` (call once, then ``stamp_replica``)."""
    canvas.beginForm(REPLICA_XOBJECT)
    _draw_shades(canvas, form)
    _draw_rules(canvas, form)
    _draw_checkboxes(canvas, form)
    _draw_captions(canvas, form)
    canvas.endForm()


def stamp_replica(canvas: Canvas) -> None:
    """Draw the recorded replica on the current page."""
    canvas.doForm(REPLICA_XOBJECT)


def _draw_shades(canvas: Canvas, form: ClaimForm) -> None:
    grid, height = form.grid, form.page_height_pt
    canvas.setFillColor(HexColor(form.replica.shade))
    for x1, r1, x2, r2 in form.replica.shades:
        left, right = grid.edge_x(x1), grid.edge_x(x2)
        top, bottom = grid.edge_y(r1, height), grid.edge_y(r2, height)
        canvas.rect(left, bottom, right - left, top - bottom, stroke=0, fill=1)


def _draw_rules(canvas: Canvas, form: ClaimForm) -> None:
    grid, height, replica = form.grid, form.page_height_pt, form.replica
    canvas.setStrokeColor(HexColor(replica.ink))
    for rule in replica.rules:
        x1, r1, x2, r2 = rule[:4]
        canvas.setLineWidth(rule[4] if len(rule) == 5 else replica.rule_width)
        canvas.line(grid.edge_x(x1), grid.edge_y(r1, height),
                    grid.edge_x(x2), grid.edge_y(r2, height))


def _draw_checkboxes(canvas: Canvas, form: ClaimForm) -> None:
    """A small square around every cell a checkbox field may put its X in."""
    grid, height = form.grid, form.page_height_pt
    canvas.setStrokeColor(HexColor(form.replica.ink))
    canvas.setLineWidth(form.replica.rule_width)
    pad = 0.5
    side = grid.col_pt + 2 * pad
    for item in form.fields:
        if item.format != "checkbox" or item.row is None:
            continue
        bottom = grid.edge_y(item.row, height) + 1.0
        for col in sorted(set(item.choices.values())):
            canvas.rect(grid.x(col) - pad, bottom, side, grid.row_pt - 2.5, stroke=1, fill=0)


def _draw_captions(canvas: Canvas, form: ClaimForm) -> None:
    grid, height, replica = form.grid, form.page_height_pt, form.replica
    canvas.setFillColor(HexColor(replica.ink))
    for cap in replica.captions:
        canvas.setFont(replica.bold_font if cap.bold else replica.caption_font, cap.size)
        if cap.valign == "top":
            y = grid.edge_y(cap.row - 1, height) - cap.size * 0.8 - 0.6
        else:
            y = grid.edge_y(cap.row, height) + 1.2
        canvas.drawString(grid.edge_x(cap.x), y, cap.text)
    for vcap in replica.vertical_captions:
        middle = (grid.edge_y(vcap.top, height) + grid.edge_y(vcap.bottom, height)) / 2
        canvas.saveState()
        canvas.translate(grid.edge_x(vcap.x) + vcap.size * 0.8, middle)
        canvas.rotate(90)
        canvas.setFont(replica.caption_font, vcap.size)
        canvas.drawCentredString(0, 0, vcap.text)
        canvas.restoreState()
