"""Synthetic claims and statements for the printing tests (invented people and numbers)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from app.domain.practice import Address
from app.domain.statements import AgingBuckets, StatementData, StatementLine
from app.domain.submission import (
    BillingProviderData,
    ClaimData,
    ClaimLineData,
    PatientData,
    PayerData,
    PersonName,
    ProviderData,
    SubscriberData,
)

BILLING_NPI = "1234567893"
RENDERING_NPI = "1987654328"
REFERRING_NPI = "1555555550"
FACILITY_NPI = "1666666668"
DOS = date(2026, 3, 9)


def _address(street: str, city: str = "Springfield", state: str = "IL",
             zip_code: str = "627011234") -> Address:
    return Address(street1=street, city=city, state=state, zip=zip_code)


def claim_line(number: int, code: str = "99213", charge: str = "125.00", **changes: object
               ) -> ClaimLineData:
    """One service line (line ``number``), dated ``DOS``."""
    data: dict[str, object] = {
        "line_number": number, "code": code, "charge": Decimal(charge),
        "date_from": DOS, "line_control_number": f"C0000123-{number}",
    }
    data.update(changes)
    return ClaimLineData.model_validate(data)


def make_claim(lines: int = 2, **changes: object) -> ClaimData:
    """A commercial claim for the synthetic patient Jane Q Testperson.

    Line 1 is an office visit with modifier 25 pointing at A and B; line 2 an injection with an
    NDC; further lines are 10.00 each.
    """
    items = [claim_line(1, "99214", "150.00", modifiers=("25",), pointers=(1, 2)),
             claim_line(2, "J1885", "22.50", modifiers=("JZ",), pointers=(3,),
                        ndc="00409-3795-01", ndc_unit="ML", ndc_quantity=Decimal("1"))]
    items += [claim_line(n, "36415", "10.00", pointers=(1,)) for n in range(3, lines + 1)]
    data: dict[str, object] = {
        "claim_id": 123, "control_number": "C0000123",
        "diagnoses": ("J06.9", "R50.9", "M54.50", "E11.65"),
        "billing": BillingProviderData(
            name="Maple Street Family Practice", npi=BILLING_NPI, ein="371234567",
            taxonomy="207Q00000X", address=_address("100 Maple St Suite 2"),
            phone="2175550100"),
        "payer": PayerData(name="Acme Health Plan", payer_id="ACME1",
                           address=_address("PO Box 4000", "Chicago", "IL", "606010000")),
        "subscriber": SubscriberData(
            name=PersonName(last="Testperson", first="Jane", middle="Quinn"),
            member_id="XJH123456789", group_number="GRP7788", group_name="Acme Gold PPO",
            birth_date=date(1980, 1, 15), sex="F"),
        "patient": PatientData(name=PersonName(last="Testperson", first="Jane", middle="Quinn"),
                               birth_date=date(1980, 1, 15), sex="F",
                               address=_address("42 Elm St Apt 3"), account_number="T0001"),
        "rendering": ProviderData(name=PersonName(last="Example", first="Robin"),
                                  npi=RENDERING_NPI),
        "referring": ProviderData(name=PersonName(last="Referral", first="Alex", middle="B"),
                                  npi=REFERRING_NPI),
        "prior_auth_number": "PA55501", "onset_date": date(2026, 3, 1),
        "amount_paid": Decimal("20.00"), "lines": tuple(items[:lines]),
        "facility_name": "Maple Street Clinic East", "facility_npi": FACILITY_NPI,
        "facility_address": _address("7 Oak Ave"),
    }
    data.update(changes)
    return ClaimData.model_validate(data)


def statement_line(days_ago: int, charge: str, ins_paid: str = "0", ins_adj: str = "0",
                   pat_paid: str = "0", pending: str = "0", patient: str = "Sam Guarantor",
                   description: str = "Office visit, established patient") -> StatementLine:
    """One statement line whose balance is worked out from the amounts."""
    balance = (Decimal(charge) - Decimal(ins_paid) - Decimal(ins_adj) - Decimal(pat_paid)
               - Decimal(pending))
    return StatementLine(
        service_date=date(2026, 6, 30) - timedelta(days=days_ago), patient_name=patient,
        description=description, charge=Decimal(charge), insurance_paid=Decimal(ins_paid),
        insurance_adjusted=Decimal(ins_adj), patient_paid=Decimal(pat_paid),
        insurance_pending=Decimal(pending), balance=balance,
        why_you_owe="Deductible not yet met" if Decimal(ins_paid) else "No insurance on file")


def make_statement(lines: int = 3, account: str = "G000042") -> StatementData:
    """A statement for the synthetic guarantor Sam Guarantor with ``lines`` lines."""
    items = [statement_line(10, "150.00", "80.00", "40.00"),
             statement_line(45, "95.00", "50.00", "20.00", "5.00", patient="Kit Guarantor"),
             statement_line(100, "60.00", "0", "0", "10.00", description="Flu shot")]
    items += [statement_line(5 + n, "20.00", "10.00", "5.00", patient="Kit Guarantor",
                             description=f"Lab test {n}") for n in range(max(0, lines - 3))]
    items = items[:lines]
    buckets = {"current": Decimal(0), "days_31_60": Decimal(0), "days_61_90": Decimal(0),
               "days_91_120": Decimal(0), "over_120": Decimal(0)}
    for item in items:
        age = (date(2026, 6, 30) - item.service_date).days
        key = ("current" if age <= 30 else "days_31_60" if age <= 60 else "days_61_90"
               if age <= 90 else "days_91_120" if age <= 120 else "over_120")
        buckets[key] += item.balance
    total = sum((i.balance for i in items), Decimal("0.00"))
    return StatementData(
        practice_name="Maple Street Family Practice",
        practice_address=_address("100 Maple St Suite 2"), practice_phone="2175550100",
        remit_to_address=_address("PO Box 990", zip_code="627050990"),
        guarantor_name="Sam Guarantor", guarantor_address=_address("42 Elm St Apt 3"),
        account_number=account, statement_date=date(2026, 6, 30), due_date=date(2026, 7, 25),
        lines=tuple(items), aging=AgingBuckets(**buckets), amount_due=total,
        message="This balance is past due. Please pay by the due date shown.")
