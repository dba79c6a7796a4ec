"""Visit entry: a new visit typed at the front desk or from a superbill, then charge entry.

A new visit is checked as a whole (patient, providers, place of service, the prior
authorization) and saved in one unit of work; it then waits in the coding queue. Charge entry
saves the codes a provider marked on a superbill and can send the visit straight to a claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.domain.base import build
from app.domain.changes import Changes
from app.domain.encounters import CodingStatus, Encounter
from app.domain.errors import NotFound, Problem, ValidationFailed
from app.domain.patients import PriorAuth
from app.scrub.context import CodeFacts
from app.services import billing, codes
from app.services import encounters as coding
from app.store import coding_repo, fees, visit_notes
from app.store import repository as repo
from app.store.database import Database, UnitOfWork

SOURCE = "Visit"
VISITS = Changes(encounters=True)
ORDER_LABELS = {"P": "Primary", "S": "Secondary", "T": "Tertiary"}
MAX_NOTE_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class PolicyChoice:
    """A patient's policy in force on the date of service (read-only for the form)."""

    id: int
    order: str
    payer: str
    member_id: str
    label: str


@dataclass(frozen=True)
class AuthChoice:
    """A prior authorization covering the date of service."""

    id: int
    number: str
    payer: str
    label: str


@dataclass(frozen=True)
class VisitContext:
    """What the new-visit form shows for one patient on one date."""

    policies: tuple[PolicyChoice, ...]
    auths: tuple[AuthChoice, ...]


@dataclass(frozen=True)
class SaveAndBuild:
    """What "Save and build claim" did."""

    encounter: Encounter
    claim_ids: tuple[int, ...]
    self_pay: bool


def _auth_label(auth: PriorAuth, payer: str) -> str:
    left = f", {auth.visits_left} visit(s) left" if auth.visits_allowed else ""
    return (f"{auth.number} · {payer} · {auth.start_date:%m/%d/%Y}–{auth.end_date:%m/%d/%Y}"
            f"{left}")


def visit_context(db: Database, patient_id: int, on: date) -> VisitContext:
    """The patient's policies in force on ``on`` (in COB order) and the auths covering it."""
    with db.reading() as session:
        payers = {p.id: p.name for p in repo.list_payers(session)}
        policies = sorted((p for p in repo.policies_for(session, patient_id) if p.covers(on)),
                          key=lambda p: billing.ORDER[p.order])
        auths = [a for a in repo.auths_for(session, patient_id) if a.covers(on)]
    return VisitContext(
        policies=tuple(PolicyChoice(
            p.id or 0, p.order, payers.get(p.payer_id, "?"), p.member_id,
            f"{ORDER_LABELS[p.order]}: {payers.get(p.payer_id, '?')} · member {p.member_id}")
            for p in policies),
        auths=tuple(AuthChoice(a.id or 0, a.number, payers.get(a.payer_id, "?"),
                               _auth_label(a, payers.get(a.payer_id, "?"))) for a in auths))


def _problems(session: Any, enc: Encounter) -> list[Problem]:
    found: list[Problem] = []
    try:
        repo.get_patient(session, enc.patient_id)
    except NotFound:
        found.append(Problem(SOURCE, "patient_id", "Choose the patient."))
    providers = {p.id: p for p in repo.list_providers(session)}
    rendering = providers.get(enc.rendering_provider_id)
    if rendering is None or rendering.role != "rendering":
        found.append(Problem(SOURCE, "rendering_provider_id",
                             "Choose the rendering provider (set up in Settings > Providers)."))
    if enc.referring_provider_id is not None and enc.referring_provider_id not in providers:
        found.append(Problem(SOURCE, "referring_provider_id",
                             "The referring provider is not set up."))
    if enc.place_of_service not in {p.code for p in codes.list_places_of_service()}:
        found.append(Problem(SOURCE, "place_of_service",
                             f"{enc.place_of_service} is not a CMS place of service code."))
    if enc.prior_auth_id is not None and not found:
        auth = next((a for a in repo.auths_for(session, enc.patient_id)
                     if a.id == enc.prior_auth_id), None)
        if auth is None:
            found.append(Problem(SOURCE, "prior_auth_id",
                                 "That authorization is not this patient's."))
        elif not auth.covers(enc.date_of_service):
            found.append(Problem(SOURCE, "prior_auth_id", f"Authorization {auth.number} does "
                                 "not cover the date of service."))
    return found


