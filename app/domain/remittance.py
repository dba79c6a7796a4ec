"""Remittances (ANSI X12 835) as read from a payer's electronic remittance advice.

One ``Remittance`` per 835 transaction set (ST-SE): one payment from one payer to one payee. It
holds the claims as adjudicated (``ClaimPayment``), their lines (``ServicePayment``), the CAS
adjustments that explain why paid differs from billed, and the provider-level adjustments (PLB).

Amounts are ``Decimal`` exactly as sent (a reversal carries negative amounts). Code labels
(claim status, CAS group, PLB reason) are filled by the reader from ``app.x12.codes_835``.
``segment`` fields hold the 1-based segment number in the source file, for messages.
``balance_problems`` applies the 835 balancing rules to one remittance.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.domain.base import Record
from app.domain.errors import Problem
from app.domain.money import format_money

_ZERO = Decimal(0)

#: CLP02 codes meaning "processed and forwarded to another payer" (crossover).
CROSSOVER_STATUSES = frozenset({"19", "20", "21"})
#: CLP02 code of a reversal of an earlier payment.
REVERSAL_STATUS = "22"
#: CLP02 code of a denied claim.
DENIED_STATUS = "4"


class Adjustment(Record):
    """One CAS triplet: why part of a charge was not paid (or was reversed).

    ``amount`` is positive when it reduces the payment and negative in a reversal.
    """

    group: str  # CAS01: CO, PI, OA, PR
    reason: str  # CARC
    amount: Decimal
    quantity: Decimal | None = None


class ProviderAdjustment(Record):
    """One PLB adjustment: money moved at provider level, not tied to a claim in this 835.

    A positive ``amount`` reduces the payment (money taken back or withheld); a negative one
    increases it (for example L6 interest paid).
    """

    provider_id: str  # PLB01: the payee's NPI or TIN
    fiscal_period_end: date | None = None  # PLB02
    reason: str  # PLB03-1 (WO, FB, L6, 72, J1, ...)
    reason_label: str = ""
    reference: str = ""  # PLB03-2, e.g. the payer claim number of a recovered overpayment
    amount: Decimal
    segment: int | None = None


class Party(Record):
    """An NM1 name in a claim payment (patient, insured, crossover carrier...)."""

    entity: str  # NM101: QC patient, IL insured, 74 corrected, 82 rendering, TT, PR, GB
    name: str = ""  # NM103: last or organization name
    first_name: str = ""
    middle_name: str = ""
    suffix: str = ""
    id_qualifier: str = ""  # NM108: MI member id, XX NPI, PI payer id...
    id: str = ""  # NM109


class Reference(Record):
    """A REF identifier (qualifier and value), e.g. ``F8`` original claim number."""

    qualifier: str
    value: str


class Amount(Record):
    """An AMT amount (qualifier and value), e.g. ``B6`` allowed, ``I`` interest, ``AU``."""

    qualifier: str
    amount: Decimal


class ServicePayment(Record):
    """One service line as adjudicated (2110 loop, SVC)."""

    qualifier: str = "HC"  # SVC01-1: HC (CPT/HCPCS), AD, ER, IV, N4, NU, WK...
    code: str  # SVC01-2
    modifiers: tuple[str, ...] = ()  # SVC01-3..6
    charge: Decimal  # SVC02
    paid: Decimal  # SVC03
    revenue_code: str = ""  # SVC04
    units_paid: Decimal | None = None  # SVC05 (1 when absent)
    original_qualifier: str = ""  # SVC06-1, when the payer adjudicated another code
    original_code: str = ""  # SVC06-2
    original_modifiers: tuple[str, ...] = ()
    original_units: Decimal | None = None  # SVC07
    service_date: date | None = None  # DTM*472, or DTM*150 (period start)
    service_end_date: date | None = None  # DTM*151 (period end)
    line_control_number: str = ""  # REF*6R: our 837 line item control number
    references: tuple[Reference, ...] = ()
    amounts: tuple[Amount, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    remark_codes: tuple[str, ...] = ()  # LQ*HE
    segment: int | None = None

    @property
    def allowed(self) -> Decimal | None:
        """AMT*B6 allowed amount, when sent (informational, not balanced)."""
        return _amount(self.amounts, "B6")

    @property
    def total_adjustments(self) -> Decimal:
        """Sum of the line's CAS amounts."""
        return sum((a.amount for a in self.adjustments), _ZERO)

    @property
    def procedure(self) -> str:
        """``code`` plus modifiers, e.g. ``99213-25``."""
        return "-".join((self.code, *self.modifiers))


