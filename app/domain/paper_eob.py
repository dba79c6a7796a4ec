"""A paper EOB as keyed by a biller, and its translation into the 835 records.

A payer that sends no 835 mails a check with an explanation of benefits. The biller keys the
check (payer, check number, payment date) and, per claim and line, the allowed and paid
amounts, the adjustments (CAS group + CARC + amount) and the patient's share. ``eob_problems``
applies the same balancing rule as the 835 (charge = paid + adjustments) and names the claim
and line of every problem; ``to_remittance`` turns a balanced EOB into the ``Remittance`` an
ERA would have produced, so it is posted by the very same engine.

A takeback is keyed either as a claim with ``reversal: true`` (the amounts of the earlier
posting, keyed as printed; they are negated here, CLP02 = 22) or as negative paid amounts.

Must not import Qt, SQLAlchemy or any other ``app`` package than ``app.domain``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from pydantic import Field, field_validator

from app.domain.base import Record
from app.domain.errors import Problem
from app.domain.money import format_money
from app.domain.remittance import (
    Adjustment,
    Amount,
    ClaimPayment,
    Remittance,
    ServicePayment,
)

_ZERO = Decimal("0.00")
GROUPS = frozenset({"CO", "PR", "OA", "PI", "CR"})
#: CLP02 by the claim's responsibility (primary, secondary, tertiary).
LEVEL_STATUS = {"P": "1", "S": "2", "T": "3"}


class EobAdjustment(Record):
    """One adjustment as printed: group (CO, PR, OA, PI), reason (CARC) and amount."""

    group: str
    reason: str = Field(min_length=1, max_length=5)
    amount: Decimal = Field(decimal_places=2)

    @field_validator("group")
    @classmethod
    def _known_group(cls, value: str) -> str:
        value = value.upper()
        if value not in GROUPS:
            raise ValueError(f"group {value!r} must be one of {', '.join(sorted(GROUPS))}")
        return value


class EobLine(Record):
    """One service line of the EOB."""

    line: int | None = Field(default=None, ge=1)  # our claim line number, when printed
    code: str = Field(min_length=1, max_length=48)
    modifiers: tuple[str, ...] = ()
    service_date: date | None = None
    charge: Decimal = Field(decimal_places=2)
    allowed: Decimal | None = Field(default=None, decimal_places=2)
    paid: Decimal = Field(decimal_places=2)
    adjustments: tuple[EobAdjustment, ...] = ()
    patient_responsibility: Decimal | None = Field(default=None, decimal_places=2)
    remarks: tuple[str, ...] = ()

    @property
    def adjusted(self) -> Decimal:
        """Sum of the line's adjustments (patient share included)."""
        return sum((a.amount for a in self.adjustments), _ZERO)


class EobClaim(Record):
    """One claim of the EOB (our claim control number as printed on it)."""

    claim: str = Field(min_length=1, max_length=38)
    payer_claim_number: str = ""
    charge: Decimal | None = Field(default=None, decimal_places=2)  # default: sum of lines
    paid: Decimal | None = Field(default=None, decimal_places=2)  # default: sum of lines
    patient_responsibility: Decimal | None = Field(default=None, decimal_places=2)
    reversal: bool = False  # a takeback of an earlier posting, keyed with its amounts
    adjustments: tuple[EobAdjustment, ...] = ()  # claim-level
    lines: tuple[EobLine, ...] = ()
    remarks: tuple[str, ...] = ()

    @property
    def total_charge(self) -> Decimal:
        """The claim charge as keyed, else the sum of its lines."""
        return self.charge if self.charge is not None else \
            sum((x.charge for x in self.lines), _ZERO)

    @property
    def total_paid(self) -> Decimal:
        """The claim paid as keyed, else the sum of its lines."""
        return self.paid if self.paid is not None else sum((x.paid for x in self.lines), _ZERO)

    @property
    def all_adjustments(self) -> tuple[EobAdjustment, ...]:
        """Claim-level adjustments followed by every line's."""
        return self.adjustments + tuple(a for x in self.lines for a in x.adjustments)


class PaperEob(Record):
    """A keyed paper EOB: one check from one payer."""

    payer: str = Field(min_length=1, max_length=20)  # the payer id as we bill it
    payer_name: str = ""
    check_number: str = Field(min_length=1, max_length=40)
    payment_date: date
    check_amount: Decimal | None = Field(default=None, decimal_places=2)
    claims: tuple[EobClaim, ...] = Field(min_length=1)

    @property
    def net_paid(self) -> Decimal:
        """Sum of the claims' paid amounts, signed (a takeback counts negative)."""
        return sum((-c.total_paid if c.reversal else c.total_paid for c in self.claims),
                   _ZERO)


def eob_problems(eob: PaperEob, source: str) -> list[Problem]:
    """Every balancing problem of a keyed EOB, located by claim and line.

    Rules: each line charge = paid + adjustments, and its patient responsibility (when keyed)
    = its PR adjustments; each claim charge = paid + claim and line adjustments, its paid
    (when keyed) = the sum of its lines' paid; the check amount (when keyed) = the net paid.

    Args:
        eob: the keyed EOB.
        source: the file or form name for the problems.

    Returns:
        The problems, empty when the EOB can be posted.
    """
    problems: list[Problem] = []
    for c in eob.claims:
        for n, line in enumerate(c.lines, start=1):
            problems += _line_problems(c, n, line, source)
        problems += _claim_problems(c, source)
    if eob.check_amount is not None and eob.check_amount != eob.net_paid:
        problems.append(Problem(source, "check_amount", (
            f"EOB check {eob.check_number}: the check amount {format_money(eob.check_amount)} "
            f"does not equal the claims paid {format_money(eob.net_paid)}.")))
    return problems


