"""Claim-integrity checks: counts, charges, duplicates, frequency, control number, dates."""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.domain.claims import FrequencyCode
from app.domain.encounters import MAX_DIAGNOSES
from app.domain.findings import Finding, Owner, Severity
from app.scrub.context import ScrubInput
from app.scrub.declarations import Family, finding, rule

IN, E = Family.CLAIM_INTEGRITY, Severity.ERROR
SOURCE = "CMS-1500/837P rule"
MAX_LINES = 50
CONTROL = re.compile(r"^[A-Za-z0-9-]{1,20}$")


@rule("INT-001", IN, Owner.CODING, E, "More than 12 diagnoses")
def too_many_diagnoses(inp: ScrubInput) -> Iterator[Finding]:
    """A claim carries at most 12 diagnosis codes."""
    count = len(inp.encounter.diagnoses)
    if count > MAX_DIAGNOSES:
        yield finding("INT-001", f"The visit has {count} diagnoses; a claim takes "
                      f"{MAX_DIAGNOSES}.", hint="Keep the 12 that the lines point to.",
                      location="diagnoses", source=SOURCE)


@rule("INT-002", IN, Owner.BILLING, E, "More than 50 lines")
def too_many_lines(inp: ScrubInput) -> Iterator[Finding]:
    """An 837P claim carries at most 50 service lines."""
    count = len(inp.encounter.lines)
    if count > MAX_LINES:
        yield finding("INT-002", f"The visit has {count} lines; a claim takes {MAX_LINES}.",
                      hint="Split the visit over two claims.", location="lines", source=SOURCE)


@rule("INT-003", IN, Owner.CODING, E, "No service lines")
def no_lines(inp: ScrubInput) -> Iterator[Finding]:
    """A claim needs at least one service line."""
    if not inp.encounter.lines:
        yield finding("INT-003", "The visit has no service lines.",
                      hint="Add the procedures performed with their charges.",
                      location="lines", source=SOURCE)


@rule("INT-004", IN, Owner.BILLING, E, "Line charge missing")
def line_charges(inp: ScrubInput) -> Iterator[Finding]:
    """Every line has a charge, so the claim total equals the sum of the lines."""
    for index, line in enumerate(inp.encounter.lines):
        if line.charge is None:
            yield finding("INT-004", f"Line {index + 1} ({line.code}) has no charge, so the "
                          "claim total cannot match its lines.", hint="Enter the charge.",
                          location=f"lines[{index}].charge", source="837P CLM02 = sum SV102")


@rule("INT-005", IN, Owner.BILLING, E, "Possible duplicate claim")
def duplicate_claim(inp: ScrubInput) -> Iterator[Finding]:
    """Another live claim bills the same patient, date and code."""
    if inp.duplicate_claims:
        others = ", ".join(inp.duplicate_claims)
        yield finding("INT-005", f"Possible duplicate of {others} (same patient, date and code).",
                      hint="Void one claim, or send this one as a replacement (frequency 7) "
                           "of the other.", location="claim",
                      source="Claim history")


@rule("INT-006", IN, Owner.BILLING, E, "Replacement without payer claim number",
      claim_only=True)
def frequency_reference(inp: ScrubInput) -> Iterator[Finding]:
    """A replacement (7) or void (8) names the payer's claim number of the original."""
    claim = inp.claim
    if claim is None or claim.frequency_code == FrequencyCode.ORIGINAL:
        return
    if not claim.payer_claim_number.strip():
        kind = "replacement" if claim.frequency_code == FrequencyCode.REPLACEMENT else "void"
        yield finding("INT-006", f"Claim {claim.control_number} is a {kind} (frequency "
                      f"{claim.frequency_code.value}) without the payer's claim number.",
                      hint="Copy the payer claim control number from the remittance or "
                           "portal.", location="claim.payer_claim_number",
                      source="837P REF*F8")


@rule("INT-007", IN, Owner.BILLING, E, "Control number invalid", claim_only=True)
def control_number(inp: ScrubInput) -> Iterator[Finding]:
    """The claim control number (CLM01) has at most 20 letters, digits or hyphens."""
    claim = inp.claim
    if claim is not None and not CONTROL.match(claim.control_number or ""):
        yield finding("INT-007", f"Claim control number {claim.control_number!r} is longer "
                      "than 20 characters or has characters other than letters, digits and "
                      "hyphens.", hint="Rebuild the claim to get a new control number.",
                      location="claim.control_number", source="837P CLM01")


@rule("INT-008", IN, Owner.BILLING, E, "Date of service in the future")
def future_dos(inp: ScrubInput) -> Iterator[Finding]:
    """A visit is billed only after it happened."""
    dos = inp.encounter.date_of_service
    if dos > inp.today:
        yield finding("INT-008", f"The date of service {dos:%m/%d/%Y} is in the future.",
                      hint="Correct the date, or hold the claim until after the visit.",
                      location="encounter.date_of_service", source=SOURCE)
