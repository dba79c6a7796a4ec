"""Hand-built ``ClaimData`` matching the shared 837P fixtures, plus variants (synthetic data)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.domain.practice import Address
from app.domain.submission import (
    BillingProviderData,
    CasAdjustment,
    ClaimData,
    ClaimLineData,
    LineAdjudication,
    OtherPayerData,
    PatientData,
    PayerData,
    PersonName,
    ProviderData,
    SubscriberData,
)
from app.x12.envelope import Envelope

FIXTURES = Path("/work/shared/standards/fixtures")
DOS = date(2025, 1, 10)
BILLING_NPI = "1234567893"
RENDERING_NPI = "1987654328"
REFERRING_NPI = "1555555550"


def envelope(isa13: int = 101, **changes: Any) -> Envelope:
    """The envelope the shared fixtures were written with (ISA13 = GS06 = ``isa13``)."""
    data: dict[str, Any] = {
        "isa13": isa13, "gs06": isa13, "sender_id": "CLAIMDESK", "receiver_id": "DEMOCLEARING",
        "created": datetime(2025, 1, 15, 10, 23), "submitter_name": "Sunrise Family Medicine",
        "contact_name": "Billing Office", "contact_phone": "(217) 555-0100",
        "contact_email": "billing@example.com", "receiver_name": "Demo Clearinghouse",
        "line_breaks": True,
    }
    data.update(changes)
    return Envelope(**data)


def address(street: str, zip_code: str, street2: str = "", city: str = "Springfield",
            state: str = "IL") -> Address:
    return Address(street1=street, street2=street2, city=city, state=state, zip=zip_code)


def billing(**changes: Any) -> BillingProviderData:
    data: dict[str, Any] = {"name": "Sunrise Family Medicine", "npi": BILLING_NPI,
                            "ein": "371234567", "address": address("100 Main St", "627011234")}
    data.update(changes)
    return BillingProviderData(**data)


ACME = PayerData(name="Acme Health Plan", payer_id="12345")
BEACON = PayerData(name="Beacon Mutual Insurance", payer_id="67890")
JONES = ProviderData(name=PersonName(last="Jones", first="Sarah"), npi=RENDERING_NPI)
PATEL = ProviderData(name=PersonName(last="Patel", first="Anil"), npi=REFERRING_NPI)


def line(number: int, code: str = "99213", charge: str = "110", **changes: Any) -> ClaimLineData:
    data: dict[str, Any] = {"line_number": number, "code": code, "charge": Decimal(charge),
                            "date_from": DOS, "line_control_number": ""}
    data.update(changes)
    return ClaimLineData(**data)


def john_doe() -> tuple[SubscriberData, PatientData]:
    name = PersonName(last="Doe", first="John")
    home = address("42 Oak Ave", "62704")
    sub = SubscriberData(name=name, member_id="ACM123456789", group_number="GRP100")
    pat = PatientData(name=name, birth_date=date(1970, 3, 15), sex="M", address=home)
    return sub, pat


def minimal_claim(**changes: Any) -> ClaimData:
    """837p_minimal_valid.txt: patient = subscriber, one line."""
    sub, pat = john_doe()
    data: dict[str, Any] = {
        "claim_id": 1, "control_number": "PCN0001", "diagnoses": ("J06.9", "R05.1"),
        "billing": billing(), "payer": ACME, "subscriber": sub, "patient": pat,
        "lines": (line(1, pointers=(1, 2)),),
    }
    data.update(changes)
    return ClaimData(**data)


def dependent_claim(**changes: Any) -> ClaimData:
    """837p_patient_not_subscriber.txt: child under a parent's policy, NDC line."""
    home = address("7 Elm St", "62702", street2="Apt 2")
    sub = SubscriberData(name=PersonName(last="Smith", first="Robert", middle="J"),
                         member_id="ACM100200300", group_number="GRP200",
                         birth_date=date(1982, 7, 4), sex="M", address=home)
    pat = PatientData(name=PersonName(last="Smith", first="Emma"), birth_date=date(2015, 6, 20),
                      sex="F", address=home)
    lines = (
        line(1, "99213", "125", modifiers=("25",), pointers=(1, 2, 3),
             line_control_number="L0002-1"),
        line(2, "96372", "45", line_control_number="L0002-2"),
        line(3, "J0696", "78.50", units=Decimal("4"), line_control_number="L0002-3",
             ndc="00409-7337-01", ndc_unit="UN", ndc_quantity=Decimal("1")),
    )
    data: dict[str, Any] = {
        "claim_id": 2, "control_number": "PCN0002", "diagnoses": ("H66.91", "R50.9", "J02.9"),
        "billing": billing(taxonomy="207Q00000X",
                           pay_to_address=address("PO Box 4400", "627084400")),
        "payer": ACME, "subscriber": sub, "patient": pat, "relationship": "19",
        "rendering": JONES.model_copy(update={"taxonomy": "208000000X"}), "referring": PATEL,
        "onset_date": date(2025, 1, 8), "prior_auth_number": "PA20250107001",
        "medical_record_number": "MRN000777", "lines": lines,
    }
    data.update(changes)
    return ClaimData(**data)


