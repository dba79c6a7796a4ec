"""Deposits: payments grouped as they reach the bank, and the rule for closing one.

A deposit is a day's checks and cash, a card settlement, or one EFT (an 835's BPR/TRN). Its
items are payments named by id: an ERA payment (``payments`` row) or a ledger entry of kind
payment (a patient payment, whatever screen recorded it). A deposit closes only when its items
add up to the bank slip amount; once closed it never changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from app.domain.errors import UserError
from app.domain.money import ZERO, format_money

# ERA payment methods (BPR04) that arrive as an electronic transfer with a trace number.
EFT_METHODS = frozenset({"ACH", "FWT", "BOP"})


class DepositKind(StrEnum):
    """What the deposit holds."""

    CASH_CHECK = "cash_check"
    CARD = "card"
    EFT = "eft"


KIND_LABELS = {DepositKind.CASH_CHECK: "checks and cash", DepositKind.CARD: "card settlement",
               DepositKind.EFT: "EFT"}


class PaymentMethod(StrEnum):
    """How one deposited payment was made."""

    CASH = "cash"
    CHECK = "check"
    CARD = "card"
    ACH = "ach"
    EFT = "eft"
    OTHER = "other"


@dataclass(frozen=True)
class DepositItem:
    """One payment in a deposit (exactly one of ``payment_id`` / ``ledger_entry_id``)."""

    id: int
    deposit_id: int
    method: PaymentMethod
    amount: Decimal
    payment_id: int | None = None
    ledger_entry_id: int | None = None
    label: str = ""


@dataclass(frozen=True)
class Deposit:
    """A deposit with its items."""

    id: int
    kind: DepositKind
    deposit_date: date
    reference: str
    state: str
    slip_amount: Decimal | None
    closed_at: datetime | None
    items: tuple[DepositItem, ...] = ()

    @property
    def total(self) -> Decimal:
        """The sum of the items."""
        return deposit_total(self.items)

    @property
    def is_closed(self) -> bool:
        """Whether the deposit was closed (and can no longer change)."""
        return self.state == "closed"


def deposit_total(items: Iterable[DepositItem]) -> Decimal:
    """Add up the items of a deposit."""
    return sum((i.amount for i in items), ZERO)


def eft_key(payer_trace_id: str, trace_number: str) -> str:
    """The key of an EFT deposit: payer (TRN03) and trace number (TRN02)."""
    return f"{payer_trace_id.strip()}:{trace_number.strip()}"


def check_open(deposit: Deposit) -> None:
    """Refuse changing a closed deposit.

    Raises:
        UserError: the deposit is closed.
    """
    if deposit.is_closed:
        raise UserError(f"Deposit {deposit.id} is closed and cannot change.",
                        hint="Put the payment in an open deposit.")


def check_close(deposit: Deposit, slip_amount: Decimal) -> None:
    """Refuse closing unless the items add up to the bank slip.

    Raises:
        UserError: already closed, empty, or the total differs from the slip (names both).
    """
    check_open(deposit)
    if not deposit.items:
        raise UserError(f"Deposit {deposit.id} has no payments to close.")
    if deposit.total != slip_amount:
        diff = slip_amount - deposit.total
        raise UserError(
            f"Deposit {deposit.id} totals {format_money(deposit.total)} but the bank slip says "
            f"{format_money(slip_amount)} (difference {format_money(diff)}).",
            hint="Add or remove payments, or check the slip amount.")
