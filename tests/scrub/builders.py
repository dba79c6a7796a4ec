"""Builders for ``ScrubInput``: a clean, fully populated claim and ways to break it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from app.domain.claims import Claim
from app.domain.encounters import Encounter, ServiceLine
from app.domain.findings import Finding
from app.domain.identifiers import make_npi
from app.domain.patients import EligibilityCheck, EligibilityStatus, Patient, Policy, PriorAuth
from app.domain.practice import Address, Payer, Practice, Provider, ProviderRole
from app.scrub.context import ScrubInput
from app.scrub.registry import get_rule
from tests.scrub.fakes import FakeFacts

DOS = date(2026, 10, 5)
TODAY = date(2026, 10, 20)
RENDERING_ID, REFERRING_ID, PAYER_ID, POLICY_ID, AUTH_ID = 1, 2, 10, 20, 30
FEE_CODES = frozenset({"99213", "99214", "99396", "20610", "97110", "97140", "97530",
                       "96372", "90471", "90686", "36415", "11042", "97597"})
ADDRESS = Address(street1="7 Elm St", city="Springfield", state="IL", zip="62702")


def line(code: str = "99213", **changes: Any) -> ServiceLine:
    """A valid service line (pointer A, one unit, a fee-schedule charge)."""
    data: dict[str, Any] = {"code": code, "charge": Decimal("120.00"), "pointers": (1,),
                            **changes}
    return ServiceLine(**data)


def patient(**changes: Any) -> Patient:
    """An adult male patient."""
    data: dict[str, Any] = {"id": 1, "account_number": "T0001", "last_name": "Smith",
                            "first_name": "Robert", "birth_date": date(1980, 5, 1), "sex": "M",
                            "address": ADDRESS, **changes}
    return Patient(**data)


def encounter(**changes: Any) -> Encounter:
    """A coded office visit: hypertension, 99213."""
    data: dict[str, Any] = {"id": 100, "patient_id": 1, "date_of_service": DOS,
                            "place_of_service": "11", "rendering_provider_id": RENDERING_ID,
                            "documentation": "Follow-up of blood pressure.",
                            "diagnoses": ("I10",), "lines": (line(),), **changes}
    return Encounter(**data)


def provider(pid: int = RENDERING_ID, **changes: Any) -> Provider:
    """A provider with a valid NPI."""
    data: dict[str, Any] = {"id": pid, "last_name": "Jones", "first_name": "Sarah",
                            "credential": "MD", "npi": make_npi("198765432"),
                            "taxonomy": "208D00000X", **changes}
    return Provider(**data)


def practice(**changes: Any) -> Practice:
    """A valid billing provider."""
    data: dict[str, Any] = {
        "id": 1, "legal_name": "Test Family Practice", "npi": "1234567893", "ein": "37-1234567",
        "taxonomy": "207Q00000X", "phone": "2175550100",
        "address": Address(street1="100 Main St", city="Springfield", state="IL",
                           zip="627011234"), **changes}
    return Practice(**data)


def payer(**changes: Any) -> Payer:
    """An electronic commercial payer with a one-year filing limit."""
    data: dict[str, Any] = {"id": PAYER_ID, "name": "Acme Health Plan", "payer_id": "ACME1",
                            "filing_indicator": "CI", "timely_filing_days": 365, **changes}
    return Payer(**data)


def policy(**changes: Any) -> Policy:
    """The patient's own primary policy."""
    data: dict[str, Any] = {"id": POLICY_ID, "patient_id": 1, "payer_id": PAYER_ID,
                            "member_id": "ACM100200300", "effective_date": date(2024, 1, 1),
                            **changes}
    return Policy(**data)


def claim(**changes: Any) -> Claim:
    """An original draft claim."""
    data: dict[str, Any] = {"id": 500, "encounter_id": 100, "policy_id": POLICY_ID,
                            "payer_id": PAYER_ID, "control_number": "C0000500",
                            "created_on": TODAY, **changes}
    return Claim(**data)


def eligibility(days_before: int = 5, status: str = "active", **changes: Any) -> EligibilityCheck:
    """An eligibility check of the policy ``days_before`` the visit."""
    return EligibilityCheck(policy_id=POLICY_ID, checked_on=DOS - timedelta(days=days_before),
                            status=EligibilityStatus(status), **changes)


def auth(**changes: Any) -> PriorAuth:
    """A prior authorization for physical therapy codes covering the visit."""
    data: dict[str, Any] = {"id": AUTH_ID, "patient_id": 1, "payer_id": PAYER_ID,
                            "number": "PA-778", "codes": ("97110", "97140"),
                            "visits_allowed": 12, "visits_used": 3,
                            "start_date": date(2026, 9, 1), "end_date": date(2026, 12, 31),
                            **changes}
    return PriorAuth(**data)


def coding_input(**changes: Any) -> ScrubInput:
    """What the coding panel checks: encounter, patient, code facts, fee schedule."""
    data: dict[str, Any] = {"encounter": encounter(), "patient": patient(), "facts": FakeFacts(),
                            "today": TODAY, "fee_codes": FEE_CODES,
                            "providers": {RENDERING_ID: provider(),
                                          REFERRING_ID: provider(REFERRING_ID,
                                                                 role=ProviderRole.REFERRING)},
                            "practice": practice(), **changes}
    return ScrubInput(**data)


def claim_input(**changes: Any) -> ScrubInput:
    """A clean, fully populated claim scrub input (no rule should find anything)."""
    pol = policy()
    base = coding_input(claim=claim(), policy=pol, payer=payer(), policies=(pol,),
                        eligibility=(eligibility(),), prior_auths=())
    return replace(base, **changes)


def with_encounter(inp: ScrubInput, **changes: Any) -> ScrubInput:
    """``inp`` with encounter fields changed (unvalidated, so broken states are possible)."""
    return replace(inp, encounter=inp.encounter.model_copy(update=changes))


def with_lines(inp: ScrubInput, *lines: ServiceLine) -> ScrubInput:
    """``inp`` with the encounter's lines replaced."""
    return with_encounter(inp, lines=tuple(lines))


def broken_line(base: ServiceLine | None = None, **changes: Any) -> ServiceLine:
    """A line with fields set past validation (negative charge, 5 modifiers...)."""
    return (base or line()).model_copy(update=changes)


def check(rule_id: str, inp: ScrubInput) -> list[Finding]:
    """The findings of one rule (run directly, so exceptions surface in tests)."""
    return list(get_rule(rule_id).check(inp))
