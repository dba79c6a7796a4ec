"""Claims and the claim status machine (one table of allowed transitions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from app.domain.base import Record
from app.domain.errors import TransitionNotAllowed
from app.domain.patients import PolicyOrder


class ClaimStatus(StrEnum):
    """Where a claim is in its life."""

    DRAFT = "draft"  # built, not yet scrubbed clean
    READY = "ready"  # scrubbed clean, waiting for a batch
    ON_HOLD = "on_hold"  # held by the biller, with a reason
    SUBMITTED = "submitted"  # in an exported batch or printed
    ACCEPTED = "accepted"  # acknowledged by the clearinghouse/payer
    REJECTED = "rejected"  # front-end rejection (999/277CA): fix and resend
    PAID = "paid"  # adjudicated and paid as expected
    PARTIAL = "partial"  # adjudicated, paid in part (some lines denied or underpaid)
    DENIED = "denied"  # adjudicated with no payment
    APPEALED = "appealed"  # appeal or reconsideration sent
    CLOSED = "closed"  # nothing more expected from this payer
    VOID = "void"  # cancelled


S = ClaimStatus

#: Allowed (from, to) status changes. The UI enables actions from this same table.
TRANSITIONS: dict[ClaimStatus, frozenset[ClaimStatus]] = {
    S.DRAFT: frozenset({S.READY, S.ON_HOLD, S.VOID}),
    S.READY: frozenset({S.DRAFT, S.ON_HOLD, S.SUBMITTED, S.VOID}),
    S.ON_HOLD: frozenset({S.DRAFT, S.READY, S.VOID}),
    S.SUBMITTED: frozenset({S.ACCEPTED, S.REJECTED, S.PAID, S.PARTIAL, S.DENIED}),
    S.ACCEPTED: frozenset({S.REJECTED, S.PAID, S.PARTIAL, S.DENIED}),
    S.REJECTED: frozenset({S.DRAFT, S.READY, S.VOID}),
    S.PAID: frozenset({S.CLOSED, S.PARTIAL, S.DENIED, S.APPEALED}),
    S.PARTIAL: frozenset({S.PAID, S.DENIED, S.APPEALED, S.CLOSED}),
    S.DENIED: frozenset({S.APPEALED, S.DRAFT, S.PAID, S.PARTIAL, S.CLOSED, S.VOID}),
    S.APPEALED: frozenset({S.PAID, S.PARTIAL, S.DENIED, S.CLOSED}),
    S.CLOSED: frozenset({S.APPEALED, S.PAID, S.PARTIAL, S.DENIED}),
    S.VOID: frozenset(),
}

#: Statuses in which the claim has left the practice and the payer owes an answer.
IN_FLIGHT = frozenset({S.SUBMITTED, S.ACCEPTED, S.APPEALED})
#: Statuses in which the claim may still be edited.
EDITABLE = frozenset({S.DRAFT, S.READY, S.ON_HOLD, S.REJECTED})


def can_transition(current: ClaimStatus, target: ClaimStatus) -> bool:
    """Whether the table allows ``current`` -> ``target``."""
    return target in TRANSITIONS[current]


def transition(current: ClaimStatus, target: ClaimStatus) -> ClaimStatus:
    """Return ``target`` if the table allows the change.

    Raises:
        TransitionNotAllowed: the change is not in the table.
    """
    if not can_transition(current, target):
        raise TransitionNotAllowed(
            f"A {current.value} claim cannot become {target.value}.",
            hint="Allowed next: "
            + (", ".join(sorted(t.value for t in TRANSITIONS[current])) or "none") + ".",
        )
    return target


@dataclass(frozen=True)
class StatusMove:
    """One requested claim status change, as the store's claim writer applies it.

    ``expected`` is the status the caller saw (``None``: whatever it is now) and
    ``expected_version`` the version it saw (``None``: any); the writer refuses the move when
    the stored claim differs. A ``target`` equal to the current status records a history
    note without a transition (a reversal, a status left as it was). ``submitted_on``,
    ``payer_claim_number`` and ``status_note`` are saved with the move when not ``None``.
    """

    claim_id: int
    target: ClaimStatus
    reason: str = ""
    expected: ClaimStatus | None = None
    expected_version: int | None = None
    submitted_on: date | None = None
    payer_claim_number: str | None = None
    status_note: str | None = None


class FrequencyCode(StrEnum):
    """Claim frequency (CLM05-3, CMS-1500 box 22)."""

    ORIGINAL = "1"
    REPLACEMENT = "7"
    VOID = "8"


class StatusChange(Record):
    """One row of a claim's history: when, from, to, why."""

    id: int | None = None
    claim_id: int
    at: datetime
    from_status: ClaimStatus | None = None
    to_status: ClaimStatus
    reason: str = Field(default="", max_length=500)


class Claim(Record):
    """A claim for one encounter to one payer."""

    id: int | None = None
    version: int = 0
    encounter_id: int
    policy_id: int
    payer_id: int
    control_number: str = Field(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9-]+$")
    responsibility: PolicyOrder = PolicyOrder.PRIMARY
    status: ClaimStatus = ClaimStatus.DRAFT
    frequency_code: FrequencyCode = FrequencyCode.ORIGINAL
    payer_claim_number: str = Field(default="", max_length=50)
    original_claim_id: int | None = None
    created_on: date
    submitted_on: date | None = None
    status_note: str = Field(default="", max_length=500)
