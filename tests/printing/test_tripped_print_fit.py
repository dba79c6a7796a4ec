"""Long text on the CMS-1500 box 33 prints smaller inside the box instead of being cut off."""

from __future__ import annotations

from pathlib import Path

from app.domain.practice import Address
from app.printing.boxmap import claim_form
from tests.printing.claims import make_claim
from tests.printing.pdftext import page_runs
from tests.printing.test_cms1500 import render

LONG_STREET = "12345 North Longfellow Memorial Parkway Suite 210"


def test_a_long_box_33_street_prints_whole_and_inside_the_box(tmp_path: Path) -> None:
    claim = make_claim(1)
    billing = claim.billing.model_copy(update={"address": Address(
        street1=LONG_STREET, city="Springfield", state="IL", zip="627011234")})
    data = render([claim.model_copy(update={"billing": billing})], mode="replica")
    (tmp_path / "box33.pdf").write_bytes(data)
    Path("/tmp/tripsa_box33.pdf").write_bytes(data)
    form = claim_form()
    item = form.field("33_street")
    left, right = form.grid.x(item.col), form.grid.x(item.col + item.width)
    runs = [r for r in page_runs(data)[0] if r.text == LONG_STREET.upper()]
    assert len(runs) == 1, "the street is printed whole"
    run = runs[0]
    assert run.size < form.grid.size_pt
    assert left - 0.01 <= run.x and run.x + len(run.text) * 0.6 * run.size <= right + 0.01


def test_a_short_box_33_street_keeps_the_grid_font() -> None:
    runs = page_runs(render([make_claim(1)], mode="data"))[0]
    street = [r for r in runs if r.text.startswith("100 MAPLE ST")]
    assert street and street[0].size == claim_form().grid.size_pt


LONG_SERVICE = "Office visit, established patient, moderate MDM, 30-39 min"


def test_a_long_statement_service_prints_whole_inside_its_column() -> None:
    import io

    from reportlab.pdfbase.pdfmetrics import stringWidth

    from app.printing.statement_layout import statement_layout
    from app.printing.statements import render_statements
    from tests.printing.claims import make_statement, statement_line

    st = make_statement(3)
    st = st.model_copy(update={"lines": (statement_line(
        10, "150.00", "80.00", "40.00", description=LONG_SERVICE), *st.lines[1:])})
    out = io.BytesIO()
    render_statements([st], out)
    Path("/tmp/tripsa_statement.pdf").write_bytes(out.getvalue())
    layout = statement_layout()
    column = next(c for c in layout.table.columns if c.key == "description")
    runs = [r for r in page_runs(out.getvalue())[0] if r.text == LONG_SERVICE]
    assert len(runs) == 1, "the service text is printed whole"
    run = runs[0]
    assert stringWidth(run.text, layout.font, run.size) <= column.w * 72 + 0.01
    assert run.size < layout.table.size
