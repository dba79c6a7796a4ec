"""Checks a remitted claim (CLP) must pass before it is posted to the claim it matched.

A pure function from one parsed 835 payment, the claims its CLPs matched and what this payer
already posted on those claims, to the CLPs to hold (each with every reason). A held CLP is
never posted blind: it waits as an exception that the user dismisses or, for a possible
duplicate payment, posts knowingly (a credit balance with a refund task).

Checks, in order: the claim was sent and is not void; the ERA's payer is the claim's payer
(N1*PR name, REF*2U / N104 id or TRN03) at the claim's level of coverage (CLP02 1/2/3);
amounts and dates are plausible; CLP03 equals what was billed (or the lines explain the
difference); a reversal (CLP02 = 22) undoes a payment that was posted; and the CLP does not
repeat a payment this payer already made (``app.domain.remit_duplicates``), whatever its
trace number or file name says.

Must not import Qt, SQLAlchemy or any other ``app`` package than ``app.domain``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from app.domain.errors import Problem
from app.domain.money import format_money
from app.domain.remittance import ClaimPayment, Remittance

#: Claim statuses in which the claim has not left the practice, or was cancelled.
NOT_SENT = frozenset({"draft", "ready", "on_hold", "void"})
#: No single amount on a small practice's claim comes near this.
AMOUNT_CEILING = Decimal("1000000.00")
#: A payment above charge times this is not a plausible adjudication.
PAID_OVER_CHARGE = Decimal("1.5")
#: Dates before this are not plausible for a remittance or a service.
EARLIEST_DATE = date(1990, 1, 1)
#: An EFT effective date (BPR16) may lie a little ahead of the day the ERA arrives.
PAYMENT_DATE_LEAD = timedelta(days=31)
#: CLP02 codes that name the level of coverage the payer processed the claim at.
LEVELS = {"1": "P", "19": "P", "2": "S", "20": "S", "3": "T", "21": "T"}
LEVEL_NAMES = {"P": "primary", "S": "secondary", "T": "tertiary"}


class HoldKind(StrEnum):
    """Why a CLP is held instead of posted."""

    DUPLICATE = "duplicate"  # possible duplicate payment
    NOT_SENT = "not_sent"  # the claim is a draft, ready, on hold or void
    WRONG_PAYER = "wrong_payer"
    WRONG_LEVEL = "wrong_level"  # processed as secondary on a primary claim...
    AMOUNT = "implausible_amount"
    DATE = "implausible_date"
    CHARGE = "charge_mismatch"  # CLP03 is not what was billed
    REVERSAL = "unposted_reversal"  # a reversal of a payment that was never posted


@dataclass(frozen=True)
class ClaimFacts:
    """What the checks need to know about the claim a CLP matched."""

    claim_id: int
    control_number: str
    status: str
    responsibility: str  # P / S / T
    payer_name: str
    payer_code: str  # the payer's id as we bill it (837 2010BB NM109)
    billed: Decimal
    lines: tuple[tuple[str, Decimal], ...]  # (procedure code, charge) per billed line
    date_of_service: date


@dataclass(frozen=True)
class EarlierRemit:
    """A CLP already posted to one of our claims, with the payment that carried it."""

    remit_claim_id: int
    claim_id: int
    file_name: str
    trace_number: str
    payment_date: date | None
    detail: ClaimPayment
    index: int | None = None  # set for a CLP earlier in the file being posted

    def describe(self) -> str:
        """``file era1.835, trace EFT1, dated 01/31/2025, paid 82.40`` (no patient data)."""
        when = f"{self.payment_date:%m/%d/%Y}" if self.payment_date else "no date"
        where = f"file {self.file_name}"
        if self.index is not None:
            where += f" (claim #{self.index + 1} of the same payment)"
        return (f"{where}, trace {self.trace_number}, dated {when}, "
                f"paid {format_money(self.detail.paid)}")


@dataclass(frozen=True)
class Reason:
    """One reason to hold a CLP, located to its segment and element."""

    kind: HoldKind
    element: str  # e.g. ``2100/CLP03``
    message: str


@dataclass(frozen=True)
class Hold:
    """A CLP that is held, with every reason and, for a duplicate, the earlier remittance."""

    index: int  # position of the CLP in its payment (0-based)
    source: str  # file name
    segment: int | None  # 1-based segment number of the CLP
    control_number: str  # CLP01
    reasons: tuple[Reason, ...]
    earlier: EarlierRemit | None = None

    @property
    def kind(self) -> HoldKind:
        """The first (most important) reason's kind."""
        return self.reasons[0].kind

    @property
    def is_duplicate_only(self) -> bool:
        """Held only as a possible duplicate: the user may post it knowingly."""
        return all(r.kind == HoldKind.DUPLICATE for r in self.reasons)

    @property
    def problems(self) -> list[Problem]:
        """The reasons as located problems (file, segment, element, message)."""
        return [Problem(self.source, r.element, self._located(r), self.segment)
                for r in self.reasons]

    def _located(self, reason: Reason) -> str:
        return (f"CLP {self.control_number} (claim #{self.index + 1} of the payment, "
                f"{reason.element}): {reason.message}")

    @property
    def message(self) -> str:
        """One text naming the file, segment, CLP position, elements and reasons."""
        where = f"{self.source}, segment {self.segment}" if self.segment else self.source
        return "; ".join(f"{where}: {self._located(r)}" for r in self.reasons)


