"""The Fees page rows, without Qt."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.domain.document import ContractRate, FeeScheduleEntry
from app.ui.presenters.fee_book import book_lines, current, history

TODAY = date(2026, 6, 15)


def fee(code: str, charge: str, on: date, ended: bool = False) -> FeeScheduleEntry:
    return FeeScheduleEntry(code=code, label=f"Label {code}", charge=Decimal(charge),
                            effective_date=on, ended=ended)


ROWS = [fee("99213", "125", date(2026, 1, 1)), fee("99213", "130", date(2026, 7, 1)),
        fee("99214", "180", date(2025, 1, 1)), fee("99214", "190", date(2026, 1, 1)),
        fee("36415", "20", date(2025, 1, 1)), fee("36415", "20", date(2026, 3, 1), True),
        fee("J0696", "78.5", date(2026, 9, 1))]


def test_statuses_and_what_is_in_force_today() -> None:
    lines = book_lines(ROWS, TODAY)
    status = {(ln.code, ln.effective_date): ln.status for ln in lines}
    assert status[("99213", date(2026, 1, 1))] == "in force"
    assert status[("99213", date(2026, 7, 1))] == "future"
    assert status[("99214", date(2025, 1, 1))] == "replaced"
    assert status[("36415", date(2026, 3, 1))] == "ended"
    now = {(ln.code, ln.status, ln.amount) for ln in current(lines)}
    assert now == {("99213", "in force", Decimal("125")), ("99214", "in force", Decimal("190")),
                   ("36415", "ended", None), ("J0696", "future", Decimal("78.5"))}
    assert [ln.code for ln in current(lines, "label 992")] == ["99213", "99214"]


def test_history_is_newest_first() -> None:
    lines = book_lines(ROWS, TODAY)
    assert [ln.amount for ln in history(lines, (0, "99213", ""))] == [Decimal("130"),
                                                                       Decimal("125")]
    assert history(lines, None) == []


def test_contract_rows_carry_payer_names_and_schedule_labels() -> None:
    rates = [ContractRate(payer_id=2, code="99213", allowed=Decimal("88.10"),
                          effective_date=date(2026, 1, 1))]
    [line] = book_lines(rates, TODAY, amount="allowed", labels={"99213": "Office visit"},
                        payers={2: "Acme"})
    assert (line.payer, line.label, line.amount, line.key) == (
        "Acme", "Office visit", Decimal("88.10"), (2, "99213", ""))