def _line_problems(c: EobClaim, n: int, line: EobLine, source: str) -> list[Problem]:
    where = f"EOB claim {c.claim} line {line.line or n} ({line.code})"
    out = []
    if line.charge != line.paid + line.adjusted:
        out.append(Problem(source, f"claims.{c.claim}.lines.{n}", (
            f"{where}: charge {format_money(line.charge)} does not equal paid "
            f"{format_money(line.paid)} plus adjustments {format_money(line.adjusted)} "
            f"= {format_money(line.paid + line.adjusted)}.")))
    pr = sum((a.amount for a in line.adjustments if a.group == "PR"), _ZERO)
    if line.patient_responsibility is not None and line.patient_responsibility != pr:
        out.append(Problem(source, f"claims.{c.claim}.lines.{n}.patient_responsibility", (
            f"{where}: patient responsibility {format_money(line.patient_responsibility)} "
            f"does not equal its PR adjustments {format_money(pr)}; key the patient's share "
            "as PR adjustments (PR-1 deductible, PR-2 coinsurance, PR-3 copay).")))
    return out


def _claim_problems(c: EobClaim, source: str) -> list[Problem]:
    out = []
    adjusted = sum((a.amount for a in c.all_adjustments), _ZERO)
    line_paid = sum((x.paid for x in c.lines), _ZERO)
    if c.lines and c.paid is not None and c.paid != line_paid:
        out.append(Problem(source, f"claims.{c.claim}.paid", (
            f"EOB claim {c.claim}: paid {format_money(c.paid)} does not equal the lines' "
            f"paid {format_money(line_paid)}.")))
    elif c.total_charge != c.total_paid + adjusted:
        out.append(Problem(source, f"claims.{c.claim}", (
            f"EOB claim {c.claim}: charge {format_money(c.total_charge)} does not equal paid "
            f"{format_money(c.total_paid)} plus adjustments {format_money(adjusted)} = "
            f"{format_money(c.total_paid + adjusted)}.")))
    pr = sum((a.amount for a in c.all_adjustments if a.group == "PR"), _ZERO)
    if c.patient_responsibility is not None and c.patient_responsibility != pr:
        out.append(Problem(source, f"claims.{c.claim}.patient_responsibility", (
            f"EOB claim {c.claim}: patient responsibility "
            f"{format_money(c.patient_responsibility)} does not equal its PR adjustments "
            f"{format_money(pr)}.")))
    return out


def to_remittance(eob: PaperEob, levels: Mapping[str, str], trace_payer_id: str) -> Remittance:
    """The ``Remittance`` an 835 would carry for this (balanced) EOB.

    Args:
        eob: a keyed EOB without ``eob_problems``.
        levels: our claim control number -> its responsibility (P, S, T), for CLP02.
        trace_payer_id: the payment key's payer part (TRN03); the payer id itself unless the
            same check was keyed before.

    Returns:
        One check payment (BPR04 CHK; BPR03 D when takebacks exceed the payments).
    """
    net = eob.net_paid
    return Remittance(
        control_number="EOB", handling_code="C" if net else "H",
        total_paid=abs(net), credit_debit="D" if net < 0 else "C",
        payment_method="CHK" if net else "NON", payment_date=eob.payment_date,
        trace_number=eob.check_number, payer_id=trace_payer_id,
        payer_name=eob.payer_name, payer_identifier=eob.payer,
        claims=tuple(_claim_payment(c, levels.get(c.claim.upper(), "P")) for c in eob.claims))


def _sign(c: EobClaim, amount: Decimal) -> Decimal:
    return -amount if c.reversal else amount


def _adjustments(c: EobClaim, keyed: tuple[EobAdjustment, ...]) -> tuple[Adjustment, ...]:
    return tuple(Adjustment(group=a.group, reason=a.reason, amount=_sign(c, a.amount))
                 for a in keyed)


def _status(c: EobClaim, level: str) -> str:
    if c.reversal:
        return "22"
    if c.total_paid == 0 and not any(a.group == "PR" for a in c.all_adjustments):
        return "4"
    return LEVEL_STATUS.get(level, "1")


def _claim_payment(c: EobClaim, level: str) -> ClaimPayment:
    control = c.claim.upper()
    pr = sum((a.amount for a in c.all_adjustments if a.group == "PR"), _ZERO)
    services = tuple(ServicePayment(
        code=x.code.upper(), modifiers=tuple(m.upper() for m in x.modifiers),
        charge=_sign(c, x.charge), paid=_sign(c, x.paid), service_date=x.service_date,
        line_control_number=f"{control}-{x.line}" if x.line else "",
        amounts=(Amount(qualifier="B6", amount=_sign(c, x.allowed)),)
        if x.allowed is not None else (),
        adjustments=_adjustments(c, x.adjustments), remark_codes=x.remarks)
        for x in c.lines)
    return ClaimPayment(
        patient_control_number=control, status_code=_status(c, level),
        charge=_sign(c, c.total_charge), paid=_sign(c, c.total_paid),
        patient_responsibility=_sign(c, pr), payer_claim_control_number=c.payer_claim_number,
        adjustments=_adjustments(c, c.adjustments), remark_codes=c.remarks,
        services=services)