class ClaimPayment(Record):
    """One claim as adjudicated (2100 loop, CLP)."""

    patient_control_number: str  # CLP01 = our CLM01
    status_code: str  # CLP02
    status_label: str = ""
    charge: Decimal  # CLP03
    paid: Decimal  # CLP04
    patient_responsibility: Decimal = _ZERO  # CLP05 (informational)
    filing_indicator: str = ""  # CLP06
    payer_claim_control_number: str = ""  # CLP07 (ICN/DCN)
    facility_code: str = ""  # CLP08
    frequency_code: str = ""  # CLP09
    patient: Party | None = None  # NM1*QC
    insured: Party | None = None  # NM1*IL
    corrected_patient: Party | None = None  # NM1*74
    rendering_provider: Party | None = None  # NM1*82
    crossover_carrier: Party | None = None  # NM1*TT
    corrected_priority_payer: Party | None = None  # NM1*PR
    adjustments: tuple[Adjustment, ...] = ()  # claim-level CAS
    remark_codes: tuple[str, ...] = ()  # MOA / MIA remark codes
    statement_from: date | None = None  # DTM*232
    statement_to: date | None = None  # DTM*233
    received_date: date | None = None  # DTM*050
    coverage_expiration: date | None = None  # DTM*036
    amounts: tuple[Amount, ...] = ()  # AMT: AU coverage, I interest, D8, DY, F5, NL, T...
    references: tuple[Reference, ...] = ()  # REF: F8, 1L, 1W, EA, 9A, CE, G1, SY...
    services: tuple[ServicePayment, ...] = ()
    segment: int | None = None

    @property
    def is_reversal(self) -> bool:
        """CLP02 = 22: this entry reverses an earlier payment."""
        return self.status_code == REVERSAL_STATUS

    @property
    def is_denial(self) -> bool:
        """CLP02 = 4 with nothing paid."""
        return self.status_code == DENIED_STATUS and self.paid == 0

    @property
    def is_crossover(self) -> bool:
        """CLP02 19/20/21: the payer forwarded the claim to the next payer itself."""
        return self.status_code in CROSSOVER_STATUSES

    @property
    def claim_adjustment_total(self) -> Decimal:
        """Sum of the claim-level CAS amounts."""
        return sum((a.amount for a in self.adjustments), _ZERO)

    @property
    def total_adjustments(self) -> Decimal:
        """Sum of claim-level and line-level CAS amounts (CLP03 - this = CLP04)."""
        lines = sum((s.total_adjustments for s in self.services), _ZERO)
        return self.claim_adjustment_total + lines

    @property
    def all_adjustments(self) -> tuple[Adjustment, ...]:
        """Claim-level adjustments followed by every line's adjustments."""
        return self.adjustments + tuple(a for s in self.services for a in s.adjustments)

    @property
    def interest(self) -> Decimal:
        """AMT*I interest included with this claim (zero when absent)."""
        return _amount(self.amounts, "I") or _ZERO

    @property
    def coverage_amount(self) -> Decimal | None:
        """AMT*AU coverage amount, when sent."""
        return _amount(self.amounts, "AU")

    @property
    def original_claim_number(self) -> str:
        """REF*F8: the payer claim number this entry corrects (empty when absent)."""
        return next((r.value for r in self.references if r.qualifier == "F8"), "")


class Remittance(Record):
    """One 835 transaction set: one payment (or notice) from one payer to one payee."""

    control_number: str  # ST02
    handling_code: str  # BPR01: I, H, C, D, P, U, X
    total_paid: Decimal  # BPR02 (>= 0)
    credit_debit: str  # BPR03: C or D
    payment_method: str  # BPR04: ACH, CHK, BOP, FWT, NON
    payment_format: str = ""  # BPR05: CCP, CTX
    payment_date: date | None = None  # BPR16
    trace_number: str  # TRN02: check or EFT trace number
    payer_id: str  # TRN03: '1' + EIN by convention
    payer_sub_id: str = ""  # TRN04
    production_date: date | None = None  # DTM*405
    payer_name: str = ""  # N1*PR N102
    payer_identifier: str = ""  # N1*PR N104 (with N103 XV = plan id)
    payer_references: tuple[Reference, ...] = ()  # 1000A REF*2U/EO/HI/NF
    payee_name: str = ""  # N1*PE N102
    payee_npi: str = ""  # N1*PE with N103 = XX
    payee_tin: str = ""  # N1*PE with N103 = FI, or REF*TJ
    payee_references: tuple[Reference, ...] = ()  # 1000B REF*TJ/0B/D3/PQ
    claims: tuple[ClaimPayment, ...] = ()
    provider_adjustments: tuple[ProviderAdjustment, ...] = ()  # every PLB, in file order
    segment: int | None = None  # the ST segment
    bpr_segment: int | None = None
    warnings: tuple[str, ...] = ()  # located, non-blocking reader findings for the preview

    @property
    def key(self) -> tuple[str, str]:
        """(TRN03 payer id, TRN02 trace number): unique per payment, for idempotent imports."""
        return (self.payer_id, self.trace_number)

    @property
    def net_payment(self) -> Decimal:
        """BPR02 signed: negative when BPR03 = D (the payer debits the provider)."""
        return -self.total_paid if self.credit_debit == "D" else self.total_paid

    @property
    def claims_paid_total(self) -> Decimal:
        """Sum of CLP04 over every claim."""
        return sum((c.paid for c in self.claims), _ZERO)

    @property
    def provider_adjustment_total(self) -> Decimal:
        """Sum of PLB amounts (positive = taken from the payment)."""
        return sum((p.amount for p in self.provider_adjustments), _ZERO)

    @property
    def interest_total(self) -> Decimal:
        """Sum of AMT*I over every claim."""
        return sum((c.interest for c in self.claims), _ZERO)

    @property
    def is_notification_only(self) -> bool:
        """BPR01 = H: no money moves with this remittance."""
        return self.handling_code == "H"