def read_note_pdf(path: Path) -> bytes:
    """The bytes of a PDF visit note.

    Raises:
        ValidationFailed: unreadable, empty, too large or not a PDF (field ``note_pdf``).
    """
    def bad(message: str) -> ValidationFailed:
        return ValidationFailed([Problem(SOURCE, "note_pdf", f"{Path(path).name}: {message}")])

    try:
        content = Path(path).read_bytes()
    except OSError as exc:
        raise bad(f"cannot be read ({exc.strerror}).") from None
    if not content.startswith(b"%PDF-"):
        raise bad("is not a PDF file.")
    if len(content) > MAX_NOTE_BYTES:
        raise bad("is larger than 25 MB; scan it at a lower resolution.")
    return content


def create_visit(db: Database, data: dict[str, Any],
                 note_pdf: Path | None = None) -> tuple[Encounter, Changes]:
    """Validate and save a new visit; it then waits (uncoded) in the coding queue.

    The PDF note, when given, is copied into the practice database (not referenced by
    path): it is then backed up, restored and encrypted with the practice, and a moved or
    deleted file cannot break the visit.

    Args:
        db: the practice database.
        data: Encounter fields (patient, date of service, providers, place of service, prior
            authorization, documentation; diagnoses and lines when entered from a superbill).
        note_pdf: the visit note as a PDF file.

    Returns:
        The saved encounter and what changed.

    Raises:
        ValidationFailed: every problem at once (field by field); nothing is saved.
    """
    values = {k: v for k, v in data.items() if k not in ("id", "version", "coding_status")}
    enc = build(Encounter, values, SOURCE)
    content = read_note_pdf(note_pdf) if note_pdf is not None else None
    with UnitOfWork(db) as uow:
        problems = _problems(uow.session, enc)
        if problems:
            raise ValidationFailed(problems)
        saved = coding_repo.save_encounter(uow.session, enc)
        if content is not None and note_pdf is not None:
            visit_notes.save_note_file(uow.session, saved.id or 0, Path(note_pdf).name, content)
        uow.commit()
    return saved, VISITS


def note_pdf(db: Database, encounter_id: int) -> tuple[str, bytes] | None:
    """The visit's attached PDF note as (file name, bytes), or None."""
    with db.reading() as session:
        return visit_notes.note_file(session, encounter_id)


def fee_lookup(db: Database, on: date) -> dict[tuple[str, str], tuple[str, Decimal]]:
    """The fee schedule in force on ``on``: (code, modifier) -> (label, charge)."""
    with db.reading() as session:
        return {(e.code, e.modifier): (e.label, e.charge)
                for e in fees.fee_schedule(session, on)}


def save_and_build(db: Database, data: dict[str, Any], *, facts: CodeFacts | None = None,
                   today: date | None = None) -> tuple[SaveAndBuild, Changes]:
    """Save a visit's charges, mark it coded and build its claim (charge entry).

    The codes are saved first; when coding errors (or warnings without an accepted reason)
    remain, :class:`~app.services.encounters.CodingBlocked` is raised and the visit stays in
    the coding queue with its codes saved. A visit without a policy in force is charged to
    the patient (self-pay) instead of getting a claim.

    Raises:
        CodingBlocked: the findings that stop the claim.
    """
    saved, _ = coding.save(db, {**data, "coding_status": CodingStatus.UNCODED})
    coded, _ = coding.mark_coded(db, saved.id or 0, facts=facts, today=today)
    result, _ = billing.build_claims(db, [coded.id or 0], facts=facts, today=today)
    return (SaveAndBuild(coding.get(db, coded.id or 0), tuple(result.claims),
                         bool(result.self_pay)),
            Changes(encounters=True, claims=True, charges=True))
