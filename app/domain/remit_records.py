"""Stored 835 posting records as services see them: files, payments, remitted claims, denials.

Frozen: a service changes them only through the store's writer functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class RemitFileRecord:
    """An imported 835 file (without its text)."""

    id: int
    sha256: str
    file_name: str
    imported_at: datetime


@dataclass(frozen=True)
class PaymentRecord:
    """One payment (check/EFT) from a payer: the deposit from BPR/TRN."""

    id: int
    file_id: int
    payer_trace_id: str
    trace_number: str
    payer_id: int | None
    payer_name: str
    amount: Decimal
    method: str
    handling: str
    payment_date: date | None
    posted_at: datetime
    suspense: Decimal


@dataclass(frozen=True)
class RemitClaimRecord:
    """One CLP of a payment, matched to our claim or held as an exception."""

    id: int
    payment_id: int
    claim_id: int | None
    control_number: str
    status_code: str
    charge: Decimal
    paid: Decimal
    patient_responsibility: Decimal
    payer_claim_number: str
    state: str  # posted / exception / resolved
    detail_json: str


@dataclass(frozen=True)
class DenialRecord:
    """A denied or zero-paid line (or claim) to work, routed to the step that failed."""

    id: int
    claim_id: int
    line_id: int | None
    remit_claim_id: int | None
    group_code: str
    reason_code: str
    remark_codes: str
    amount: Decimal
    owner: str
    explanation: str
    state: str  # open / snoozed / done
    snooze_until: date | None
    deadline: date | None
    action: str
    note: str
    created_at: datetime


@dataclass(frozen=True)
class StoredHold:
    """A held CLP with the payment it came in."""

    id: int
    remit_claim_id: int
    claim_id: int | None
    kind: str
    kinds: str
    element: str
    segment: int | None
    position: int
    file_name: str
    message: str
    earlier: str
    state: str
    trace_number: str
    payment_id: int
    payment_date: date | None
    control_number: str
    charge: Decimal
    paid: Decimal
    detail_json: str


@dataclass(frozen=True)
class StoredCredit:
    """A credit balance with its open refund task."""

    id: int
    claim_id: int | None
    patient_id: int
    payer_id: int | None
    source: str
    owed_to: str
    amount: Decimal
    state: str
    note: str
    refund_task_id: int | None
    refund_due: date | None
    refund_state: str | None
