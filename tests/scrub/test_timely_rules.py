"""Timely-filing rules TF-001 and TF-002."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from app.domain.findings import Severity
from app.scrub.context import ScrubInput
from app.scrub.timely_rules import days_left
from tests.scrub.builders import DOS, check, claim_input, payer


def filed_after(days: int, limit: int = 90) -> ScrubInput:
    """The clean claim scrubbed ``days`` after the DOS with a ``limit``-day payer."""
    return replace(claim_input(payer=payer(timely_filing_days=limit)),
                   today=DOS + timedelta(days=days))


CASES = [
    ("TF-001", filed_after(70), filed_after(50)),
    ("TF-002", filed_after(91), filed_after(90)),
]


@pytest.mark.parametrize(("rule_id", "bad", "good"), CASES, ids=[c[0] for c in CASES])
def test_rule_fails_and_passes(rule_id: str, bad: ScrubInput, good: ScrubInput) -> None:
    found = check(rule_id, bad)
    assert found and all(f.rule_id == rule_id and f.owner == "billing" for f in found)
    assert check(rule_id, good) == []


@pytest.mark.parametrize(("days", "left"), [(0, 90), (60, 30), (90, 0), (100, -10)])
def test_days_left_counts_from_the_date_of_service(days: int, left: int) -> None:
    assert days_left(filed_after(days)) == left


def test_warning_names_the_days_left() -> None:
    [f] = check("TF-001", filed_after(70))
    assert f.severity == Severity.WARNING and f.message.startswith("20 day(s) left")


def test_last_day_is_still_a_warning() -> None:
    assert check("TF-001", filed_after(90)) and not check("TF-002", filed_after(90))


def test_expired_is_an_error() -> None:
    [f] = check("TF-002", filed_after(100))
    assert f.severity == Severity.ERROR and "10 day(s) ago" in f.message


def test_no_limit_on_record_means_no_finding() -> None:
    inp = filed_after(2000, limit=0)
    assert check("TF-001", inp) == [] and check("TF-002", inp) == []
