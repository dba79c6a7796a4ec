"""A claim as it leaves the practice: everything the 837P writer and the CMS-1500 need.

Services assemble a ``ClaimData`` from the database; ``app.x12`` and ``app.printing`` only read it.
Names are stored as entered (the writers clean them); money is ``Decimal``; diagnosis codes keep
their dot (``J06.9``); ZIPs are 5 or 9 digits; phones 10 digits.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.domain.base import Record
from app.domain.practice import Address
from app.domain.remittance import Adjustment

CasAdjustment = Adjustment
"""One CAS triplet on a claim's other-payer loops (2320, 2430): the record an 835 carries."""


class PersonName(Record):
    """A person's name parts."""

    last: str
    first: str = ""
    middle: str = ""
    suffix: str = ""


class BillingProviderData(Record):
    """2010AA / box 33: the billing provider (usually the practice, an organization)."""

    name: str
    npi: str
    ein: str
    taxonomy: str = ""
    address: Address
    phone: str = ""
    pay_to_address: Address | None = None
    is_organization: bool = True


class ProviderData(Record):
    """A provider on a claim: rendering, referring, supervising or ordering.

    Rendering: 2310B / 2420A, box 24J. Referring (2310A), supervising (2310D) and ordering
    (2420E) print in box 17 with the qualifier DN, DQ or DK.
    """

    name: PersonName
    npi: str
    taxonomy: str = ""
    credential: str = ""


class PayerData(Record):
    """2010BB / CMS-1500 header: the payer the claim goes to."""

    name: str
    payer_id: str
    address: Address | None = None
    filing_indicator: str = "CI"  # SBR09


class SubscriberData(Record):
    """2000B/2010BA / boxes 1a, 4, 7, 11: the policy holder and the policy."""

    name: PersonName
    member_id: str
    group_number: str = ""
    group_name: str = ""
    birth_date: date | None = None
    sex: str = "U"
    address: Address | None = None
    phone: str = ""
    responsibility: str = "P"  # SBR01: P / S / T
    insurance_type_code: str = ""  # SBR05, Medicare secondary only


class PatientData(Record):
    """2010CA / boxes 2, 3, 5: the patient (always filled, even when the subscriber)."""

    name: PersonName
    birth_date: date
    sex: str
    address: Address
    phone: str = ""
    account_number: str = ""


class LineAdjudication(Record):
    """2430: how another payer adjudicated one line (for secondary claims)."""

    payer_id: str
    paid: Decimal
    code: str
    modifiers: tuple[str, ...] = ()
    units: Decimal = Decimal("1")
    adjustments: tuple[CasAdjustment, ...] = ()
    adjudication_date: date


class OtherPayerData(Record):
    """2320/2330: another payer on the claim (the primary, when billing the secondary)."""

    responsibility: str  # that payer's SBR01 (P / S / T)
    relationship: str  # patient's relationship to that payer's subscriber (SBR02 code)
    payer: PayerData
    subscriber: SubscriberData
    paid: Decimal | None = None  # AMT*D
    remaining_patient_liability: Decimal | None = None  # AMT*EAF
    claim_adjustments: tuple[CasAdjustment, ...] = ()  # 2320 CAS (claim level)
    payer_claim_number: str = ""  # 2330B REF*F8
    adjudication_date: date | None = None  # 2330B DTP*573 when no 2430 loops
    remark_codes: tuple[str, ...] = ()  # 2320 MOA03-07: that payer's claim-level RARCs


class AttachmentData(Record):
    """2300 PWK / box 19: supporting paperwork for the claim.

    ``report_type`` is PWK01 (``OZ`` support data, ``B3`` physician order, ``OB`` operative
    note...); ``transmission`` is PWK02 (``AA`` available on request, ``BM`` mail, ``EL``
    electronic, ``EM`` e-mail, ``FT`` file transfer, ``FX`` fax); ``control_number`` is PWK06,
    sent with PWK05 = ``AC`` (required by the TR3 for every transmission code except ``AA``).
    """

    report_type: str
    transmission: str
    control_number: str = ""