def balance_problems(remit: Remittance, source: str) -> list[Problem]:
    """The 835 balancing rules for one transaction set (``standards/x12-835.md`` section 3).

    1. each line: SVC02 - sum(line CAS) = SVC03; 2. each claim: CLP03 - sum(claim and line
    CAS) = CLP04; 3. BPR02 (signed by BPR03) = sum(CLP04) - sum(PLB); 4. sum(AMT*I) = -sum(PLB
    L6). Also BPR02 >= 0, BPR03 is C or D, and a notification (BPR01 H, BPR04 NON) pays 0.

    Args:
        remit: the transaction set.
        source: file name for the problems.

    Returns:
        Every rule that does not hold, naming the claim (CLP01) or payment and the amounts.
    """
    problems = [p for claim in remit.claims for p in _claim_problems(claim, source)]
    problems.extend(_payment_problems(remit, source))
    problems.extend(_interest_problems(remit, source))
    return problems


def _claim_problems(claim: ClaimPayment, source: str) -> list[Problem]:
    """Service-line rule (SVC02 - CAS = SVC03) and claim rule (CLP03 - all CAS = CLP04)."""
    pcn, problems = claim.patient_control_number, []
    for svc in claim.services:
        expected = svc.charge - svc.total_adjustments
        if expected != svc.paid:
            problems.append(Problem(source, "SVC03", (
                f"Claim {pcn}, line {svc.procedure}: charge {format_money(svc.charge)} minus "
                f"adjustments {format_money(svc.total_adjustments)} is "
                f"{format_money(expected)}, but the line paid {format_money(svc.paid)}."),
                svc.segment))
    expected = claim.charge - claim.total_adjustments
    if expected != claim.paid:
        problems.append(Problem(source, "CLP04", (
            f"Claim {pcn}: charge {format_money(claim.charge)} minus claim and line adjustments "
            f"{format_money(claim.total_adjustments)} is {format_money(expected)}, but the "
            f"claim paid {format_money(claim.paid)}."), claim.segment))
    return problems


def _payment_problems(remit: Remittance, source: str) -> list[Problem]:
    """BPR02 = sum(CLP04) - sum(PLB), BPR02 >= 0, the C/D flag and notification rules."""
    bpr, trace, problems = remit.bpr_segment, remit.trace_number, []
    paid, plb = remit.claims_paid_total, remit.provider_adjustment_total
    if remit.total_paid < 0:
        problems.append(Problem(source, "BPR02", f"Payment {trace}: the total paid "
                                f"{format_money(remit.total_paid)} is negative.", bpr))
    if remit.credit_debit not in ("C", "D"):
        problems.append(Problem(source, "BPR03", f"Payment {trace}: credit/debit flag "
                                f"{remit.credit_debit!r} must be C or D.", bpr))
    elif remit.net_payment != paid - plb:
        problems.append(Problem(source, "BPR02", (
            f"Payment {trace}: total paid {format_money(remit.total_paid)} "
            f"({remit.credit_debit}) does not equal claim payments {format_money(paid)} minus "
            f"provider adjustments {format_money(plb)} = {format_money(paid - plb)}."), bpr))
    if remit.total_paid != 0 and (remit.handling_code == "H" or remit.payment_method == "NON"):
        problems.append(Problem(source, "BPR02", (
            f"Payment {trace}: a notification-only remittance (BPR01 H or BPR04 NON) must pay "
            f"0.00, not {format_money(remit.total_paid)}."), bpr))
    return problems


def _interest_problems(remit: Remittance, source: str) -> list[Problem]:
    """Net claim interest (sum of AMT*I) must equal minus the PLB L6 total."""
    l6 = [p for p in remit.provider_adjustments if p.reason == "L6"]
    plb_interest = -sum((p.amount for p in l6), _ZERO)
    if plb_interest == remit.interest_total:
        return []
    line = l6[0].segment if l6 else remit.bpr_segment
    return [Problem(source, "PLB", (
        f"Payment {remit.trace_number}: claim interest (AMT*I) totals "
        f"{format_money(remit.interest_total)} but the PLB L6 interest is "
        f"{format_money(plb_interest)}; they must match."), line)]


def _amount(amounts: tuple[Amount, ...], qualifier: str) -> Decimal | None:
    """The sum of the amounts with ``qualifier``, or None when there is none."""
    found = [a.amount for a in amounts if a.qualifier == qualifier]
    return sum(found, _ZERO) if found else None