def _adjudication(code: str, paid: str, *cas: tuple[str, str, str]) -> LineAdjudication:
    return LineAdjudication(
        payer_id="12345", paid=Decimal(paid), code=code, adjudication_date=date(2025, 2, 1),
        adjustments=tuple(CasAdjustment(group=g, reason=r, amount=Decimal(a)) for g, r, a in cas))


def secondary_claim(**changes: Any) -> ClaimData:
    """837p_secondary_cob.txt: to the secondary payer after the primary paid."""
    name = PersonName(last="Doe", first="Jane")
    home = address("9 Pine Rd", "627031234")
    sub = SubscriberData(name=name, member_id="BMI987654321", group_number="BMG77",
                         responsibility="S")
    pat = PatientData(name=name, birth_date=date(1960, 2, 2), sex="F", address=home)
    primary = OtherPayerData(
        responsibility="P", relationship="18", payer=ACME,
        subscriber=SubscriberData(name=name, member_id="ACM555000111", group_number="GRP100",
                                  address=home),
        paid=Decimal("120.00"), remaining_patient_liability=Decimal("30.00"),
        payer_claim_number="ACME2025011500099", adjudication_date=date(2025, 2, 1))
    lines = (
        line(1, "99214", "150", pointers=(1, 2), adjudications=(
            _adjudication("99214", "90", ("CO", "45", "40"), ("PR", "2", "20")),)),
        line(2, "83036", "50", adjudications=(
            _adjudication("83036", "30", ("CO", "45", "10"), ("PR", "1", "10")),)),
    )
    data: dict[str, Any] = {
        "claim_id": 3, "control_number": "PCN0003", "diagnoses": ("E11.9", "I10"),
        "billing": billing(taxonomy="207Q00000X"), "payer": BEACON, "subscriber": sub,
        "patient": pat, "rendering": JONES, "other_payers": (primary,), "lines": lines,
    }
    data.update(changes)
    return ClaimData(**data)


def many_lines_claim(count: int = 8, **changes: Any) -> ClaimData:
    """A claim with ``count`` lines and 12 diagnoses, pointers spread over them."""
    dx = ("J06.9", "R05.1", "R50.9", "J02.9", "E11.9", "I10", "M54.50", "E78.5", "K21.9",
          "F41.1", "G43.909", "Z00.00")
    lines = tuple(line(n, "99213" if n == 1 else "36415", "10.25",
                       pointers=tuple(sorted({(n - 1) % 12 + 1, 12})),
                       line_control_number=f"PCN0009-{n}") for n in range(1, count + 1))
    return minimal_claim(control_number="PCN0009", diagnoses=dx, lines=lines, **changes)


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="ascii")


# -- claims exercising the situational loops (golden files in tests/x12/golden/) --
GOLDEN = Path(__file__).parent / "golden"
NGUYEN_NP = ProviderData(name=PersonName(last="Nguyen", first="Linh"), npi="1326054784",
                        taxonomy="363LF0000X", credential="NP")
LEE = ProviderData(name=PersonName(last="Lee", first="Daniel"), npi="1497758544",
                   taxonomy="207R00000X")
CLIA = "14D0987654"
MEDICAID = PayerData(name="Prairie State Medicaid", payer_id="77027", filing_indicator="MC")


def _beacon_secondary(name: PersonName, home: Address | None = None) -> OtherPayerData:
    sub = SubscriberData(name=name, member_id="BMI987654321", group_number="BMG77",
                         address=home)
    return OtherPayerData(responsibility="S", relationship="18", payer=BEACON, subscriber=sub)


def primary_with_other_coverage(**changes: Any) -> ClaimData:
    """Primary claim to Acme; Beacon is known as the secondary (2320/2330A/2330B, no AMT*D)."""
    sub, pat = john_doe()
    data: dict[str, Any] = {"other_payers": (_beacon_secondary(sub.name, pat.address),)}
    data.update(changes)
    return minimal_claim(control_number="PCN0101", **data)


