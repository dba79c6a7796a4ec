"""Charge-entry checks: amounts, units, NDC details, place of service, service date."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from app.domain.findings import Finding, Owner, Severity
from app.scrub.code_kinds import is_time_code
from app.scrub.context import ScrubInput
from app.scrub.declarations import Family, finding, rule

CH, E, W = Family.CHARGE_ENTRY, Severity.ERROR, Severity.WARNING
SOURCE = "CMS-1500/837P rule"
NDC_UNITS = frozenset({"F2", "GR", "ME", "ML", "UN"})
CENT = Decimal("0.01")


@rule("CHG-001", CH, Owner.CHARGE_ENTRY, E, "Zero or negative charge")
def charge_not_positive(inp: ScrubInput) -> Iterator[Finding]:
    """Every line carries a positive charge (CPT category II tracking codes may be 0.00)."""
    for index, line in enumerate(inp.encounter.lines):
        charge = line.charge
        if charge is None or charge > 0 or charge == 0 and line.code.endswith("F"):
            continue
        yield finding("CHG-001", f"Line {index + 1} ({line.code}) has a charge of {charge}.",
                      hint="Enter the practice's fee for the code (the fee schedule price).",
                      location=f"lines[{index}].charge", source=SOURCE)


@rule("CHG-002", CH, Owner.CHARGE_ENTRY, E, "Charge with more than 2 decimals")
def charge_decimals(inp: ScrubInput) -> Iterator[Finding]:
    """Charges are dollars and cents."""
    for index, line in enumerate(inp.encounter.lines):
        charge = line.charge
        if charge is not None and charge != charge.quantize(CENT):
            yield finding("CHG-002", f"Line {index + 1} ({line.code}) has the charge {charge}, "
                          "with more than two decimals.", hint="Round the charge to cents.",
                          location=f"lines[{index}].charge", source=SOURCE)


@rule("CHG-003", CH, Owner.CHARGE_ENTRY, E, "Units zero or negative")
def units_not_positive(inp: ScrubInput) -> Iterator[Finding]:
    """Every line bills at least some units."""
    for index, line in enumerate(inp.encounter.lines):
        if line.units <= 0:
            yield finding("CHG-003", f"Line {index + 1} ({line.code}) has {line.units} units.",
                          hint="Enter the units documented (1 for most services).",
                          location=f"lines[{index}].units", source=SOURCE)


@rule("CHG-004", CH, Owner.CHARGE_ENTRY, W, "Fractional units")
def fractional_units(inp: ScrubInput) -> Iterator[Finding]:
    """Units are whole numbers except on time-based (anesthesia minute) codes."""
    for index, line in enumerate(inp.encounter.lines):
        if line.units > 0 and line.units != line.units.to_integral_value() \
                and not is_time_code(line.code):
            yield finding(
                "CHG-004", f"Line {index + 1} ({line.code}) has fractional units ({line.units}).",
                hint="Bill whole units; for drugs, round to the HCPCS billing unit.",
                location=f"lines[{index}].units", source=SOURCE)


def _ndc_problem(ndc: str, unit: str, quantity: Decimal | None) -> str:
    if not re.fullmatch(r"\d{11}", ndc):
        return f"the NDC {ndc} is not 11 digits (5-4-2, no hyphens)"
    if unit not in NDC_UNITS:
        return "the NDC unit is missing or not one of UN, ML, GR, F2, ME"
    if quantity is None or quantity <= 0:
        return "the NDC quantity is missing"
    return ""


@rule("CHG-005", CH, Owner.CHARGE_ENTRY, E, "NDC incomplete")
def ndc_format(inp: ScrubInput) -> Iterator[Finding]:
    """An NDC is 11 digits and comes with its unit of measure and quantity."""
    for index, line in enumerate(inp.encounter.lines):
        if not line.ndc:
            continue
        problem = _ndc_problem(line.ndc, line.ndc_unit, line.ndc_quantity)
        if problem:
            yield finding("CHG-005", f"Line {index + 1} ({line.code}): {problem}.",
                          hint="Copy the 11-digit NDC from the package (pad the short segment "
                               "with a leading zero) and enter its unit and quantity.",
                          location=f"lines[{index}].ndc", source="837P 2410 LIN/CTP")


@rule("CHG-006", CH, Owner.CHARGE_ENTRY, E, "Invalid place of service")
def place_of_service(inp: ScrubInput) -> Iterator[Finding]:
    """The visit's and each line's place of service are CMS POS codes."""
    valid = inp.places_of_service
    pos = inp.encounter.place_of_service
    if pos not in valid:
        yield finding("CHG-006", f"The visit's place of service {pos or '(blank)'} is not a CMS "
                      "place-of-service code.", hint="Choose the place of service (11 = office).",
                      location="encounter.place_of_service", source="CMS POS code set")
    for index, line in enumerate(inp.encounter.lines):
        if line.place_of_service and line.place_of_service not in valid:
            yield finding("CHG-006", f"Line {index + 1} ({line.code}) has the place of service "
                          f"{line.place_of_service}, not a CMS code.",
                          hint="Clear it to use the visit's place of service, or correct it.",
                          location=f"lines[{index}].place_of_service", source="CMS POS code set")


@rule("CHG-007", CH, Owner.CHARGE_ENTRY, E, "Service date before birth")
def dos_before_birth(inp: ScrubInput) -> Iterator[Finding]:
    """The date of service cannot precede the patient's date of birth."""
    dos, born = inp.encounter.date_of_service, inp.patient.birth_date
    if dos < born:
        yield finding("CHG-007", f"The date of service {dos:%m/%d/%Y} is before the patient's "
                      f"birth date {born:%m/%d/%Y}.",
                      hint="Correct the date of service or the birth date.",
                      location="encounter.date_of_service", source=SOURCE)
