"""Findings of the coding checks and the claim scrubber (one rule engine for both)."""

from __future__ import annotations

from enum import StrEnum

from app.domain.base import Record


class Severity(StrEnum):
    """How much a finding matters."""

    ERROR = "error"  # blocks mark-coded / ready
    WARNING = "warning"  # may be overridden with an audited reason
    HINT = "hint"  # advice only (e.g. a more specific code exists)


class Owner(StrEnum):
    """The person and step that can fix the cause."""

    CODING = "coding"
    CHARGE_ENTRY = "charge_entry"
    FRONT_DESK = "front_desk"
    BILLING = "billing"
    PAYER = "payer"
    PATIENT = "patient"


class Finding(Record):
    """One problem a rule found.

    Attributes:
        rule_id: stable rule identifier (``CODE-007``).
        severity: error / warning / hint.
        owner: who fixes it.
        message: plain sentence naming the problem.
        hint: what to do about it.
        location: where: ``claim``, ``diagnoses[2]``, ``lines[1].modifiers``, ``policy``,
            ``practice.npi``...
        source: the reference behind the rule (``ICD-10-CM FY2026``, ``NCCI v32.2``...).
    """

    rule_id: str
    severity: Severity
    owner: Owner
    message: str
    hint: str = ""
    location: str = "claim"
    source: str = ""

    @property
    def blocking(self) -> bool:
        """Errors block; warnings and hints do not."""
        return self.severity == Severity.ERROR
