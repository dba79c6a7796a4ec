"""Patient statements: sums agree, the stub carries account and amount, lines overflow."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.domain.errors import Cancelled
from app.domain.money import format_money
from app.domain.progress import CancelToken
from app.domain.statements import AgingBuckets, dunning_message
from app.printing.statement_layout import statement_layout
from app.printing.statements import render_statements
from tests.printing.claims import make_statement, statement_line
from tests.printing.pdftext import Run, page_runs


def render(statements, **kwargs) -> list[list[Run]]:
    out = io.BytesIO()
    pages = render_statements(statements, out, **kwargs)
    runs = page_runs(out.getvalue())
    assert len(runs) == pages
    return runs


def _money(text: str) -> Decimal:
    return Decimal(text.replace("$", "").replace(",", ""))


def _page_y(inches: float) -> float:
    return statement_layout().page_height_in * 72 - inches * 72


def test_totals_and_aging_agree_with_amount_due() -> None:
    st = make_statement(3)
    runs = render([st])[0]
    layout = statement_layout()
    total_at = next(i for i, r in enumerate(runs) if r.text == layout.table.total_label)
    total = _money(runs[total_at + 1].text)
    assert total == sum(line.balance for line in st.lines) == st.amount_due == Decimal("100.00")
    aging_y = _page_y(layout.aging.y + layout.aging.h - 0.08)
    aging = [_money(r.text) for r in runs if abs(r.y - aging_y) < 0.01]
    assert len(aging) == 6
    assert sum(aging[:5]) == aging[5] == st.amount_due


def test_stub_carries_account_number_amount_due_and_remit_address() -> None:
    st = make_statement(3, account="G000777")
    runs = render([st])[0]
    stub = [r.text for r in runs if r.y < _page_y(statement_layout().stub.tear_y)]
    assert "G000777" in stub
    assert f"${format_money(st.amount_due)}" in stub
    assert "07/25/2026" in stub
    assert "PO BOX 990" in stub


def test_long_statement_continues_and_totals_on_the_last_page() -> None:
    st = make_statement(40)
    pages = render([st])
    layout = statement_layout()
    first_cap, next_cap = layout.table.capacity(True), layout.table.capacity(False)
    assert len(pages) == 1 + -(-(40 - first_cap) // next_cap)
    texts = [[r.text for r in page] for page in pages]
    assert layout.table.continued in texts[0]
    assert layout.table.total_label not in texts[0]
    assert layout.table.total_label in texts[-1]
    dates = sum(sum(1 for t in page if t.count("/") == 2 and len(t) == 10) for page in texts)
    summary_dates = 2 + 2  # summary box and stub: statement date and due date
    assert dates - summary_dates == 40
    assert "G000042" in texts[0]  # stub is on page one


def test_validation_rejects_inconsistent_statements() -> None:
    st = make_statement(3)
    with pytest.raises(ValidationError, match="amount due"):
        st.model_validate({**st.model_dump(), "amount_due": Decimal("99.00")})
    with pytest.raises(ValidationError, match="aging"):
        st.model_validate({**st.model_dump(), "aging": AgingBuckets(current=Decimal("90"))})
    with pytest.raises(ValidationError, match="line balance"):
        line = statement_line(1, "10.00").model_dump()
        type(st.lines[0]).model_validate({**line, "balance": Decimal("9.00")})
    with pytest.raises(ValidationError, match="float"):
        type(st.lines[0]).model_validate({**statement_line(1, "10.00").model_dump(),
                                          "charge": 10.0})


def test_dunning_message_follows_oldest_balance() -> None:
    assert "processed" in dunning_message(AgingBuckets(current=Decimal("5")))
    assert "past due" in dunning_message(AgingBuckets(days_31_60=Decimal("5")))
    assert "payment plan" in dunning_message(AgingBuckets(days_61_90=Decimal("5")))
    assert "Final notice" in dunning_message(AgingBuckets(over_120=Decimal("5")))


def test_column_titles_fit_their_columns() -> None:
    layout = statement_layout()
    for col in layout.table.columns:
        assert stringWidth(col.title, layout.bold_font, layout.table.header_size) <= col.w * 72


def test_progress_and_cancel() -> None:
    seen: list[int] = []
    render([make_statement(1), make_statement(2)], progress=lambda d, t, _l: seen.append(d))
    assert seen == [1, 2]
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        render([make_statement(1)], cancel=token)


def test_dates_and_money_formats() -> None:
    runs = render([make_statement(1)])[0]
    texts = [r.text for r in runs]
    assert date(2026, 6, 20).strftime("%m/%d/%Y") in texts
    assert "150.00" in texts and "30.00" in texts
