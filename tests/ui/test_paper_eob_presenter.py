"""The paper EOB grid's rules, without Qt."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.ui.presenters.paper_eob import PaperEobPresenter, parse_adjustments


def _keyed() -> PaperEobPresenter:
    p = PaperEobPresenter(date(2025, 2, 5))
    p.payer, p.check_number, p.check_amount = "12345", "00012345", "48.00"
    for row, cells in enumerate([
            ("PCN0005", "1", "99214", "200", "160", "48", "CO-45 40, PR-1 100, PR-2 12", "112"),
            ("", "2", "36415", "45", "", "0", "CO-97 45.00", ""),
            ("pcn0006", "", "99213", "95.00", "", "", "CO-27 95", "")]):
        for column, text in zip(("claim", "line", "code", "charge", "allowed", "paid",
                                 "adjustments", "patient_responsibility"), cells, strict=True):
            p.set_cell(row, column, text)
        p.fill_down_claim(row)
    return p


def test_keyed_grid_becomes_the_eob_and_can_post() -> None:
    p = _keyed()
    assert len(p.rows) == 4 and p.rows[3].blank  # a fresh row waits below
    assert [p.row_status(i) for i in range(4)] == ["", "", "", ""]
    assert p.can_post
    eob = p.eob()
    assert [c.claim for c in eob.claims] == ["PCN0005", "PCN0006"]
    assert eob.claims[0].lines[1].line == 2 and eob.claims[0].total_paid == Decimal("48.00")


def test_unbalanced_row_shows_and_blocks_posting() -> None:
    p = _keyed()
    p.set_cell(1, "adjustments", "CO-97 40")
    assert p.row_status(1) == "out by 5.00" and not p.can_post
    assert p.problems()[0].message.startswith("EOB claim PCN0005 line 2 (36415)")
    p.set_cell(1, "charge", "abc")
    assert "not an amount" in p.row_status(1)


def test_adjustment_text() -> None:
    assert parse_adjustments("co-45 $1,040.00; PR-3 20") == [
        {"group": "CO", "reason": "45", "amount": "1040.00"},
        {"group": "PR", "reason": "3", "amount": "20.00"}]
    with pytest.raises(ValueError, match="GROUP-REASON AMOUNT"):
        parse_adjustments("45 40")