class ClaimLineData(Record):
    """2400 / box 24: one service line."""

    line_number: int
    code: str
    modifiers: tuple[str, ...] = ()
    units: Decimal = Decimal("1")
    charge: Decimal
    pointers: tuple[int, ...] = (1,)
    place_of_service: str = ""  # only when it differs from the claim's
    date_from: date
    date_to: date | None = None
    line_control_number: str  # REF*6R
    ndc: str = ""
    ndc_unit: str = ""
    ndc_quantity: Decimal | None = None
    note: str = ""
    rendering: ProviderData | None = None  # 2420A / box 24J when not the claim's provider
    ordering: ProviderData | None = None  # 2420E / box 17 DK: who ordered a lab or image
    unit_code: str = "UN"  # SV103: UN units, MJ anesthesia minutes (SV104 = minutes)
    clia_covered: bool = False  # a CLIA-covered lab test (needs 2300 REF*X4)
    epsdt: bool = False  # SV111: part of an EPSDT screening (Medicaid)
    emergency: bool = False
    adjudications: tuple[LineAdjudication, ...] = ()

    @property
    def rendering_npi(self) -> str:
        """Box 24J: this line's own rendering NPI ("" when it is the claim's)."""
        return self.rendering.npi if self.rendering is not None else ""


class ClaimData(Record):
    """Everything needed to send or print one claim."""

    claim_id: int
    control_number: str  # CLM01 / box 26 (the patient control number)
    frequency_code: str = "1"  # CLM05-3 / box 22
    payer_claim_number: str = ""  # REF*F8 / box 22 original ref. no.
    place_of_service: str = "11"
    diagnoses: tuple[str, ...]
    billing: BillingProviderData
    payer: PayerData
    subscriber: SubscriberData
    patient: PatientData
    relationship: str = "18"  # patient's relationship to the subscriber (18 = self)
    rendering: ProviderData | None = None
    referring: ProviderData | None = None
    supervising: ProviderData | None = None  # 2310D / box 17 DQ (NP/PA under a physician)
    prior_auth_number: str = ""  # REF*G1 / box 23
    referral_number: str = ""  # REF*9F
    medical_record_number: str = ""  # REF*EA
    onset_date: date | None = None  # DTP*431 / box 14
    last_menstrual_period: date | None = None  # DTP*484 / box 14 (qualifier 484)
    accident_cause: str = ""  # CLM11: AA auto, EM employment, OA other
    accident_state: str = ""
    accident_date: date | None = None  # DTP*439
    signature_on_file: bool = True  # CLM06 / box 31
    assignment: str = "A"  # CLM07 / box 27
    benefits_assigned: bool = True  # CLM08 / box 13
    release_of_information: str = "Y"  # CLM09 / box 12
    amount_paid: Decimal = Decimal("0.00")  # box 29 (patient payments)
    note: str = ""  # NTE / box 19
    lines: tuple[ClaimLineData, ...]
    other_payers: tuple[OtherPayerData, ...] = ()
    facility_name: str = ""  # box 32 / 2310C: service facility, when it differs from 33
    facility_address: Address | None = None  # box 32
    facility_npi: str = ""  # box 32a
    clia_number: str = ""  # REF*X4 / box 23, sent when a line is a CLIA-covered test
    delay_reason: str = ""  # CLM20: why the claim is sent after the filing limit
    attachments: tuple[AttachmentData, ...] = ()  # PWK / box 19
    epsdt_referral: str = ""  # CRC*ZZ / box 24H: "" not EPSDT; NU, AV, S2 or ST

    @property
    def total_charge(self) -> Decimal:
        """CLM02 / box 28: the sum of the line charges."""
        return sum((line.charge for line in self.lines), Decimal("0.00"))

    @property
    def patient_is_subscriber(self) -> bool:
        """True when the relationship is self (no 2000C loop)."""
        return self.relationship == "18"

    @property
    def billing_rendering_npi(self) -> str:
        """The NPI the claim names as rendering (2310B, else the billing provider)."""
        return self.rendering.npi if self.rendering is not None else self.billing.npi

    @property
    def date_of_service(self) -> date:
        """The earliest line date."""
        return min(line.date_from for line in self.lines)
