"""The append-only money ledger and the balances derived from it.

Every amount a claim or a patient owes is a sum over ledger entries; nothing stores a balance.

Accounts: an entry is on the ``payer`` side (tied to a claim) or the ``patient`` side.

A ``transfer`` moves responsibility: on the ``patient`` account it moves an amount from the
claim's payer to the patient (PR: deductible, coinsurance, copay); on the ``payer`` account it
moves an amount the patient owed to the named claim (a secondary payer billed for it).

* claim billed   = charges on the claim + transfers into it (payer account)
* claim paid     = payer payments on the claim - refunds to the payer
* claim adjusted = payer-side adjustments (CO, PI, OA)
* claim patient responsibility = transfers from the claim to the patient (PR)
* claim balance  = billed - paid - adjusted - patient responsibility
* patient balance = patient charges + transfers to the patient - transfers to a payer
  - patient payments - patient adjustments + refunds to the patient
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import Field, model_validator

from app.domain.base import Record
from app.domain.money import CENT, ZERO


class EntryKind(StrEnum):
    """What a ledger entry records."""

    CHARGE = "charge"
    PAYMENT = "payment"
    ADJUSTMENT = "adjustment"
    TRANSFER = "transfer"  # payer -> patient (PR), or patient -> a (secondary) payer claim
    REFUND = "refund"


class Account(StrEnum):
    """Which side owes or received the money."""

    PAYER = "payer"
    PATIENT = "patient"


class GroupCode(StrEnum):
    """CARC group codes (835 CAS01)."""

    CO = "CO"  # contractual obligation: write off
    PI = "PI"  # payer initiated reduction
    OA = "OA"  # other adjustment
    PR = "PR"  # patient responsibility


class LedgerEntry(Record):
    """One immutable money movement. Corrections are new entries, never edits."""

    id: int | None = None
    patient_id: int
    encounter_id: int | None = None
    claim_id: int | None = None
    line_id: int | None = None
    kind: EntryKind
    account: Account
    amount: Decimal
    group_code: GroupCode | None = None
    reason_code: str = Field(default="", max_length=5)
    reference: str = Field(default="", max_length=50)
    posted_on: date
    memo: str = Field(default="", max_length=200)
    created_at: datetime | None = None
    reverses_id: int | None = None
    payment_id: int | None = None  # the payer payment (835) that posted it

    @model_validator(mode="after")
    def _rules(self) -> LedgerEntry:
        if self.amount != self.amount.quantize(CENT):
            raise ValueError("amount: An amount has at most two decimals.")
        if self.kind == EntryKind.TRANSFER and self.claim_id is None:
            raise ValueError("claim_id: A transfer names the claim it moves money from or to.")
        if self.account == Account.PAYER and self.claim_id is None:
            raise ValueError("claim_id: A payer-side entry belongs to a claim.")
        if self.kind == EntryKind.ADJUSTMENT and self.group_code is None:
            raise ValueError("group_code: An adjustment needs a group code (CO, PI, OA, PR).")
        if self.kind == EntryKind.CHARGE and self.amount < 0:
            raise ValueError("amount: A charge cannot be negative; post an adjustment instead.")
        return self


@dataclass(frozen=True)
class ClaimAmounts:
    """A claim's money, all derived from the ledger."""

    billed: Decimal = ZERO
    paid: Decimal = ZERO
    adjusted: Decimal = ZERO
    patient_responsibility: Decimal = ZERO

    @property
    def balance(self) -> Decimal:
        """What is still open with this claim's payer."""
        return self.billed - self.paid - self.adjusted - self.patient_responsibility


def claim_amounts(entries: Iterable[LedgerEntry]) -> ClaimAmounts:
    """Sum one claim's entries into billed / paid / adjusted / patient responsibility."""
    billed = paid = adjusted = pr = ZERO
    for e in entries:
        if e.kind in (EntryKind.CHARGE, EntryKind.TRANSFER) and e.account == Account.PAYER:
            billed += e.amount
        elif e.kind == EntryKind.PAYMENT and e.account == Account.PAYER:
            paid += e.amount
        elif e.kind == EntryKind.REFUND and e.account == Account.PAYER:
            paid -= e.amount
        elif e.kind == EntryKind.ADJUSTMENT and e.account == Account.PAYER:
            adjusted += e.amount
        elif e.kind == EntryKind.TRANSFER:
            pr += e.amount
    return ClaimAmounts(billed, paid, adjusted, pr)


def patient_balance(entries: Iterable[LedgerEntry]) -> Decimal:
    """What the patient owes, from all of the patient's entries."""
    total = ZERO
    for e in entries:
        if e.kind == EntryKind.TRANSFER:
            total += e.amount if e.account == Account.PATIENT else -e.amount
        elif e.account != Account.PATIENT:
            continue
        elif e.kind in (EntryKind.CHARGE, EntryKind.REFUND):
            total += e.amount
        elif e.kind in (EntryKind.PAYMENT, EntryKind.ADJUSTMENT):
            total -= e.amount
    return total