def lab_claim(**changes: Any) -> ClaimData:
    """In-office labs: CLIA number, a lab ordered by Dr Patel, a line rendered by Dr Lee."""
    lines = (
        line(1, "99213", "110", pointers=(1, 2), line_control_number="PCN0102-1"),
        line(2, "85025", "28", modifiers=("QW",), clia_covered=True, ordering=PATEL,
             line_control_number="PCN0102-2"),
        line(3, "80053", "42", clia_covered=True, ordering=PATEL, rendering=LEE,
             line_control_number="PCN0102-3"),
        line(4, "71046", "95", pointers=(2,), ordering=PATEL, rendering=LEE,
             line_control_number="PCN0102-4"),
    )
    data: dict[str, Any] = {"control_number": "PCN0102", "rendering": JONES, "lines": lines,
                            "clia_number": CLIA, "diagnoses": ("R53.83", "R06.02")}
    data.update(changes)
    return minimal_claim(**data)


def supervised_claim(**changes: Any) -> ClaimData:
    """A nurse practitioner's visit under Dr Jones's supervision (2310D)."""
    data: dict[str, Any] = {"control_number": "PCN0103", "rendering": NGUYEN_NP,
                            "supervising": JONES}
    data.update(changes)
    return minimal_claim(**data)


def late_claim(**changes: Any) -> ClaimData:
    """Sent late (CLM20), with attachments, a pregnancy LMP and a multi-day line."""
    from app.domain.submission import AttachmentData

    pat = PatientData(name=PersonName(last="Doe", first="Mary"), birth_date=date(1994, 5, 1),
                      sex="F", address=address("42 Oak Ave", "62704"))
    sub = SubscriberData(name=pat.name, member_id="ACM123456790", group_number="GRP100")
    lines = (line(1, "99214", "150", pointers=(1,), line_control_number="PCN0104-1"),
             line(2, "97110", "60", units=Decimal("2"), date_to=date(2025, 1, 12),
                  line_control_number="PCN0104-2"))
    data: dict[str, Any] = {
        "control_number": "PCN0104", "subscriber": sub, "patient": pat, "lines": lines,
        "diagnoses": ("O26.891", "Z3A.12"), "delay_reason": "7",
        "last_menstrual_period": date(2024, 10, 15),
        "attachments": (AttachmentData(report_type="OZ", transmission="FX",
                                       control_number="ATT0104A"),
                        AttachmentData(report_type="B3", transmission="AA")),
    }
    data.update(changes)
    return minimal_claim(**data)


def epsdt_claim(**changes: Any) -> ClaimData:
    """Medicaid well-child visit of a dependent child with a referral given (CRC*ZZ*Y*ST)."""
    lines = (line(1, "99393", "160", pointers=(1,), epsdt=True,
                  line_control_number="PCN0105-1"),
             line(2, "96110", "25", pointers=(1,), epsdt=True,
                  line_control_number="PCN0105-2"))
    sub = SubscriberData(name=PersonName(last="Smith", first="Robert", middle="J"),
                         member_id="MCD445566778", birth_date=date(1982, 7, 4), sex="M",
                         address=address("7 Elm St", "62702", street2="Apt 2"))
    data: dict[str, Any] = {"control_number": "PCN0105", "payer": MEDICAID, "subscriber": sub,
                            "diagnoses": ("Z00.121",), "lines": lines, "epsdt_referral": "ST",
                            "prior_auth_number": "", "medical_record_number": "",
                            "onset_date": None, "referring": None}
    data.update(changes)
    return dependent_claim(**data)


def secondary_with_remarks(**changes: Any) -> ClaimData:
    """The secondary claim with the primary's claim-level remark codes (2320 MOA)."""
    base = secondary_claim(control_number="PCN0106")
    primary = base.other_payers[0].model_copy(update={"remark_codes": ("MA01", "N130")})
    return base.model_copy(update={"other_payers": (primary,), **changes})


def anesthesia_claim(**changes: Any) -> ClaimData:
    """Anesthesia for an upper-abdominal procedure, 95 minutes (SV103 MJ)."""
    lines = (line(1, "00790", "1200", modifiers=("AA",), units=Decimal("95"), unit_code="MJ",
                  line_control_number="PCN0107-1"),)
    data: dict[str, Any] = {"control_number": "PCN0107", "lines": lines,
                            "diagnoses": ("K80.20",), "rendering": JONES,
                            "place_of_service": "22"}
    data.update(changes)
    return minimal_claim(**data)


def golden_text(name: str) -> str:
    return (GOLDEN / name).read_text(encoding="ascii")
