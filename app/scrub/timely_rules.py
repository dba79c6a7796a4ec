"""Timely-filing checks: days left in the payer's filing window, counted from the DOS."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from app.domain.findings import Finding, Owner, Severity
from app.scrub.context import ScrubInput
from app.scrub.declarations import Family, finding, rule

TF, E, W = Family.TIMELY_FILING, Severity.ERROR, Severity.WARNING
WARN_DAYS = 30


def days_left(inp: ScrubInput) -> int | None:
    """Days left to file with the payer (negative when late), or ``None`` without a limit.

    Counted from the date of service: ``timely_filing_days - (today - DOS)``. A payer with
    ``timely_filing_days == 0`` has no limit on record.
    """
    payer = inp.payer
    if payer is None or not payer.timely_filing_days:
        return None
    return payer.timely_filing_days - (inp.today - inp.encounter.date_of_service).days


def _deadline(inp: ScrubInput) -> str:
    payer = inp.payer
    if payer is None:  # pragma: no cover - days_left() is None without a payer
        return ""
    last = inp.encounter.date_of_service + timedelta(days=payer.timely_filing_days)
    return f"{payer.name} accepts claims up to {payer.timely_filing_days} days after the " \
           f"date of service (until {last:%m/%d/%Y})"


@rule("TF-001", TF, Owner.BILLING, W, "Filing deadline near", claim_only=True)
def deadline_near(inp: ScrubInput) -> Iterator[Finding]:
    """Thirty days or fewer remain in the payer's timely-filing window."""
    left = days_left(inp)
    if left is not None and 0 <= left <= WARN_DAYS:
        yield finding("TF-001", f"{left} day(s) left to file: {_deadline(inp)}.",
                      hint="Send this claim in the next batch.", location="claim",
                      source="Payer timely filing limit")


@rule("TF-002", TF, Owner.BILLING, E, "Filing deadline passed", claim_only=True)
def deadline_passed(inp: ScrubInput) -> Iterator[Finding]:
    """The payer's timely-filing window has closed."""
    left = days_left(inp)
    if left is not None and left < 0:
        yield finding("TF-002", f"The filing deadline passed {-left} day(s) ago: "
                      f"{_deadline(inp)}.",
                      hint="Send only with proof of timely filing (an earlier acceptance "
                           "report); otherwise the payer will deny it and it is written off.",
                      location="claim", source="Payer timely filing limit")
