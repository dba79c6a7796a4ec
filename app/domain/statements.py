"""Patient statements as data: what one printed statement shows.

A service builds ``StatementData`` from the ledger; ``app.printing.statements`` only draws it.
Money is ``Decimal`` quantized to cents; a float is rejected. The record checks its own sums:
each line's patient balance, the amount due against the lines, and the aging buckets against the
amount due, so a printed statement can never disagree with itself.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from app.domain.base import Record
from app.domain.money import ZERO, money
from app.domain.practice import Address


def _money_in(value: Any) -> Decimal:
    if isinstance(value, float):
        raise ValueError("money must never be a float")
    return money(value)


Money = Annotated[Decimal, BeforeValidator(_money_in)]

#: Dunning messages by the age of the oldest open balance (days, message); editable per practice.
DEFAULT_DUNNING: tuple[tuple[int, str], ...] = (
    (0, "Your insurance has processed these services. The balance shown is your share."),
    (31, "This balance is past due. Please pay by the due date shown."),
    (61, "This balance is over 60 days past due. Please call us to set up a payment plan."),
    (91, "Final notice: please pay or call us within 30 days to arrange a payment plan."),
)


class StatementLine(Record):
    """One service on a statement.

    ``balance`` is what the patient owes for the line: the charge less insurance payments,
    insurance adjustments, patient payments and any amount still pending with insurance.
    """

    service_date: date
    patient_name: str
    description: str = Field(max_length=60)
    charge: Money
    insurance_paid: Money = ZERO
    insurance_adjusted: Money = ZERO
    insurance_pending: Money = ZERO
    patient_paid: Money = ZERO
    balance: Money
    why_you_owe: str = ""

    @model_validator(mode="after")
    def _balance_adds_up(self) -> StatementLine:
        expected = (self.charge - self.insurance_paid - self.insurance_adjusted
                    - self.insurance_pending - self.patient_paid)
        if expected != self.balance:
            raise ValueError(f"balance: The line balance should be {expected}, not {self.balance}.")
        return self


class AgingBuckets(Record):
    """The guarantor balance by age: current (0-30 days), 31-60, 61-90, 91-120, over 120."""

    current: Money = ZERO
    days_31_60: Money = ZERO
    days_61_90: Money = ZERO
    days_91_120: Money = ZERO
    over_120: Money = ZERO

    @property
    def total(self) -> Decimal:
        """The sum of the five buckets."""
        return self.current + self.days_31_60 + self.days_61_90 + self.days_91_120 + self.over_120

    def as_pairs(self) -> list[tuple[str, Decimal]]:
        """(label, amount) pairs in print order."""
        return [("Current", self.current), ("31-60 days", self.days_31_60),
                ("61-90 days", self.days_61_90), ("91-120 days", self.days_91_120),
                ("Over 120 days", self.over_120)]

    @property
    def oldest_days(self) -> int:
        """Lower bound in days of the oldest bucket that holds money (0 when all are empty)."""
        ages = (0, 31, 61, 91, 121)
        amounts = (self.current, self.days_31_60, self.days_61_90, self.days_91_120,
                   self.over_120)
        held = [age for age, amount in zip(ages, amounts, strict=True) if amount > 0]
        return max(held, default=0)


class StatementData(Record):
    """Everything one printed patient statement shows (header, guarantor, lines, aging, stub)."""

    practice_name: str
    practice_address: Address
    practice_phone: str = ""
    remit_to_name: str = ""
    remit_to_address: Address | None = None
    guarantor_name: str
    guarantor_address: Address
    account_number: str = Field(min_length=1)
    statement_date: date
    due_date: date
    lines: tuple[StatementLine, ...]
    aging: AgingBuckets
    amount_due: Money
    message: str = ""
    payment_plan: str = ""  # "Payment plan: $50.00 due on 03/01/2026" when one is active

    @property
    def remit_name(self) -> str:
        """Who payments go to (the practice unless a remit-to name is set)."""
        return self.remit_to_name or self.practice_name

    @property
    def remit_address(self) -> Address:
        """Where payments go (the practice address unless a remit-to address is set)."""
        return self.remit_to_address or self.practice_address

    @property
    def total_balance(self) -> Decimal:
        """The sum of the line balances."""
        return sum((line.balance for line in self.lines), ZERO)

    @model_validator(mode="after")
    def _totals_agree(self) -> StatementData:
        if self.total_balance != self.amount_due:
            raise ValueError(f"amount_due: The amount due {self.amount_due} differs from the sum "
                             f"of the line balances {self.total_balance}.")
        if self.aging.total != self.amount_due:
            raise ValueError(f"aging: The aging buckets add up to {self.aging.total}, "
                             f"not the amount due {self.amount_due}.")
        if self.due_date < self.statement_date:
            raise ValueError("due_date: The due date is before the statement date.")
        return self


def dunning_message(aging: AgingBuckets,
                    messages: tuple[tuple[int, str], ...] = DEFAULT_DUNNING) -> str:
    """Choose the dunning message for the age of the oldest open balance.

    Args:
        aging: the guarantor's aging buckets.
        messages: (minimum age in days, text) pairs, ascending; the practice may edit them.

    Returns:
        The text of the last pair whose minimum age the oldest balance reaches ("" if none).
    """
    chosen = ""
    for min_days, text in messages:
        if aging.oldest_days >= min_days:
            chosen = text
    return chosen