@dataclass
class _Checker:
    remit: Remittance
    source: str
    today: date
    reasons: list[Reason] = field(default_factory=list)

    def add(self, kind: HoldKind, element: str, message: str) -> None:
        self.reasons.append(Reason(kind, element, message))


def check_payment(remit: Remittance, source: str, facts: Sequence[ClaimFacts | None],
                  earlier: Mapping[int, Sequence[EarlierRemit]],
                  today: date) -> dict[int, Hold]:
    """The CLPs of one payment to hold, by position, with every reason.

    CLPs are checked in file order: a CLP that posts counts as paid for the CLPs after it
    (the same CLP twice in one file posts once), and a reversal that posts frees the payment
    it reverses (so the correction after it is not a duplicate).

    Args:
        remit: the parsed payment (one ST-SE).
        source: the file name, for messages.
        facts: for each CLP (same order as ``remit.claims``), the claim it matched, or None
            when it matched no claim (the unmatched-claim queue handles those).
        earlier: CLPs already posted, by claim id, oldest first.
        today: the day of the import (dates after it are in the future).

    Returns:
        Holds keyed by the CLP's position in ``remit.claims``.
    """
    from app.domain.remit_duplicates import Ledger  # it builds on the records above

    ledger = Ledger({k: list(v) for k, v in earlier.items()})
    holds: dict[int, Hold] = {}
    for index, (clp, fact) in enumerate(zip(remit.claims, facts, strict=True)):
        if fact is None:
            continue
        check = _Checker(remit, source, today)
        _claim_checks(check, clp, fact)
        found = ledger.check(check, clp, fact)
        if check.reasons:
            holds[index] = Hold(index, source, clp.segment, clp.patient_control_number,
                                tuple(check.reasons), found)
        else:
            ledger.posted(clp, fact, remit, source, index)
    return holds


def _claim_checks(check: _Checker, clp: ClaimPayment, fact: ClaimFacts) -> None:
    _sent(check, fact)
    _payer(check, clp, fact)
    _amounts(check, clp)
    _dates(check, clp)
    _charge(check, clp, fact)


def _sent(check: _Checker, fact: ClaimFacts) -> None:
    if fact.status in NOT_SENT:
        what = "was voided" if fact.status == "void" else \
            f"was never sent (it is {fact.status.replace('_', ' ')})"
        check.add(HoldKind.NOT_SENT, "2100/CLP01",
                  f"claim {fact.control_number} {what}; a payer cannot have paid it.")


