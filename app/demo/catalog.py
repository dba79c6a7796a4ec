"""The demo practice's setup: practice, clearinghouse, providers, payers, fees and contracts.

Labels in the fee schedule are the practice's own short wording, not CPT descriptors.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.document import ContractRate, FeeScheduleEntry
from app.domain.identifiers import make_npi
from app.domain.money import money
from app.domain.practice import (
    Address,
    Clearinghouse,
    FilingIndicator,
    Payer,
    Practice,
    Provider,
    ProviderRole,
    Submission,
    UsageMode,
)

#: (code, practice label, charge per unit)
FEES: tuple[tuple[str, str, str], ...] = (
    ("99202", "New pt visit, straightforward", "115.00"),
    ("99203", "New pt visit, low complexity", "175.00"),
    ("99204", "New pt visit, moderate complexity", "260.00"),
    ("99205", "New pt visit, high complexity", "340.00"),
    ("99211", "Nurse visit (est. pt)", "45.00"),
    ("99212", "Office visit est. straightforward", "95.00"),
    ("99213", "Office visit est. low", "145.00"),
    ("99214", "Office visit est. moderate", "205.00"),
    ("99215", "Office visit est. high", "285.00"),
    ("99381", "Well visit new, infant", "215.00"),
    ("99382", "Well visit new, age 1-4", "225.00"),
    ("99383", "Well visit new, age 5-11", "225.00"),
    ("99384", "Well visit new, age 12-17", "245.00"),
    ("99385", "Physical new, age 18-39", "250.00"),
    ("99386", "Physical new, age 40-64", "285.00"),
    ("99387", "Physical new, age 65+", "310.00"),
    ("99391", "Well visit est., infant", "195.00"),
    ("99392", "Well visit est., age 1-4", "205.00"),
    ("99393", "Well visit est., age 5-11", "205.00"),
    ("99394", "Well visit est., age 12-17", "220.00"),
    ("99395", "Physical est., age 18-39", "225.00"),
    ("99396", "Physical est., age 40-64", "250.00"),
    ("99397", "Physical est., age 65+", "270.00"),
    ("G0438", "Medicare wellness, first", "265.00"),
    ("G0439", "Medicare wellness, yearly", "185.00"),
    ("99406", "Quit-smoking counseling 3-10 min", "35.00"),
    ("36415", "Blood draw", "20.00"),
    ("81002", "Urine dip, in office", "15.00"),
    ("83036", "A1c, in office", "38.00"),
    ("85025", "CBC with diff", "32.00"),
    ("80053", "Metabolic panel, full", "48.00"),
    ("80061", "Lipid panel", "42.00"),
    ("87880", "Rapid strep test", "35.00"),
    ("87804", "Rapid flu test", "40.00"),
    ("90471", "Vaccine admin, first", "40.00"),
    ("G0008", "Flu shot admin (Medicare)", "40.00"),
    ("90686", "Flu vaccine, PF dose", "45.00"),
    ("90715", "Tdap vaccine", "68.00"),
    ("96372", "Injection IM/SQ", "40.00"),
    ("J1100", "Dexamethasone, per 1 mg", "5.00"),
    ("J0696", "Ceftriaxone, per 250 mg", "25.00"),
    ("J3301", "Triamcinolone, per 10 mg", "8.00"),
    ("93000", "ECG with read", "65.00"),
    ("94640", "Nebulizer treatment", "48.00"),
    ("11102", "Skin biopsy, shave/scoop", "155.00"),
    ("17110", "Wart destruction, up to 14", "165.00"),
    ("20610", "Large joint injection/aspiration", "185.00"),
    ("69210", "Earwax removal, instrument", "92.00"),
)


@dataclass(frozen=True)
class PayerSpec:
    """A demo payer with its contract level (allowed as a share of charge)."""

    key: str
    name: str
    payer_id: str
    filing: FilingIndicator
    timely_days: int
    allowed_share: Decimal | None
    submission: Submission = Submission.ELECTRONIC


PAYER_SPECS: tuple[PayerSpec, ...] = (
    PayerSpec("medicare", "Medicare Part B", "MCRIL01", FilingIndicator.MEDICARE_B, 365,
              Decimal("0.50")),
    PayerSpec("medicaid", "Illinois Medicaid", "MCDIL01", FilingIndicator.MEDICAID, 180,
              Decimal("0.40")),
    PayerSpec("heartland", "Heartland Health Plan", "HHP42", FilingIndicator.COMMERCIAL, 90,
              Decimal("0.72")),
    PayerSpec("prairieblue", "Prairie Blue Shield", "PBS77", FilingIndicator.BCBS, 180,
              Decimal("0.68")),
    PayerSpec("lincolncare", "LincolnCare HMO", "LCH15", FilingIndicator.HMO, 120,
              Decimal("0.62")),
    PayerSpec("selfpay", "Self-pay", "SELFPAY", FilingIndicator.SELF_PAY, 0, None,
              Submission.NONE),
)

PRACTICE_ADDRESS = Address(street1="1250 Sunrise Medical Pkwy", street2="Suite 200",
                           city="Springfield", state="IL", zip="627041832")
PAY_TO_ADDRESS = Address(street1="PO Box 4410", city="Springfield", state="IL", zip="627084410")


def _digits(rng: random.Random, count: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(count))


def demo_npis(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct synthetic NPIs (prefix 99, valid check digit)."""
    npis: list[str] = []
    while len(npis) < count:
        npi = make_npi("99" + _digits(rng, 7))
        if npi not in npis:
            npis.append(npi)
    return npis


