"""Billing-setup checks: the practice (billing provider), providers and the payer."""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.domain import identifiers as ids
from app.domain.findings import Finding, Owner, Severity
from app.domain.practice import Practice, Submission
from app.scrub.context import ScrubInput
from app.scrub.declarations import Family, finding, rule

SU, E, W = Family.BILLING_SETUP, Severity.ERROR, Severity.WARNING
SOURCE = "837P 2010AA rule"
PO_BOX = re.compile(r"\b(P\s*\.?\s*O\s*\.?\s*BOX|POST\s+OFFICE\s+BOX|POB)\b", re.I)
PAYER_ID = re.compile(r"^[A-Za-z0-9]{2,20}$")


def _practice(inp: ScrubInput) -> Practice | None:
    return inp.practice


@rule("SETUP-001", SU, Owner.BILLING, E, "Practice not set up")
def practice_missing(inp: ScrubInput) -> Iterator[Finding]:
    """The billing provider (the practice) must be set up."""
    if inp.practice is None:
        yield finding("SETUP-001", "The practice (billing provider) is not set up.",
                      hint="Enter the practice's name, NPI, EIN and address in Settings.",
                      location="practice", source=SOURCE)


def _practice_check(rule_id: str, field: str, message: str | None,
                    hint: str) -> Iterator[Finding]:
    if message:
        yield finding(rule_id, f"Billing provider {field}: {message}", hint=hint,
                      location=f"practice.{field}", source=SOURCE)


@rule("SETUP-002", SU, Owner.BILLING, E, "Billing NPI invalid")
def billing_npi(inp: ScrubInput) -> Iterator[Finding]:
    """The billing NPI has 10 digits and a correct check digit."""
    if (p := _practice(inp)) is not None:
        yield from _practice_check("SETUP-002", "npi", ids.check_npi(p.npi),
                                   "Copy the practice's NPI from its NPPES record.")


@rule("SETUP-003", SU, Owner.BILLING, E, "EIN invalid")
def billing_ein(inp: ScrubInput) -> Iterator[Finding]:
    """The practice's tax id is a valid 9-digit EIN."""
    if (p := _practice(inp)) is not None:
        yield from _practice_check("SETUP-003", "ein", ids.check_ein(p.ein),
                                   "Enter the EIN from the IRS letter (CP 575).")


@rule("SETUP-004", SU, Owner.BILLING, E, "Billing ZIP not ZIP+4")
def billing_zip(inp: ScrubInput) -> Iterator[Finding]:
    """The billing provider's ZIP has nine digits (ZIP+4)."""
    if (p := _practice(inp)) is not None:
        message = ids.check_zip(p.address.zip, require_plus4=True)
        yield from _practice_check("SETUP-004", "address.zip", message,
                                   "Look up the ZIP+4 on usps.com and enter all nine digits.")


@rule("SETUP-005", SU, Owner.BILLING, E, "Billing address is a PO Box")
def billing_po_box(inp: ScrubInput) -> Iterator[Finding]:
    """The billing provider's address is a street address, not a PO Box."""
    if (p := _practice(inp)) is None:
        return
    street = f"{p.address.street1} {p.address.street2}"
    if PO_BOX.search(street.replace(".", " ")) or PO_BOX.search(street):
        yield finding("SETUP-005", f"The billing address {p.address.street1} is a PO Box.",
                      hint="Use the practice's street address; put the PO Box in the pay-to "
                           "address.", location="practice.address.street1", source=SOURCE)


@rule("SETUP-006", SU, Owner.BILLING, W, "Billing taxonomy missing")
def billing_taxonomy(inp: ScrubInput) -> Iterator[Finding]:
    """The billing provider's taxonomy code (PRV) is present; many payers require it."""
    if (p := _practice(inp)) is None:
        return
    message = "missing" if not p.taxonomy else ids.check_taxonomy(p.taxonomy)
    yield from _practice_check("SETUP-006", "taxonomy", message,
                               "Enter the NUCC taxonomy code of the practice (e.g. 207Q00000X).")


@rule("SETUP-007", SU, Owner.BILLING, E, "Payer id missing or invalid", claim_only=True)
def payer_id(inp: ScrubInput) -> Iterator[Finding]:
    """An electronic payer needs the clearinghouse payer id."""
    payer = inp.payer
    if payer is None:
        yield finding("SETUP-007", "The claim's payer is not on file.",
                      hint="Set up the payer, then rebuild the claim.", location="payer",
                      source="Payer setup")
    elif payer.submission == Submission.ELECTRONIC and not PAYER_ID.match(payer.payer_id or ""):
        yield finding("SETUP-007", f"{payer.name} has the payer id {payer.payer_id!r}, which "
                      "cannot be sent electronically.",
                      hint="Enter the payer id from the clearinghouse's payer list.",
                      location="payer.payer_id", source="837P 2010BB")


@rule("SETUP-008", SU, Owner.BILLING, E, "Claim to a self-pay payer", claim_only=True)
def self_pay_claim(inp: ScrubInput) -> Iterator[Finding]:
    """No claim goes to the self-pay pseudo-payer or a payer that takes no claims."""
    payer = inp.payer
    if payer is not None and (payer.is_self_pay or payer.submission == Submission.NONE):
        yield finding("SETUP-008", f"{payer.name} takes no claims (self-pay).",
                      hint="Void the claim and bill the patient with a statement.",
                      location="payer", source="Payer setup")


def _provider_problem(inp: ScrubInput, provider_id: int | None) -> str:
    provider = inp.providers.get(provider_id) if provider_id is not None else None
    if provider is None:
        return f"provider {provider_id} is not on file"
    message = ids.check_npi(provider.npi)
    return f"{provider.display_name}: {message}" if message else ""


@rule("SETUP-009", SU, Owner.BILLING, E, "Rendering provider NPI invalid")
def rendering_npi(inp: ScrubInput) -> Iterator[Finding]:
    """The rendering provider is on file with a valid NPI."""
    problem = _provider_problem(inp, inp.encounter.rendering_provider_id)
    if problem:
        yield finding("SETUP-009", f"Rendering provider: {problem}.",
                      hint="Correct the provider's NPI in Settings (NPPES record).",
                      location="encounter.rendering_provider", source="837P 2310B")


@rule("SETUP-010", SU, Owner.BILLING, E, "Referring provider NPI invalid")
def referring_npi(inp: ScrubInput) -> Iterator[Finding]:
    """A referring provider, when given, is on file with a valid NPI."""
    referring = inp.encounter.referring_provider_id
    if referring is None:
        return
    problem = _provider_problem(inp, referring)
    if problem:
        yield finding("SETUP-010", f"Referring provider: {problem}.",
                      hint="Look the referring provider up on NPPES and correct the NPI.",
                      location="encounter.referring_provider", source="837P 2310A")
