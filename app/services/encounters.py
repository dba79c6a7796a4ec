"""The coding workflow: open a visit, check codes live, query the provider, mark coded."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.domain.base import build
from app.domain.changes import Changes
from app.domain.encounters import CodingStatus, Encounter, ProviderQuery
from app.domain.errors import Problem, UserError, ValidationFailed
from app.domain.findings import Finding, Owner, Severity
from app.scrub.context import CodeFacts
from app.scrub.registry import run_rules
from app.scrub.rules import all_rules
from app.services.code_facts import IndexFacts
from app.services.scrub_inputs import coding_input, fee_codes
from app.store import coding_repo
from app.store.claims.bundles import Loader, claims_for_encounter, get_encounter
from app.store.database import Database, UnitOfWork

__all__ = ["ProviderQuery"]  # the UI names it through this module

CODING = Changes(encounters=True)
_ = all_rules  # importing app.scrub.rules fills the registry


class CodingBlocked(ValidationFailed):
    """The visit still has coding errors or unaccepted warnings; it was not marked coded."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        summary = f"{len(findings)} coding finding(s) must be fixed or accepted first"
        super().__init__([Problem(f.location, f.rule_id, f.message) for f in findings],
                         f"{summary}: {findings[0].message}" if findings else f"{summary}.")


def missing_parts(diagnoses: int, lines: int) -> str:
    """What a visit lacks before it can be coded, in words ('' when nothing is missing).

    Args:
        diagnoses: how many diagnoses the visit has.
        lines: how many service lines (procedure codes) it has.
    """
    if not diagnoses and not lines:
        return "The visit has no diagnoses and no service lines: add the ICD-10 diagnoses " \
               "and at least one service line (CPT/HCPCS procedure code)."
    if not lines:
        return "The visit has no service lines: add at least one procedure code " \
               "(CPT/HCPCS) under Lines."
    if not diagnoses:
        return "The visit has no diagnoses: add at least one ICD-10 diagnosis."
    return ""


_facts_cache: dict[str, IndexFacts] = {}


def default_facts() -> CodeFacts:
    """Code facts from the default code-set database (one instance per process)."""
    if "default" not in _facts_cache:
        _facts_cache["default"] = IndexFacts()
    return _facts_cache["default"]


def _release_hint(facts: CodeFacts, enc: Encounter) -> list[Finding]:
    outside = getattr(facts, "outside_release", None)
    if outside is None or not enc.diagnoses or not outside(enc.date_of_service):
        return []
    return [Finding(rule_id="CODE-REL", severity=Severity.HINT, owner=Owner.CODING,
                    message=f"The date of service is outside {facts.icd_release()}; codes were "
                    "checked against that release.",
                    hint="Install the ICD-10-CM update for this fiscal year when available.",
                    location="diagnoses", source=facts.icd_release())]


def check(db: Database, encounter: Encounter | dict[str, Any], *,
          facts: CodeFacts | None = None, today: date | None = None) -> list[Finding]:
    """The live coding findings for a (possibly unsaved) encounter."""
    enc = encounter if isinstance(encounter, Encounter) else build(Encounter, encounter)
    facts = facts or default_facts()
    with db.reading() as session:
        loader = Loader(session)
        bundle = loader.encounter_bundle(enc.id) if enc.id else None
        if bundle is None:
            raise UserError("Save the visit before checking it.")
        inp = coding_input(session, bundle, facts, encounter=enc, today=today,
                           codes_on_schedule=fee_codes(session, enc.date_of_service))
    return run_rules(inp, coding_only=True) + _release_hint(facts, enc)


def check_saved(db: Database, encounter_id: int, *, facts: CodeFacts | None = None,
                today: date | None = None) -> list[Finding]:
    """The coding findings of a stored encounter (CLI ``encounters check``)."""
    return check(db, get(db, encounter_id), facts=facts, today=today)


def get(db: Database, encounter_id: int) -> Encounter:
    """One encounter with its codes."""
    with db.reading() as session:
        return get_encounter(session, encounter_id)


def _editable(session: Any, enc: Encounter) -> None:
    live = [c for c in claims_for_encounter(session, enc.id or 0)
            if c.status not in ("void", "draft", "on_hold", "rejected", "denied")]
    if live and enc.coding_status != CodingStatus.CORRECTION:
        raise UserError("This visit is on a claim that left the practice; it cannot be recoded.",
                        hint="Send it back for coding correction from the denial first.")


def save(db: Database, data: dict[str, Any]) -> tuple[Encounter, Changes]:
    """Save the coder's work on a visit (diagnoses, lines, header fields)."""
    enc = build(Encounter, data, "Encounter")
    with UnitOfWork(db) as uow:
        if enc.id:
            _editable(uow.session, enc)
        saved = coding_repo.save_encounter(uow.session, enc)
        uow.commit()
    return saved, CODING