def build_practice(npi: str) -> Practice:
    """The billing provider: a family-medicine group with a pay-to PO Box."""
    return Practice(
        id=1, legal_name="Sunrise Family Medicine, LLC", npi=npi, ein="37-4829163",
        taxonomy="207Q00000X", address=PRACTICE_ADDRESS, phone="2175550100",
        pay_to_address=PAY_TO_ADDRESS,
        statement_message="Questions about your bill? Call 217-555-0100, Mon-Fri 8-5.",
        clia_number="14D2087361",
    )


def build_clearinghouse() -> Clearinghouse:
    """Test-mode clearinghouse settings."""
    return Clearinghouse(
        id=1, name="ClearPath Exchange (demo)", submitter_name="SUNRISE FAMILY MEDICINE",
        submitter_id="SFM0042871", contact_name="Dana Whitlock", contact_phone="2175550104",
        contact_email="billing@sunrise-fm.example", receiver_name="CLEARPATH EXCHANGE",
        receiver_id="CLRPATH01", usage=UsageMode.TEST,
    )


#: (role, last, first, middle, credential, taxonomy)
PROVIDER_SPECS = (
    (ProviderRole.RENDERING, "Ellery", "Grace", "A", "MD", "207Q00000X"),
    (ProviderRole.RENDERING, "Castellan", "Marcus", "", "DO", "207R00000X"),
    (ProviderRole.RENDERING, "Valdivia", "Renee", "L", "NP", "363LF0000X"),
    (ProviderRole.REFERRING, "Whitlock", "Jonah", "", "MD", "207X00000X"),
    (ProviderRole.REFERRING, "Adeyemi", "Folake", "", "MD", "207RC0000X"),
    (ProviderRole.REFERRING, "Lindgren", "Peter", "J", "DO", "207N00000X"),
    (ProviderRole.REFERRING, "Nakamura", "Saori", "", "MD", "2084N0400X"),
)


def build_providers(npis: list[str]) -> list[Provider]:
    """Three rendering providers (MD, DO, NP) and four referring specialists."""
    return [
        Provider(id=i, role=role, last_name=last, first_name=first, middle_name=middle,
                 credential=cred, npi=npis[i - 1], taxonomy=taxonomy)
        for i, (role, last, first, middle, cred, taxonomy) in enumerate(PROVIDER_SPECS, 1)
    ]


def build_payers() -> list[Payer]:
    """The six demo payers, ids 1-6 in ``PAYER_SPECS`` order."""
    payers = []
    for i, spec in enumerate(PAYER_SPECS, 1):
        insured = spec.submission != Submission.NONE
        payer_address = (
            Address(street1=f"PO Box {1000 + 733 * i}", city="Chicago", state="IL",
                    zip=f"6069{i}")
            if insured else None
        )
        payers.append(Payer(
            id=i, name=spec.name, payer_id=spec.payer_id, filing_indicator=spec.filing,
            address=payer_address, phone=f"800555{1200 + i:04d}" if insured else "",
            timely_filing_days=spec.timely_days, submission=spec.submission,
        ))
    return payers


def build_fee_schedule(effective: date) -> list[FeeScheduleEntry]:
    """The charge master: one row per code with the practice's label and charge."""
    return [
        FeeScheduleEntry(code=code, label=label, charge=money(charge), effective_date=effective)
        for code, label, charge in FEES
    ]


def build_contracts(effective: date) -> list[ContractRate]:
    """Allowed amounts per insured payer: a share of the charge, to the cent."""
    rates = []
    for payer_id, spec in enumerate(PAYER_SPECS, 1):
        if spec.allowed_share is None:
            continue
        for code, _label, charge in FEES:
            allowed = money(Decimal(charge) * spec.allowed_share)
            rates.append(ContractRate(payer_id=payer_id, code=code, allowed=allowed,
                                      effective_date=effective))
    return rates


def fee_table() -> dict[str, Decimal]:
    """Charge per unit by code."""
    return {code: money(charge) for code, _label, charge in FEES}


def allowed_table() -> dict[tuple[int, str], Decimal]:
    """Allowed per unit by (payer id, code) for insured payers."""
    return {
        (payer_id, code): money(Decimal(charge) * spec.allowed_share)
        for payer_id, spec in enumerate(PAYER_SPECS, 1) if spec.allowed_share is not None
        for code, _label, charge in FEES
    }


def payer_key(payer_id: int) -> str:
    """The spec key (``medicare``, ``selfpay``...) of a payer id."""
    return PAYER_SPECS[payer_id - 1].key
