"""Code lists for reading 835 remittances, in ClaimDesk's own words.

CLP02 claim statuses, CAS groups, PLB reasons, and short explanations of the most common claim
adjustment reason codes (CARC) and remittance advice remark codes (RARC). The wording is ours: the
official code texts belong to X12 and WPC. Each CARC also names the step of the practice's
workflow that usually has to act on it (``Owner``); that map is data in
``resources/carc_owner_map.csv`` (``code,owner,explanation``) so it can be tuned without code.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from app.paths import RESOURCES

CARC_OWNER_CSV = RESOURCES / "carc_owner_map.csv"


class Owner(StrEnum):
    """The workflow step that usually failed when a payer uses an adjustment reason."""

    CODING = "coding"
    CHARGE_ENTRY = "charge_entry"
    ELIGIBILITY = "front_desk_eligibility"
    AUTHORIZATION = "front_desk_authorization"
    BILLING_SETUP = "billing_setup"
    PAYER = "payer"
    PATIENT = "patient"


OWNER_LABELS: dict[Owner, str] = {
    Owner.CODING: "Coding",
    Owner.CHARGE_ENTRY: "Charge entry",
    Owner.ELIGIBILITY: "Front desk: eligibility",
    Owner.AUTHORIZATION: "Front desk: authorization",
    Owner.BILLING_SETUP: "Billing setup",
    Owner.PAYER: "Payer (contract or policy)",
    Owner.PATIENT: "Patient",
}

CLAIM_STATUS_LABELS: dict[str, str] = {
    "1": "Processed as primary",
    "2": "Processed as secondary",
    "3": "Processed as tertiary",
    "4": "Denied",
    "19": "Processed as primary, forwarded to the next payer",
    "20": "Processed as secondary, forwarded to the next payer",
    "21": "Processed as tertiary, forwarded to the next payer",
    "22": "Reversal of an earlier payment",
    "23": "Not our claim, forwarded to another payer",
    "25": "Predetermination pricing only, no payment",
}

GROUP_LABELS: dict[str, str] = {
    "CO": "Contractual obligation (write off, do not bill the patient)",
    "PR": "Patient responsibility",
    "OA": "Other adjustment",
    "PI": "Payer-initiated reduction (write off, review for appeal)",
    "CR": "Correction or reversal (not used in 5010 835s)",
}

PLB_REASON_LABELS: dict[str, str] = {
    "WO": "Overpayment recovery",
    "FB": "Forwarding balance",
    "L6": "Interest owed",
    "72": "Authorized return (refund received)",
    "CS": "Adjustment",
    "IR": "Internal Revenue Service withholding",
    "LE": "Levy",
    "GO": "Garnishment",
    "J1": "Non-reimbursable",
    "50": "Late filing penalty",
    "51": "Interest penalty charge",
    "90": "Early payment allowance",
    "AH": "Origination fee",
    "AM": "Applied to borrower's account",
    "AP": "Acceleration of benefits",
    "B2": "Rebate",
    "B3": "Recovery allowance",
    "BD": "Bad debt adjustment",
    "BN": "Bonus",
    "C5": "Temporary allowance",
    "CR": "Capitation interest",
    "CT": "Capitation payment",
    "CV": "Capital passthru",
    "CW": "Certified registered nurse anesthetist passthru",
    "DM": "Direct medical education passthru",
    "E3": "Withholding",
    "FC": "Fund allocation",
    "HM": "Hemophilia clotting factor supplement",
    "IP": "Incentive premium payment",
    "IS": "Interim settlement",
    "L3": "Penalty",
    "LS": "Lump sum",
    "OA": "Organ acquisition passthru",
    "OB": "Offset for affiliated providers",
    "PI": "Periodic interim payment",
    "PL": "Payment final",
    "RA": "Retro-activity adjustment",
    "RE": "Return on equity",
    "SL": "Student loan repayment",
    "TL": "Third party liability",
    "WU": "Unspecified recovery",
}

RARC_EXPLANATIONS: dict[str, str] = {
    "M15": "Billed separately but paid as one bundled procedure.",
    "M20": "The HCPCS code is missing or invalid.",
    "M51": "A procedure code is missing or invalid.",
    "M62": "The authorization number is missing or invalid.",
    "M76": "A diagnosis is missing or invalid.",
    "M77": "The place of service is missing or invalid.",
    "M80": "Not paid when done in the same session as a service already processed.",
    "M86": "A same or similar service was already paid within the payer's time window.",
    "M119": "The NDC is missing, invalid or no longer active.",
    "M127": "The payer needs the patient's medical record for this service.",
    "MA01": "You may appeal if you disagree; follow the payer's appeal steps.",
    "MA04": "The secondary payer needs the primary payer's payment details.",
    "MA07": "The claim was also sent on to Medicaid.",
    "MA18": "The claim was also sent on to the patient's supplemental insurer.",
    "MA120": "The CLIA certificate number is missing or invalid.",
    "MA130": "The claim could not be processed as sent; fix it and send a new claim.",
    "N4": "The prior payer's explanation of benefits is missing or invalid.",
    "N20": "Not paid together with another service on the same date.",
    "N30": "The patient is not eligible for this service.",
    "N54": "The claim does not match the services that were authorized.",
    "N56": "The procedure code does not fit the services or the date billed.",
    "N115": "Decided under a local coverage determination (LCD).",
    "N130": "See the plan's benefit documents for limits on this service.",
    "N179": "The payer has asked the member for more information.",
    "N211": "This decision cannot be appealed.",
    "N286": "The referring provider's identifier is missing or invalid.",
    "N290": "The rendering provider's identifier is missing or invalid.",
    "N362": "More days or units than the payer allows.",
    "N381": "See your contract with the payer for its billing and payment rules.",
    "N386": "Decided under a national coverage determination (NCD).",
    "N522": "Duplicate of a claim already handled as a crossover.",
    "N657": "Bill these services with the code meant for them.",
}


@dataclass(frozen=True)
class CarcInfo:
    """What ClaimDesk knows about one claim adjustment reason code.

    Attributes:
        code: the CARC, e.g. ``45`` or ``B7``.
        owner: the workflow step that usually has to act.
        explanation: our one-line explanation.
    """

    code: str
    owner: Owner
    explanation: str


def load_carc_map(path: Path = CARC_OWNER_CSV) -> dict[str, CarcInfo]:
    """Read a CARC owner map (``code,owner,explanation``).

    Args:
        path: the CSV file; defaults to ``resources/carc_owner_map.csv``.

    Raises:
        ValueError: a row names an unknown owner.
    """
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    table: dict[str, CarcInfo] = {}
    for row in rows:
        code = row["code"].strip()
        table[code] = CarcInfo(code, Owner(row["owner"].strip()), row["explanation"].strip())
    return table


@functools.cache
def carc_map() -> dict[str, CarcInfo]:
    """The shipped CARC owner map, loaded once."""
    return load_carc_map()


def carc_explanation(code: str) -> str:
    """Our explanation of a CARC, or a neutral sentence for codes we do not describe."""
    info = carc_map().get(code)
    return info.explanation if info else f"Adjustment reason {code}: see the payer's code list."


def carc_owner(code: str) -> Owner | None:
    """The workflow step that usually has to act on a CARC, or None when unknown."""
    info = carc_map().get(code)
    return info.owner if info else None


def rarc_explanation(code: str) -> str:
    """Our explanation of a RARC, or a neutral sentence for codes we do not describe."""
    return RARC_EXPLANATIONS.get(code, f"Remark {code}: see the payer's remark code list.")


def claim_status_label(code: str) -> str:
    """Label of a CLP02 claim status code (``Unknown status <code>`` when not in the list)."""
    return CLAIM_STATUS_LABELS.get(code, f"Unknown status {code}")


def group_label(code: str) -> str:
    """Label of a CAS01 adjustment group code."""
    return GROUP_LABELS.get(code, f"Unknown group {code}")


def plb_reason_label(code: str) -> str:
    """Label of a PLB03-1 provider adjustment reason code."""
    return PLB_REASON_LABELS.get(code, f"Provider adjustment {code}")


def describe_adjustment(group: str, reason: str) -> str:
    """One line for a CAS triplet, e.g. ``CO-45: Charge above the contracted ...``."""
    return f"{group}-{reason}: {carc_explanation(reason)}"
