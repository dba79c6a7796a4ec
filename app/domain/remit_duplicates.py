"""What a payer has already paid on a claim, and whether a new CLP repeats it.

A claim's *active* payments are the CLPs posted to it that no later reversal (CLP02 = 22)
undid. A new CLP repeats an active payment when it carries the same payer claim number
(CLP07), or pays one of the same lines again (same REF*6R line control number, or the same
procedure, modifiers and service date, at the same charge), or, without lines, the same
charge. A payment after a denial that paid nothing is the appeal's result, not a repeat.

Must not import Qt, SQLAlchemy or any other ``app`` package than ``app.domain``.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from app.domain.money import format_money
from app.domain.remit_checks import ClaimFacts, EarlierRemit, HoldKind
from app.domain.remittance import ClaimPayment, Remittance, ServicePayment

if TYPE_CHECKING:
    from app.domain.remit_checks import _Checker


def _line_keys(svc: ServicePayment) -> set[Hashable]:
    keys: set[Hashable] = {(svc.original_code or svc.code, svc.original_modifiers
                            if svc.original_code else svc.modifiers, svc.service_date,
                            svc.charge)}
    if svc.line_control_number:
        keys.add((svc.line_control_number, svc.charge))
    return keys


def repeats(new: ClaimPayment, old: ClaimPayment) -> str:
    """Why ``new`` repeats the posted ``old`` (empty when it does not).

    Args:
        new: the CLP about to be posted (not a reversal).
        old: an active CLP already posted to the same claim.

    Returns:
        A short phrase such as ``the same payer claim number ACME1``, or ``""``.
    """
    if old.paid == 0 and new.paid != 0:
        return ""  # paid after a denial: the appeal or reprocessing result
    number = new.payer_claim_control_number
    if number and number == old.payer_claim_control_number:
        return f"the same payer claim number {number}"
    old_keys = set().union(*(_line_keys(s) for s in old.services)) if old.services else set()
    for svc in new.services:
        if _line_keys(svc) & old_keys:
            ref = f" (line control number {svc.line_control_number})" \
                if svc.line_control_number else ""
            return f"line {svc.procedure} on the same date at the same charge{ref}"
    if not (new.services and old.services) and new.charge == old.charge:
        return f"the same charge {format_money(new.charge)}"
    return ""


def reversed_payment(active: list[EarlierRemit], reversal: ClaimPayment) -> EarlierRemit | None:
    """The active payment a reversal undoes: same CLP07 and negated payment, else amounts.

    Args:
        active: the claim's active payments, oldest first.
        reversal: a CLP with CLP02 = 22.

    Returns:
        The most recent matching payment, or None.
    """
    number = reversal.payer_claim_control_number
    paid_back = [p for p in reversed(active) if p.detail.paid == -reversal.paid]
    same_number = [p for p in paid_back if number and
                   p.detail.payer_claim_control_number == number]
    same_charge = [p for p in paid_back if p.detail.charge == -reversal.charge]
    found = same_number or same_charge
    return found[0] if found else None


def active_payments(rows: list[EarlierRemit]) -> list[EarlierRemit]:
    """The posted CLPs (oldest first) that no later reversal undid."""
    active: list[EarlierRemit] = []
    for row in rows:
        if row.detail.is_reversal:
            target = reversed_payment(active, row.detail)
            if target is not None:
                active.remove(target)
        else:
            active.append(row)
    return active


class Ledger:
    """Active payments per claim while one payment's CLPs are checked in file order."""

    def __init__(self, earlier: dict[int, list[EarlierRemit]]) -> None:
        self.active = {cid: active_payments(rows) for cid, rows in earlier.items()}

    def check(self, check: _Checker, clp: ClaimPayment,
              fact: ClaimFacts) -> EarlierRemit | None:
        """Add a duplicate or unposted-reversal reason to ``check``; return the earlier CLP."""
        active = self.active.get(fact.claim_id, [])
        if clp.is_reversal:
            if reversed_payment(active, clp) is None:
                check.add(HoldKind.REVERSAL, "2100/CLP02", _reversal_text(clp, fact, active))
            return None
        for old in reversed(active):
            why = repeats(clp, old.detail)
            if why:
                this = EarlierRemit(0, fact.claim_id, check.source,
                                    check.remit.trace_number, check.remit.payment_date, clp)
                check.add(HoldKind.DUPLICATE, "2100/CLP04", (
                    f"possible duplicate payment: this remittance ({this.describe()}) repeats "
                    f"what this payer already paid on claim {fact.control_number} "
                    f"({old.describe()}): {why}."))
                return old
        return None

    def posted(self, clp: ClaimPayment, fact: ClaimFacts, remit: Remittance, source: str,
               index: int) -> None:
        """Count a CLP that will post (it is active for the CLPs after it)."""
        active = self.active.setdefault(fact.claim_id, [])
        if clp.is_reversal:
            target = reversed_payment(active, clp)
            if target is not None:
                active.remove(target)
            return
        active.append(EarlierRemit(0, fact.claim_id, source, remit.trace_number,
                                   remit.payment_date, clp, index=index))


def _reversal_text(clp: ClaimPayment, fact: ClaimFacts, active: list[EarlierRemit]) -> str:
    undo = format_money(-clp.paid)
    if not active:
        return (f"this reversal (CLP02 22) takes back a payment of {undo} that was never "
                f"posted to claim {fact.control_number}.")
    posted = "; ".join(p.describe() for p in active)
    return (f"this reversal (CLP02 22) takes back {undo}, which does not match the payment "
            f"posted to claim {fact.control_number} ({posted}).")