def _normal(name: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", name.upper())


def payer_ids(remit: Remittance) -> set[str]:
    """Every id the ERA gives its payer: REF*2U/EO/HI/NF, N104, TRN03 (with and without 1)."""
    ids = {r.value for r in remit.payer_references} | {remit.payer_identifier,
                                                       remit.payer_id}
    if remit.payer_id.startswith("1") and len(remit.payer_id) == 10:
        ids.add(remit.payer_id[1:])
    return {i.strip().upper() for i in ids if i and i.strip()}


def _payer(check: _Checker, clp: ClaimPayment, fact: ClaimFacts) -> None:
    remit = check.remit
    same_id = fact.payer_code.strip().upper() in payer_ids(remit)
    same_name = bool(remit.payer_name) and _normal(remit.payer_name) == _normal(fact.payer_name)
    if not (same_id or same_name):
        ids = ", ".join(sorted(payer_ids(remit))) or "none"
        check.add(HoldKind.WRONG_PAYER, "1000A/N102",
                  f"this ERA is from {remit.payer_name or 'an unnamed payer'} (ids {ids}), "
                  f"but claim {fact.control_number} was billed to {fact.payer_name} "
                  f"(id {fact.payer_code}).")
        return
    level = LEVELS.get(clp.status_code)
    if level is not None and level != fact.responsibility:
        check.add(HoldKind.WRONG_LEVEL, "2100/CLP02",
                  f"the payer processed the claim as {LEVEL_NAMES[level]} (CLP02 "
                  f"{clp.status_code}), but claim {fact.control_number} bills it as "
                  f"{LEVEL_NAMES.get(fact.responsibility, fact.responsibility)}.")


def _amounts(check: _Checker, clp: ClaimPayment) -> None:
    named = (("2100/CLP03", "charge", clp.charge), ("2100/CLP04", "payment", clp.paid),
             ("2100/CLP05", "patient responsibility", clp.patient_responsibility))
    for element, what, value in named:
        if abs(value) >= AMOUNT_CEILING:
            check.add(HoldKind.AMOUNT, element,
                      f"a {what} of {format_money(value)} is not plausible.")
            return
    charge, paid = abs(clp.charge), abs(clp.paid)
    if paid > charge * PAID_OVER_CHARGE:
        check.add(HoldKind.AMOUNT, "2100/CLP04",
                  f"the payment {format_money(clp.paid)} is far above the charge "
                  f"{format_money(clp.charge)}.")


def _dates(check: _Checker, clp: ClaimPayment) -> None:
    paid_on = check.remit.payment_date
    if paid_on is not None and not (
            EARLIEST_DATE <= paid_on <= check.today + PAYMENT_DATE_LEAD):
        check.add(HoldKind.DATE, "BPR16",
                  f"the payment date {paid_on:%m/%d/%Y} is not plausible.")
    named = [("2100/DTM*232", clp.statement_from), ("2100/DTM*233", clp.statement_to),
             ("2100/DTM*050", clp.received_date)]
    named += [("2110/DTM*472", s.service_date) for s in clp.services]
    for element, day in named:
        if day is None:
            continue
        if not EARLIEST_DATE <= day <= check.today:
            when = "in the future" if day > check.today else "not plausible"
            check.add(HoldKind.DATE, element, f"the date {day:%m/%d/%Y} is {when}.")
            return


def _charge(check: _Checker, clp: ClaimPayment, fact: ClaimFacts) -> None:
    charge = -clp.charge if clp.is_reversal else clp.charge
    if charge == fact.billed or _lines_explain(clp, fact):
        return
    check.add(HoldKind.CHARGE, "2100/CLP03",
              f"the remitted charge {format_money(clp.charge)} is not what claim "
              f"{fact.control_number} billed ({format_money(fact.billed)}), and its lines do "
              f"not explain the difference.")


def _lines_explain(clp: ClaimPayment, fact: ClaimFacts) -> bool:
    """Each SVC is one of our lines at its billed charge and they add up to CLP03."""
    if not clp.services:
        return False
    sign = Decimal(-1) if clp.is_reversal else Decimal(1)
    free = list(fact.lines)
    for svc in clp.services:
        code = svc.original_code or svc.code
        hit = next((x for x in free if x[0] == code and x[1] == svc.charge * sign), None)
        if hit is None:
            return False
        free.remove(hit)
    return sum((s.charge for s in clp.services), Decimal(0)) == clp.charge
