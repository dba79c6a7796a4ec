"""Coding workflow storage: encounter codes, provider queries, favorites, findings, overrides."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.encounters import Encounter, ProviderQuery
from app.domain.errors import NotFound, StaleEdit, UserError
from app.domain.findings import Finding
from app.store import mapping as m
from app.store import tables as t

#: The row that marks a scrub run without findings (so "latest run" is always known).
CLEAN_RUN = {"rule_id": "CLEAN", "severity": "hint", "owner": "billing",
             "message": "No findings.", "hint": "", "location": "claim", "source": ""}

HEADER_FIELDS = ("date_of_service", "place_of_service", "rendering_provider_id",
                 "referring_provider_id", "prior_auth_id", "documentation", "coding_status",
                 "coding_note", "onset_date", "accident_cause", "accident_state",
                 "accident_date", "referral_number", "claim_note", "supervising_provider_id",
                 "last_menstrual_period", "delay_reason", "epsdt_referral", "attachments_json")


def _charged_line_ids(session: Session, encounter_id: int) -> set[int]:
    stmt = (select(t.LedgerEntryRow.line_id)
            .join(t.ServiceLineRow, t.ServiceLineRow.id == t.LedgerEntryRow.line_id)
            .where(t.ServiceLineRow.encounter_id == encounter_id))
    return {i for i in session.scalars(stmt) if i is not None}


def save_encounter(session: Session, enc: Encounter) -> Encounter:
    """Save an encounter with its diagnoses and lines (version-checked).

    Lines keep their ids; a line that already carries ledger charges cannot be removed.
    """
    row = session.get(t.EncounterRow, enc.id) if enc.id else t.EncounterRow()
    if row is None:
        raise NotFound("The encounter no longer exists.")
    if enc.id and enc.version not in (0, row.version):
        raise StaleEdit()
    values = m.encounter_values(enc)
    for key in HEADER_FIELDS + (("patient_id",) if not enc.id else ()):
        setattr(row, key, values[key])
    if enc.id:
        row.version += 1
    session.add(row)
    session.flush()
    _replace_diagnoses(session, row.id, enc.diagnoses)
    _merge_lines(session, row.id, enc)
    session.flush()
    session.expire(row)
    return m.encounter_to_domain(session.get(t.EncounterRow, row.id))  # type: ignore[arg-type]


def _delete_audited(session: Session, stmt: Any) -> None:
    """Delete the rows ``stmt`` selects through the ORM, so each delete is audited."""
    for row in session.scalars(stmt):
        session.delete(row)
    session.flush()  # before the replacements: a flush inserts before it deletes


def _replace_diagnoses(session: Session, encounter_id: int, codes: tuple[str, ...]) -> None:
    _delete_audited(session, select(t.DiagnosisRow).where(
        t.DiagnosisRow.encounter_id == encounter_id))
    session.add_all(t.DiagnosisRow(encounter_id=encounter_id, position=i + 1, code=c)
                    for i, c in enumerate(codes))


def _merge_lines(session: Session, encounter_id: int, enc: Encounter) -> None:
    existing = {r.id: r for r in session.scalars(
        select(t.ServiceLineRow).where(t.ServiceLineRow.encounter_id == encounter_id))}
    keep = {line.id for line in enc.lines if line.id in existing}
    removed = set(existing) - keep
    if removed & _charged_line_ids(session, encounter_id):
        raise UserError("A service line that already has charges on a claim cannot be removed.",
                        hint="Void or correct the claim instead.")
    for line_id in removed:
        session.delete(existing[line_id])
    session.flush()
    for row in existing.values():  # avoid UNIQUE(encounter, line_number) clashes while moving
        if row.id in keep:
            row.line_number = 1000 + row.id
    session.flush()
    for line in enc.lines:
        values = {k: v for k, v in m.line_values(line).items() if k != "id"}
        row = existing.get(line.id) if line.id else None
        if row is None:
            row = t.ServiceLineRow(encounter_id=encounter_id)
            session.add(row)
        for key, value in values.items():
            setattr(row, key, value)
    session.flush()


def add_query(session: Session, encounter_id: int, provider_id: int, question: str,
              choices: list[str]) -> int:
    """Record an open provider query; returns its id."""
    row = t.ProviderQueryRow(encounter_id=encounter_id, provider_id=provider_id,
                             question=question, choices="\n".join(choices),
                             asked_at=datetime.now(), status="open")
    session.add(row)
    session.flush()
    return row.id


def answer_query(session: Session, query_id: int, answer: str) -> int:
    """Record the provider's answer; returns the encounter id."""
    row = session.get(t.ProviderQueryRow, query_id)
    if row is None:
        raise NotFound("The query no longer exists.")
    if row.status != "open":
        raise UserError("This query was already answered.")
    row.answer, row.status, row.answered_at = answer, "answered", datetime.now()
    session.flush()
    return row.encounter_id


