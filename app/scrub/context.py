"""What a rule sees: the encounter (and claim), the people and payers, and code-set facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from app.domain.claims import Claim
from app.domain.codes import CodeDetail, MueLimit, PtpEdit, Validity
from app.domain.encounters import Encounter
from app.domain.patients import EligibilityCheck, Patient, Policy, PriorAuth
from app.domain.practice import Payer, Practice, Provider
from app.scrub.code_kinds import CMS_PLACES_OF_SERVICE


class CodeFacts(Protocol):
    """Code-set look-ups a rule may ask for (implemented by the services layer)."""

    def icd(self, code: str) -> CodeDetail | None:
        """ICD-10-CM detail (notes, excludes, 7th characters), or None when unknown."""

    def hcpcs(self, code: str) -> CodeDetail | None:
        """HCPCS Level II detail, or None when unknown."""

    def validity(self, code: str, dos: date) -> Validity:
        """Whether an ICD-10-CM or HCPCS code may be reported on ``dos``."""

    def ptp(self, code_a: str, code_b: str, dos: date) -> PtpEdit | None:
        """The NCCI PTP edit in force for the pair (either order), if any."""

    def mue(self, code: str, dos: date) -> MueLimit | None:
        """The MUE in force for a code, if any."""

    def bypass_modifiers(self) -> frozenset[str]:
        """NCCI-associated modifiers."""

    def known_modifiers(self) -> frozenset[str]:
        """Every modifier in the curated list."""

    def icd_release(self) -> str:
        """Name of the ICD-10-CM release in use (``ICD-10-CM FY2026``)."""


@dataclass(frozen=True)
class SameDayLine:
    """A service line of another encounter of the same patient on the same date."""

    encounter_id: int
    code: str
    modifiers: tuple[str, ...]
    rendering_provider_id: int


@dataclass(frozen=True)
class ScrubInput:
    """Everything the rules look at.

    Coding checks fill only the first block; the claim scrubber fills the rest too.
    """

    encounter: Encounter
    patient: Patient
    facts: CodeFacts
    today: date
    fee_codes: frozenset[str] = frozenset()
    same_day: tuple[SameDayLine, ...] = ()
    providers: dict[int, Provider] = field(default_factory=dict)
    # claim scrubbing only:
    claim: Claim | None = None
    policy: Policy | None = None
    payer: Payer | None = None
    practice: Practice | None = None
    policies: tuple[Policy, ...] = ()
    eligibility: tuple[EligibilityCheck, ...] = ()
    prior_auths: tuple[PriorAuth, ...] = ()
    duplicate_claims: tuple[str, ...] = ()  # other live claims: same patient, date and code
    first_submitted_on: date | None = None  # for timely filing of resubmissions
    places_of_service: frozenset[str] = CMS_PLACES_OF_SERVICE  # valid POS codes
