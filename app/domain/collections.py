"""Collections: which patient accounts a policy proposes, and the agency's record layouts.

The policy (practice settings) proposes an account when every test holds: the balance is at
least ``min_amount``, the oldest owed amount is at least ``min_age_days`` old, at least
``min_statements`` final statements were sent, and no patient payment came in for
``days_without_payment`` days. Accounts on an active payment plan or already with the agency
are never proposed.

Sending moves the balance to a collections bucket on the ledger: patient-side adjustments
(group OA, reason ``COLL``, reference ``COLL-<account id>``) per visit, so statements stop and
the bucket stays tracked. An agency payment of a gross amount comes back from the bucket and
posts as a patient payment (the net the agency remits) plus an adjustment for the agency's fee
(reason ``AGFEE``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import Field

from app.domain.base import Record
from app.domain.money import ZERO, allocate, format_money

TO_COLLECTIONS = "COLL"
AGENCY_FEE = "AGFEE"


class CollectionPolicy(Record):
    """The practice's collection policy (stored as practice settings)."""

    min_age_days: int = Field(default=120, ge=0, le=3650)
    min_amount: Decimal = Field(default=Decimal("50.00"), gt=0)
    min_statements: int = Field(default=3, ge=0, le=50)
    days_without_payment: int = Field(default=90, ge=0, le=3650)
    agency: str = Field(default="our collection agency", min_length=1, max_length=60)
    fee_percent: Decimal = Field(default=Decimal("30"), ge=0, le=100)


class LayoutField(Record):
    """One field of the agency's fixed-width record."""

    field: str
    width: int = Field(gt=0, le=200)
    align: str = Field(default="left", pattern="^(left|right)$")
    pad: str = Field(default="", max_length=1)  # empty: spaces


DEFAULT_LAYOUT: tuple[LayoutField, ...] = (
    LayoutField(field="account_number", width=20),
    LayoutField(field="last_name", width=30),
    LayoutField(field="first_name", width=20),
    LayoutField(field="birth_date", width=8),
    LayoutField(field="street1", width=40),
    LayoutField(field="city", width=25),
    LayoutField(field="state", width=2),
    LayoutField(field="zip", width=9),
    LayoutField(field="phone", width=10),
    LayoutField(field="balance_cents", width=10, align="right", pad="0"),
    LayoutField(field="last_payment", width=8),
    LayoutField(field="sent_on", width=8),
)
EXPORT_FIELDS = tuple(f.field for f in DEFAULT_LAYOUT)


@dataclass(frozen=True)
class AccountFacts:
    """What the policy looks at for one patient account."""

    patient_id: int
    account_number: str
    name: str
    balance: Decimal
    oldest_owed: date | None
    statements_sent: int
    last_payment: date | None
    on_plan: bool = False
    in_collections: bool = False


@dataclass(frozen=True)
class Proposal:
    """An account the policy proposes for collections, with why."""

    facts: AccountFacts
    age_days: int
    days_without_payment: int | None  # None: never paid
    reasons: str


def propose(policy: CollectionPolicy, facts: list[AccountFacts], today: date) -> list[Proposal]:
    """The accounts meeting every test of the policy, oldest debt first."""
    out = []
    for f in facts:
        if f.on_plan or f.in_collections or f.oldest_owed is None:
            continue
        age = (today - f.oldest_owed).days
        quiet = None if f.last_payment is None else (today - f.last_payment).days
        if (f.balance < policy.min_amount or age < policy.min_age_days
                or f.statements_sent < policy.min_statements
                or (quiet is not None and quiet < policy.days_without_payment)):
            continue
        paid = "never paid" if quiet is None else f"no payment for {quiet} days"
        out.append(Proposal(f, age, quiet, f"owes {format_money(f.balance)} for {age} days, "
                                           f"{f.statements_sent} statements, {paid}"))
    return sorted(out, key=lambda p: (-p.age_days, p.facts.account_number))


def fee_split(gross: Decimal, fee_percent: Decimal) -> tuple[Decimal, Decimal]:
    """Split what the agency collected into (the agency's fee, the net it remits)."""
    if gross <= 0:
        return ZERO, ZERO
    if fee_percent in (0, 100):
        return (gross, ZERO) if fee_percent == 100 else (ZERO, gross)
    fee, net = allocate(gross, [fee_percent, Decimal(100) - fee_percent])
    return fee, net


def fixed_width(values: dict[str, str], layout: tuple[LayoutField, ...]) -> str:
    """One fixed-width record: each field padded (or cut) to its width."""
    parts = []
    for f in layout:
        text = values.get(f.field, "")[: f.width]
        pad = f.pad or " "
        parts.append(text.rjust(f.width, pad) if f.align == "right"
                     else text.ljust(f.width, pad))
    return "".join(parts)


@dataclass(frozen=True)
class CollectionAccount:
    """An account sent to the agency, with what is still in the collections bucket."""

    id: int
    patient_id: int
    account_number: str
    agency: str
    sent_on: date
    amount: Decimal
    state: str
    bucket: Decimal


@dataclass(frozen=True)
class DemandLetter:
    """What one final-demand letter says."""

    practice_name: str
    practice_lines: tuple[str, ...]
    practice_phone: str
    patient_name: str
    patient_lines: tuple[str, ...]
    account_number: str
    balance: Decimal
    oldest_owed: date | None
    letter_date: date
    pay_by: date
    agency: str