def queries(session: Session, encounter_id: int | None = None,
            open_only: bool = False) -> list[ProviderQuery]:
    """Provider queries, newest first."""
    stmt = select(t.ProviderQueryRow).order_by(t.ProviderQueryRow.id.desc())
    if encounter_id is not None:
        stmt = stmt.where(t.ProviderQueryRow.encounter_id == encounter_id)
    if open_only:
        stmt = stmt.where(t.ProviderQueryRow.status == "open")
    return [ProviderQuery(id=q.id, encounter_id=q.encounter_id, provider_id=q.provider_id,
                          question=q.question, choices=tuple(q.choices.splitlines()),
                          asked_at=q.asked_at.strftime("%m/%d/%Y %H:%M"),
                          status=q.status, answer=q.answer)
            for q in session.scalars(stmt)]


def save_findings(session: Session, encounter_id: int, claim_id: int | None,
                  findings: list[Finding]) -> int:
    """Store one run's findings; returns the run id."""
    run_id = (session.scalar(select(func.max(t.FindingRow.run_id))) or 0) + 1
    now = datetime.now()
    rows = [f.model_dump() for f in findings] or [CLEAN_RUN]  # a clean run is recorded too
    session.add_all(t.FindingRow(run_id=run_id, at=now, claim_id=claim_id,
                                 encounter_id=encounter_id, **row) for row in rows)
    session.flush()
    return run_id


def latest_findings(session: Session, claim_id: int) -> list[Finding]:
    """The findings of a claim's latest scrub run."""
    run = session.scalar(select(func.max(t.FindingRow.run_id)).where(
        t.FindingRow.claim_id == claim_id))
    if run is None:
        return []
    stmt = select(t.FindingRow).where(t.FindingRow.run_id == run,
                                      t.FindingRow.rule_id != CLEAN_RUN["rule_id"]).order_by(
        t.FindingRow.id)
    return [Finding(rule_id=r.rule_id, severity=r.severity, owner=r.owner, message=r.message,
                    hint=r.hint, location=r.location, source=r.source)
            for r in session.scalars(stmt)]


def overrides(session: Session, encounter_id: int,
              claim_id: int | None = None) -> dict[tuple[str, str], str]:
    """Accepted warnings: (rule id, location) -> reason (encounter-level and this claim's)."""
    stmt = select(t.OverrideRow).where(t.OverrideRow.encounter_id == encounter_id)
    return {(r.rule_id, r.location): r.reason for r in session.scalars(stmt)
            if r.claim_id in (None, claim_id)}


def add_override(session: Session, encounter_id: int, claim_id: int | None, rule_id: str,
                 location: str, reason: str) -> None:
    """Accept a warning with a reason (the audit log records it)."""
    session.add(t.OverrideRow(encounter_id=encounter_id, claim_id=claim_id, rule_id=rule_id,
                              location=location, reason=reason, at=datetime.now()))
    session.flush()


def favorites(session: Session, provider_id: int) -> list[tuple[str, str, str]]:
    """A provider's quick-pick codes as (system, code, label)."""
    stmt = select(t.FavoriteCodeRow).where(t.FavoriteCodeRow.provider_id == provider_id) \
        .order_by(t.FavoriteCodeRow.position, t.FavoriteCodeRow.id)
    return [(r.system, r.code, r.label) for r in session.scalars(stmt)]


def set_favorites(session: Session, provider_id: int,
                  items: list[tuple[str, str, str]]) -> None:
    """Replace a provider's quick-pick list."""
    _delete_audited(session, select(t.FavoriteCodeRow).where(
        t.FavoriteCodeRow.provider_id == provider_id))
    session.add_all(t.FavoriteCodeRow(provider_id=provider_id, system=s, code=c, label=label,
                                      position=i) for i, (s, c, label) in enumerate(items))
    session.flush()


def last_coded_visit(session: Session, patient_id: int, before_encounter: int) -> int | None:
    """The patient's most recent other coded encounter (for "copy from the last visit")."""
    current = session.get(t.EncounterRow, before_encounter)
    stmt = (select(t.EncounterRow.id)
            .where(t.EncounterRow.patient_id == patient_id, t.EncounterRow.id != before_encounter,
                   t.EncounterRow.coding_status == "coded")
            .order_by(t.EncounterRow.date_of_service.desc(), t.EncounterRow.id.desc()))
    if current is not None:
        stmt = stmt.where(t.EncounterRow.date_of_service <= current.date_of_service)
    return session.scalars(stmt).first()
