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
    ended: bool = False  # withdraws the code from the schedule from ``effective_date`` on


class ContractRate(Record):
    """A payer's contracted allowed amount for a code."""

    payer_id: int
    code: str = Field(pattern=r"^[A-Z0-9]{5}$")
    modifier: str = Field(default="", pattern=r"^([A-Z0-9]{2})?$")
    allowed: Decimal = Field(ge=0)
    effective_date: date
    ended: bool = False  # the contract rate no longer applies from ``effective_date`` on


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
        need(f"encounters.{i}.supervising_provider_id", e.supervising_provider_id, providers,
             "provider")
        for j, line in enumerate(e.lines):
            for attr in ("rendering_provider_id", "ordering_provider_id"):
                need(f"encounters.{i}.lines.{j}.{attr}", getattr(line, attr), providers,
                     "provider")
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


#: The largest amount (and unit count) a document may carry; its cents fit any column.
MAX_AMOUNT = Decimal("9999999999.99")
#: Integers are stored in SQLite's signed 64-bit INTEGER.
MAX_INTEGER = 2**63 - 1
#: Decimal places a field may carry (quantities in thousandths, money in cents).
_PLACES = {"units": 3, "ndc_quantity": 3}

#: Collections whose records are stored in one table each: (JSON path pattern, items).
IdCollection = tuple[str, list[tuple[str, int | None]]]


def json_path(parts: tuple[Any, ...]) -> str:
    """A JSON path such as ``$.patients[3].patient.birth_date`` from path parts.

    Args:
        parts: keys (``str``) and list positions (``int``).

    Returns:
        The path text.
    """
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


def _number_problem(name: str, value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return None if -MAX_INTEGER - 1 <= value <= MAX_INTEGER else "is too large a number."
    if isinstance(value, Decimal):
        if not value.is_finite():
            return "is not a finite number."
        if abs(value) > MAX_AMOUNT:
            return f"is larger than {MAX_AMOUNT:,}."
        places = _PLACES.get(name, 2)
        if int(value.as_tuple().exponent) < -places and value != value.quantize(
                Decimal(1).scaleb(-places)):
            return f"has more than {places} decimal places."
    return None


def _walk(value: object, parts: tuple[Any, ...], out: list[tuple[str, str]]) -> None:
    if isinstance(value, Record):
        for name in type(value).model_fields:
            _walk(getattr(value, name), (*parts, name), out)
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            _walk(item, (*parts, i), out)
    elif not isinstance(value, dict):  # workflow rows are checked against their table
        name = next((p for p in reversed(parts) if isinstance(p, str)), "")
        problem = _number_problem(name, value)
        if problem:
            out.append((json_path(parts), problem))


def _id_collections(doc: PracticeDocument) -> list[IdCollection]:
    pats = list(enumerate(doc.patients))
    return [
        ("providers[{}].id", [(f"{i}", p.id) for i, p in enumerate(doc.providers)]),
        ("payers[{}].id", [(f"{i}", p.id) for i, p in enumerate(doc.payers)]),
        ("patients[{}].patient.id", [(f"{i}", f.patient.id) for i, f in pats]),
        ("patients[{}].policies[{}].id",
         [(f"{i}.{j}", p.id) for i, f in pats for j, p in enumerate(f.policies)]),
        ("patients[{}].eligibility_checks[{}].id",
         [(f"{i}.{j}", e.id) for i, f in pats for j, e in enumerate(f.eligibility_checks)]),
        ("patients[{}].prior_auths[{}].id",
         [(f"{i}.{j}", a.id) for i, f in pats for j, a in enumerate(f.prior_auths)]),
        ("encounters[{}].id", [(f"{i}", e.id) for i, e in enumerate(doc.encounters)]),
        ("encounters[{}].lines[{}].id", [(f"{i}.{j}", x.id) for i, e in enumerate(doc.encounters)
                                         for j, x in enumerate(e.lines)]),
        ("claims[{}].id", [(f"{i}", c.id) for i, c in enumerate(doc.claims)]),
        ("ledger[{}].id", [(f"{i}", e.id) for i, e in enumerate(doc.ledger)]),
    ]


def duplicate_id_problems(doc: PracticeDocument) -> list[tuple[str, str]]:
    """Every record id used twice within one kind of record, as ``(JSON path, message)``.

    Args:
        doc: a validated document.

    Returns:
        One entry per repeated id (the later occurrence, naming the first).
    """
    out: list[tuple[str, str]] = []
    for pattern, items in _id_collections(doc):
        first: dict[int, str] = {}
        for position, record_id in items:
            if record_id is None:
                continue
            path = "$." + pattern.format(*position.split("."))
            if record_id in first:
                out.append((path, f"id {record_id} is also used at {first[record_id]}."))
            else:
                first[record_id] = path
    return out


def value_problems(doc: PracticeDocument) -> list[tuple[str, str]]:
    """Numbers the store cannot hold (huge, not finite, too many decimals) and repeated ids.

    Args:
        doc: a validated document.

    Returns:
        ``(JSON path, message)`` for every problem, in document order.
    """
    out: list[tuple[str, str]] = []
    _walk(doc, (), out)
    return out + duplicate_id_problems(doc)
