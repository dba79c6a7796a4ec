"""Today: ranking on constructed queues, and the merged list of a small practice."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from app.domain.errors import UserError
from app.domain.today import TodayItem, TodayTarget, rank, score
from app.services import today
from app.store import tables as t
from app.store.database import UnitOfWork
from tests.services import kpi_practice

DAY = date(2026, 3, 31)


def item(key: str, amount: str, days_left: int | None = None, age: int = 0) -> TodayItem:
    return TodayItem(key, "x", key, Decimal(amount), "why", "do it", TodayTarget("billing", 1),
                     days_left=days_left, age_days=age)


def test_money_times_urgency_orders_a_constructed_queue() -> None:
    ranked = rank([
        item("small_old_visit", "0", age=90),  # weight 1 x (1 + 3) = 4
        item("big_far_deadline", "5000", days_left=60),  # 4.7 x 1.64 = 7.7
        item("due_tomorrow", "200", days_left=1),  # 3.3 x 50 = 165
        item("past_deadline", "50", days_left=-3),  # 2.7 x 200 = 541
        item("same_deadline_less_money", "20", days_left=1),  # 2.3 x 50 = 116
    ])
    assert [i.key for i in ranked] == ["past_deadline", "due_tomorrow",
                                       "same_deadline_less_money", "big_far_deadline",
                                       "small_old_visit"]
    assert ranked[0].score == score(Decimal("50"), -3, 0)


def test_more_money_wins_at_equal_urgency_and_age_counts_without_deadline() -> None:
    assert score(Decimal("1000"), 5, 0) > score(Decimal("10"), 5, 0)
    assert score(Decimal("100"), None, 60) > score(Decimal("100"), None, 5)


@pytest.fixture
def practice(db: Any) -> kpi_practice.Practice:
    return kpi_practice.build(db)


def by_key(items: list[TodayItem]) -> dict[str, TodayItem]:
    return {i.key.split(":")[0] + ":" + i.key.split(":")[1]: i for i in items}


def test_practice_queues_merge_into_one_ranked_list(practice: Any) -> None:
    items = today.today_items(practice.db, DAY)
    c = practice.claims
    keys = by_key(items)
    # C6 draft with scrub errors; C4's CO-50 denial (deadline 04-10); C7 underpaid; C2 and C5
    # past Acme's learned 20 days; Ann Jones owes 130 with no statement. The contractual
    # CO-45 items of C1 and C3 are not work.
    assert set(keys) == {f"scrub:{c['C6']}", "denial:3", "denial:4", f"no_answer:{c['C2']}",
                         f"no_answer:{c['C5']}", f"statement:{practice.patients['P2']}"}
    assert "Acme Health Plan usually pays in 20 days (median of 2 paid claims)" in \
        keys[f"no_answer:{c['C2']}"].reason
    denial = keys["denial:3"]
    assert denial.days_left == 10 and denial.amount == Decimal("300.00")
    assert denial.target == TodayTarget("remittances.denials", 3, "action")
    assert items == sorted(items, key=lambda i: -i.score)
    assert items[0].key == "denial:3"


def test_snooze_hides_until_the_date_and_done_hides_while_the_condition_holds(
        practice: Any) -> None:
    first = {i.key: i for i in today.today_items(practice.db, DAY)}
    today.snooze(practice.db, "denial:3", DAY + timedelta(days=7), "waiting for records",
                 today=DAY)
    answer = next(i for k, i in first.items() if k.startswith("no_answer"))
    today.mark_done(practice.db, answer, "called the payer")
    keys = {i.key for i in today.today_items(practice.db, DAY)}
    assert "denial:3" not in keys and answer.key not in keys
    assert "denial:3" in {i.key for i in today.today_items(practice.db, DAY + timedelta(7))}


def test_snooze_needs_a_future_date_and_a_reason_and_writes_nothing_otherwise(
        practice: Any) -> None:
    with pytest.raises(UserError, match="after today"):
        today.snooze(practice.db, "denial:3", DAY, "x", today=DAY)
    with pytest.raises(UserError, match="reason"):
        today.snooze(practice.db, "denial:3", DAY + timedelta(1), "  ", today=DAY)
    denial = next(i for i in today.today_items(practice.db, DAY) if i.kind == "denial")
    with pytest.raises(UserError, match="leaves the list when it is fixed"):
        today.mark_done(practice.db, denial)
    with practice.db.reading() as s:
        assert s.query(t.TodaySnoozeRow).count() == 0


def test_a_failed_snooze_write_leaves_nothing(practice: Any, monkeypatch: Any) -> None:
    def boom(self: Any) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(UnitOfWork, "commit", boom)
    with pytest.raises(RuntimeError):
        today.snooze(practice.db, "denial:3", DAY + timedelta(1), "later", today=DAY)
    monkeypatch.undo()
    with practice.db.reading() as s:
        assert s.query(t.TodaySnoozeRow).count() == 0


def test_a_new_source_is_one_function(practice: Any) -> None:
    def plans_missed(ctx: today.Ctx) -> list[TodayItem]:
        return [item("plan:1", "75", days_left=0)]

    items = today.today_items(practice.db, DAY, sources=(*today.SOURCES, plans_missed))
    assert "plan:1" in {i.key for i in items}