def _set_status(uow: UnitOfWork, encounter_id: int, version: int | None,
                status: CodingStatus, note: str | None = None) -> Encounter:
    enc = get_encounter(uow.session, encounter_id)
    update: dict[str, Any] = {"coding_status": status, "version": version or enc.version}
    if note is not None:
        update["coding_note"] = note
    return coding_repo.save_encounter(uow.session, enc.model_copy(update=update))


def ask_provider(db: Database, encounter_id: int, question: str, choices: list[str],
                 version: int | None = None) -> tuple[int, Changes]:
    """Write a provider query; the visit leaves the ready queue until it is answered."""
    if not question.strip():
        raise ValidationFailed([Problem("Provider query", "question", "Write the question.")])
    with UnitOfWork(db) as uow:
        enc = get_encounter(uow.session, encounter_id)
        query_id = coding_repo.add_query(uow.session, encounter_id, enc.rendering_provider_id,
                                         question.strip(), [c for c in choices if c.strip()])
        _set_status(uow, encounter_id, version, CodingStatus.QUERY,
                    f"Query to provider: {question.strip()}")
        uow.commit()
    return query_id, CODING


def answer_query(db: Database, query_id: int, answer: str) -> tuple[int, Changes]:
    """Record the provider's answer; the visit returns to the coding queue."""
    if not answer.strip():
        raise ValidationFailed([Problem("Provider query", "answer", "Record the answer.")])
    with UnitOfWork(db) as uow:
        encounter_id = coding_repo.answer_query(uow.session, query_id, answer.strip())
        open_left = coding_repo.queries(uow.session, encounter_id, open_only=True)
        if not open_left:
            _set_status(uow, encounter_id, None, CodingStatus.UNCODED,
                        f"Provider answered: {answer.strip()}")
        uow.commit()
    return encounter_id, CODING


def queries(db: Database, encounter_id: int | None = None,
            open_only: bool = False) -> list[ProviderQuery]:
    """Provider queries (of one visit, or all), newest first."""
    with db.reading() as session:
        return coding_repo.queries(session, encounter_id, open_only)


def mark_coded(db: Database, encounter_id: int, *, accepted: dict[tuple[str, str], str]
               | None = None, facts: CodeFacts | None = None,
               today: date | None = None) -> tuple[Encounter, Changes]:
    """Mark a visit coded when no coding error remains.

    Warnings must be accepted with a reason (``accepted[(rule_id, location)] = reason``);
    the reasons are stored and audited. Hints never block.

    Raises:
        CodingBlocked: errors remain, or warnings without a reason.
    """
    accepted = {k: v.strip() for k, v in (accepted or {}).items() if v.strip()}
    findings = check_saved(db, encounter_id, facts=facts, today=today)
    with UnitOfWork(db) as uow:
        known = coding_repo.overrides(uow.session, encounter_id)
        blocking = [f for f in findings if f.severity == Severity.ERROR or (
            f.severity == Severity.WARNING and (f.rule_id, f.location) not in accepted
            and (f.rule_id, f.location) not in known)]
        if blocking:
            raise CodingBlocked(blocking)
        for f in findings:
            key = (f.rule_id, f.location)
            if f.severity == Severity.WARNING and key in accepted and key not in known:
                coding_repo.add_override(uow.session, encounter_id, None, f.rule_id,
                                         f.location, accepted[key])
        enc = get_encounter(uow.session, encounter_id)
        missing = missing_parts(len(enc.diagnoses), len(enc.lines))
        if missing:
            raise CodingBlocked([Finding(rule_id="CODE-EMPTY", severity=Severity.ERROR,
                                         owner=Owner.CODING, message=missing)])
        saved = _set_status(uow, encounter_id, None, CodingStatus.CODED, "")
        uow.commit()
    return saved, CODING | Changes(claims=True)


def copy_from_last_visit(db: Database, encounter_id: int) -> Encounter:
    """The visit with the diagnoses and lines of the patient's last coded visit (unsaved)."""
    with db.reading() as session:
        enc = get_encounter(session, encounter_id)
        last = coding_repo.last_coded_visit(session, enc.patient_id, encounter_id)
        if last is None:
            raise UserError("This patient has no earlier coded visit to copy from.")
        source = get_encounter(session, last)
    lines = tuple(line.model_copy(update={"id": None}) for line in source.lines)
    return enc.model_copy(update={"diagnoses": source.diagnoses, "lines": lines})


def favorites(db: Database, provider_id: int) -> list[tuple[str, str, str]]:
    """A provider's quick-pick codes as (system, code, label)."""
    with db.reading() as session:
        return coding_repo.favorites(session, provider_id)


def set_favorites(db: Database, provider_id: int,
                  items: list[tuple[str, str, str]]) -> Changes:
    """Replace a provider's quick-pick list."""
    with UnitOfWork(db) as uow:
        coding_repo.set_favorites(uow.session, provider_id, items)
        uow.commit()
    return Changes(settings=True)
