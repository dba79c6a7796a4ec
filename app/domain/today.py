"""The Today queue's item shape and ranking score (pure; sources live in app.services.today).

Score = money weight x urgency, higher first:

- money weight = ``1 + log10(1 + amount)`` (a $0 item still counts; $1,000 weighs 4);
- urgency = ``100 / (1 + max(days_left, 0))`` when the item has a deadline (a deadline
  today or past gives 100; 9 days left gives 10), otherwise ``1 + age_days / 30``
  (a visit 60 days old weighs 3).
- items past their deadline get a further x2 so they rise above everything still in time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class TodayTarget:
    """Where the fix is made: a screen, the record and the field to put the cursor in."""

    screen: str  # coding, billing, patients, remittances.denials, remittances.held, ...
    record_id: int
    field: str = ""


@dataclass(frozen=True)
class TodayItem:
    """One row of the Today list."""

    key: str  # "<source>:<id>", the snooze key
    kind: str  # the source's name, e.g. "denial"
    title: str
    amount: Decimal
    reason: str
    next_action: str
    target: TodayTarget
    days_left: int | None = None  # before a deadline (negative = past it)
    age_days: int = 0
    claim_id: int | None = None
    can_mark_done: bool = False
    score: float = 0.0  # computed from amount, days_left and age_days

    def __post_init__(self) -> None:
        object.__setattr__(self, "score", score(self.amount, self.days_left, self.age_days))


def score(amount: Decimal, days_left: int | None, age_days: int) -> float:
    """The ranking score of an item (see the module docstring)."""
    weight = 1.0 + math.log10(1.0 + max(float(amount), 0.0))
    if days_left is not None:
        urgency = 100.0 / (1 + max(days_left, 0))
        if days_left < 0:
            urgency *= 2
    else:
        urgency = 1.0 + max(age_days, 0) / 30.0
    return round(weight * urgency, 4)


def rank(items: list[TodayItem]) -> list[TodayItem]:
    """Items highest score first (ties: larger amount, then key)."""
    return sorted(items, key=lambda i: (-i.score, -i.amount, i.key))


def visible(items: list[TodayItem], snoozed: dict[str, date], today: date) -> list[TodayItem]:
    """Drop items snoozed until a date after ``today``."""
    return [i for i in items if not (i.key in snoozed and snoozed[i.key] > today)]
