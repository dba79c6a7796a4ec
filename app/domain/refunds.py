"""Credit balances and refunds: what is owed back, to whom, and what a refund letter says.

A credit is either a stored credit balance (a payer's duplicate payment or overpayment held by
the remittance checks, key ``C<id>``) or a patient's credit from patient payments (unapplied
money and overpaid visits, key ``P<patient id>``). A refund takes the money out of the
buckets that hold it, oldest bucket (the unapplied one) first.

Must not import Qt, SQLAlchemy or any other ``app`` package than ``app.domain``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.errors import UserError
from app.domain.money import ZERO


@dataclass(frozen=True)
class CreditRow:
    """One credit balance as the list shows it."""

    key: str  # C12 (a stored credit balance) or P7 (patient 7's payment credit)
    patient_id: int
    patient: str
    account_number: str
    owed_to: str  # payer or patient
    payer: str  # the payer's name when owed to a payer
    claim: str  # the claim's control number, when there is one
    source: str  # duplicate_payment, overpayment, patient_credit
    amount: Decimal
    due: date | None
    note: str
    owed_elsewhere: Decimal  # what the same patient owes on other visits (for an offset)

    @property
    def can_offset(self) -> bool:
        """A patient's credit can go to another open balance of the same patient."""
        return self.owed_to == "patient" and self.owed_elsewhere > 0


@dataclass(frozen=True)
class RefundLetter:
    """What one refund letter says."""

    practice_name: str
    practice_lines: tuple[str, ...]
    practice_phone: str
    payee_name: str
    payee_lines: tuple[str, ...]
    owed_to: str
    account_number: str
    patient_name: str
    claim: str
    amount: Decimal
    check_number: str
    reason: str
    letter_date: date


@dataclass(frozen=True)
class RefundDone:
    """A refund made: the closed credit balance and its ledger entries."""

    credit_id: int
    key: str
    patient_id: int
    owed_to: str
    amount: Decimal
    check_number: str
    reason: str
    refunded_on: date
    entry_ids: tuple[int, ...]


def parse_key(key: str) -> tuple[str, int]:
    """``("C", 12)`` for ``C12``, ``("P", 7)`` for ``P7``.

    Raises:
        UserError: not a credit key from the list.
    """
    text = key.strip().upper()
    if len(text) < 2 or text[0] not in "CP" or not text[1:].isdigit():
        raise UserError(f"Credit {key!r} is not in the list; use an id such as C12 or P7 "
                        "from `refunds list`.")
    return text[0], int(text[1:])


def take_from_buckets(buckets: list[tuple[int | None, Decimal]],
                      amount: Decimal) -> list[tuple[int | None, Decimal]]:
    """Split a refund over the buckets that hold credit, in the order given.

    Args:
        buckets: (visit id or None for unapplied money, credit held there), positive amounts.
        amount: the refund, at most the total credit.

    Returns:
        (bucket, part) pairs summing to ``amount``.

    Raises:
        UserError: the refund is not positive or exceeds the credit.
    """
    total = sum((b for _, b in buckets), ZERO)
    if amount <= 0 or amount > total:
        raise UserError(f"The refund must be more than 0.00 and at most the credit {total:.2f}.")
    out, left = [], amount
    for bucket, held in buckets:
        part = min(held, left)
        if part > 0:
            out.append((bucket, part))
            left -= part
    return out
