"""Qt-free rules of the Deposits tab: the rows it lists and whether a typed slip closes one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.deposits import KIND_LABELS, Deposit
from app.domain.money import format_money, parse_money


@dataclass(frozen=True)
class DepositListRow:
    """One deposit as the list shows it."""

    id: int
    kind: str
    deposit_date: date
    reference: str
    items: int
    total: Decimal
    slip: Decimal | None
    state: str


def deposit_row(d: Deposit) -> DepositListRow:
    """The list row of a deposit."""
    return DepositListRow(d.id, KIND_LABELS[d.kind], d.deposit_date, d.reference, len(d.items),
                      d.total, d.slip_amount, d.state.capitalize())


@dataclass(frozen=True)
class SlipCheck:
    """What the slip field says about closing the selected deposit."""

    can_close: bool
    message: str
    amount: Decimal | None = None


def check_slip(deposit: Deposit | None, typed: str) -> SlipCheck:
    """Whether ``typed`` (the bank slip amount) lets ``deposit`` close, and why not."""
    if deposit is None:
        return SlipCheck(False, "Pick a deposit.")
    if deposit.is_closed:
        return SlipCheck(False, f"Closed: {format_money(deposit.total)} matched the bank slip.")
    if not deposit.items:
        return SlipCheck(False, "No payments in this deposit yet.")
    if not typed.strip():
        return SlipCheck(False, f"Total {format_money(deposit.total)}: type the bank slip "
                                "amount to close it.")
    try:
        amount = parse_money(typed)
    except ValueError:
        return SlipCheck(False, "The slip amount is not an amount (for example 1,234.50).")
    if amount != deposit.total:
        return SlipCheck(False, f"Total {format_money(deposit.total)}, slip "
                                f"{format_money(amount)}: difference "
                                f"{format_money(amount - deposit.total)}.", amount)
    return SlipCheck(True, f"Total {format_money(deposit.total)} matches the slip.", amount)
