"""The whole practice as one JSON document (``export-json`` / ``import-json`` / demo data).

Format ``claimdesk.practice`` version 1. Every record keeps its database id so references
(``patient_id``, ``payer_id``, ``claim_id``...) resolve inside the document. Money is written as
decimal strings (``"123.45"``), dates as ISO ``YYYY-MM-DD``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, model_validator

from app.domain.base import Record
from app.domain.claims import Claim, StatusChange
from app.domain.encounters import Encounter
from app.domain.ledger import LedgerEntry
from app.domain.patients import EligibilityCheck, Patient, Policy, PriorAuth
from app.domain.practice import Clearinghouse, Payer, Practice, Provider
from app.domain.sent_claim import SentClaim

FORMAT: Literal["claimdesk.practice"] = "claimdesk.practice"
FORMAT_VERSION: Literal[1] = 1


class FeeScheduleEntry(Record):
    """A charge-master row: the practice's own label and charge for a code."""

    code: str = Field(pattern=r"^[A-Z0-9]{5}$")
    modifier: str = Field(default="", pattern=r"^([A-Z0-9]{2})?$")
    label: str = Field(min_length=1, max_length=100)
    charge: Decimal = Field(ge=0)
    effective_date: date


class ContractRate(Record):
    """A payer's contracted allowed amount for a code."""

    payer_id: int
    code: str = Field(pattern=r"^[A-Z0-9]{5}$")
    modifier: str = Field(default="", pattern=r"^([A-Z0-9]{2})?$")
    allowed: Decimal = Field(ge=0)
    effective_date: date


class PatientFile(Record):
    """A patient with everything that hangs from them."""

    patient: Patient
    policies: tuple[Policy, ...] = ()
    eligibility_checks: tuple[EligibilityCheck, ...] = ()
    prior_auths: tuple[PriorAuth, ...] = ()


class TableRows(Record):
    """Rows of a workflow table kept verbatim (remittances, denials, queries, findings...).

    Column values are JSON scalars: money as decimal strings, dates and times as ISO text.
    """

    table: str
    rows: tuple[dict[str, Any], ...] = ()


class PracticeDocument(Record):
    """Everything in one practice database."""

    format: Literal["claimdesk.practice"] = FORMAT
    format_version: Literal[1] = FORMAT_VERSION
    practice: Practice
    clearinghouse: Clearinghouse | None = None
    providers: tuple[Provider, ...] = ()
    payers: tuple[Payer, ...] = ()
    patients: tuple[PatientFile, ...] = ()
    encounters: tuple[Encounter, ...] = ()
    claims: tuple[Claim, ...] = ()
    claim_history: tuple[StatusChange, ...] = ()
    ledger: tuple[LedgerEntry, ...] = ()
    fee_schedule: tuple[FeeScheduleEntry, ...] = ()
    contracts: tuple[ContractRate, ...] = ()
    workflow: tuple[TableRows, ...] = ()
    sent_claims: tuple[SentClaim, ...] = ()  # what each claim carried when it was sent

    @model_validator(mode="after")
    def _references(self) -> PracticeDocument:
        problems = reference_problems(self)
        if problems:
            raise ValueError("; ".join(problems[:20]))
        return self


def _ids(items: tuple[Record, ...], attr: str = "id") -> set[int]:
    return {getattr(item, attr) for item in items if getattr(item, attr) is not None}


def reference_problems(doc: PracticeDocument) -> list[str]:
    """Every dangling reference in the document, as ``path: message`` strings."""
    problems: list[str] = []
    payers = _ids(doc.payers)
    providers = _ids(doc.providers)
    patients = {f.patient.id for f in doc.patients}
    policies = {p.id for f in doc.patients for p in f.policies}
    auths = {a.id for f in doc.patients for a in f.prior_auths}
    encounters = _ids(doc.encounters)
    claims = _ids(doc.claims)

    def need(path: str, value: int | None, known: set[int] | set[int | None], what: str) -> None:
        if value is not None and value not in known:
            problems.append(f"{path}: unknown {what} {value}")

    for i, f in enumerate(doc.patients):
        for j, p in enumerate(f.policies):
            need(f"patients.{i}.policies.{j}.payer_id", p.payer_id, payers, "payer")
        for j, check in enumerate(f.eligibility_checks):
            need(f"patients.{i}.eligibility_checks.{j}.policy_id", check.policy_id, policies,
                 "policy")
        for j, a in enumerate(f.prior_auths):
            need(f"patients.{i}.prior_auths.{j}.payer_id", a.payer_id, payers, "payer")
    for i, e in enumerate(doc.encounters):
        need(f"encounters.{i}.patient_id", e.patient_id, patients, "patient")
        need(f"encounters.{i}.rendering_provider_id", e.rendering_provider_id, providers,
             "provider")
        need(f"encounters.{i}.referring_provider_id", e.referring_provider_id, providers,
             "provider")
        need(f"encounters.{i}.prior_auth_id", e.prior_auth_id, auths, "prior authorization")
    for i, c in enumerate(doc.claims):
        need(f"claims.{i}.encounter_id", c.encounter_id, encounters, "encounter")
        need(f"claims.{i}.policy_id", c.policy_id, policies, "policy")
        need(f"claims.{i}.payer_id", c.payer_id, payers, "payer")
    for i, change in enumerate(doc.claim_history):
        need(f"claim_history.{i}.claim_id", change.claim_id, claims, "claim")
    for i, entry in enumerate(doc.ledger):
        need(f"ledger.{i}.patient_id", entry.patient_id, patients, "patient")
        need(f"ledger.{i}.claim_id", entry.claim_id, claims, "claim")
        need(f"ledger.{i}.encounter_id", entry.encounter_id, encounters, "encounter")
    for i, sent in enumerate(doc.sent_claims):
        need(f"sent_claims.{i}.claim_id", sent.claim_id, claims, "claim")
    for i, rate in enumerate(doc.contracts):
        need(f"contracts.{i}.payer_id", rate.payer_id, payers, "payer")
    return problems
