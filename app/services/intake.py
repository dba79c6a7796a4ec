"""EHR import: one engine for every door (CSV/Excel, HL7 v2, FHIR R4).

``read_source`` turns files into one :class:`ImportDocument` through the adapter for their
format; ``preview`` matches it against the practice without writing; ``commit`` plans it
again inside one transaction and writes all of it or nothing. Re-importing the same file or
message creates nothing new (patients, visits and charge lines are keyed by the source's own
ids in ``import_keys``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain.changes import Changes
from app.domain.errors import Problem, UserError, ValidationFailed
from app.domain.intake import ImportDocument
from app.domain.progress import CancelToken, ProgressFn, no_progress
from app.services import intake_csv, intake_fhir, intake_hl7
from app.services.intake_plan import Answers, ImportPlan, Planner
from app.store import coding_repo, intake_bulk, intake_repo
from app.store import repository as repo
from app.store.database import Database, UnitOfWork

FORMATS = ("csv", "hl7", "fhir")
_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".xlsx": "csv", ".hl7": "hl7", ".txt": "hl7",
             ".json": "fhir", ".ndjson": "fhir"}


@dataclass(frozen=True)
class IntakeResult:
    """What a committed import wrote."""

    plan: ImportPlan
    patient_ids: dict[str, int]
    encounter_ids: list[int]


def detect_format(path: Path) -> str:
    """The adapter for ``path`` from its name, or from its first bytes."""
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt and path.suffix.lower() != ".txt":
        return fmt
    try:
        head = path.read_bytes()[:64].lstrip(b"\xef\xbb\xbf").lstrip()
    except OSError as exc:
        raise UserError(f"Cannot read {path.name}: {exc.strerror}.") from None
    if head.startswith(b"MSH") or head.startswith(b"\x0bMSH"):
        return "hl7"
    if head.startswith((b"{", b"[")):
        return "fhir"
    return "csv"


def _files(source: Path) -> list[Path]:
    if source.is_dir():
        return sorted(p for p in source.iterdir() if p.is_file() and not p.name.startswith("."))
    if not source.exists():
        raise UserError(f"{source.name}: no such file or folder.")
    return [source]


def read_source(source: Path, fmt: str | None = None, *, mapping: dict[str, str] | None = None,
                source_system: str = "") -> ImportDocument:
    """Read a file or a folder of files into one import document (problems collected)."""
    files = _files(Path(source))
    if not files:
        raise UserError(f"{Path(source).name}: the folder holds no files to import.")
    doc = ImportDocument(source_system=source_system or "ehr")
    bulk = [p for p in files if p.suffix.lower() == ".ndjson" and fmt in (None, "fhir")]
    if len(bulk) > 1:  # a FHIR bulk export: one NDJSON file per resource type, read as one
        doc.merge(intake_fhir.read_many(bulk, Path(source).name))
        files = [p for p in files if p not in bulk]
    for path in files:
        kind = fmt or detect_format(path)
        if kind == "hl7":
            part = intake_hl7.read(path)
        elif kind == "fhir":
            part = intake_fhir.read(path)
        elif kind == "csv":
            part = intake_csv.read(path, mapping)
        else:
            raise UserError(f"Unknown import format {kind!r}; use one of {', '.join(FORMATS)}.")
        doc.merge(part)
    return doc


def preview(db: Database, doc: ImportDocument, answers: Answers | None = None) -> ImportPlan:
    """Match ``doc`` against the practice and say what a commit would write (writes nothing)."""
    with db.reading() as session:
        return Planner(session, doc, answers).build()


def commit(db: Database, doc: ImportDocument, answers: Answers | None = None, *,
           bulk: bool = True,
           progress: ProgressFn = no_progress,
           cancel: CancelToken | None = None) -> tuple[IntakeResult, Changes]:
    """Write the whole import in one transaction, or nothing.

    ``bulk`` writes new records with one insert per table (the fast path); False saves
    them one by one through the ORM (the reference the bulk path is tested against).
    ``progress`` hears the steps (matching, writing, saving); ``cancel`` is honoured until
    the transaction commits (then nothing is written).

    Raises:
        ValidationFailed: the plan has errors or unanswered possible matches; nothing written.
    """
    with UnitOfWork(db) as uow:
        progress(0, 3, "Matching patients and visits")
        plan = Planner(uow.session, doc, answers).build()
        if not plan.ok:
            raise ValidationFailed(_blocking(plan), "The import has problems; nothing was "
                                   "imported.")
        progress(1, 3, f"Writing {len(plan.new_visits):,} visits")
        if cancel is not None:
            cancel.check()
        result = (_write_bulk if bulk else _write)(uow.session, plan)
        progress(2, 3, "Saving")
        if cancel is not None:
            cancel.check()
        uow.commit()
    progress(3, 3, "Imported")
    return result, Changes(patients=True, encounters=True)


def _blocking(plan: ImportPlan) -> list[Problem]:
    asked = [Problem(q.source, "patient", f"{q.key} may be the existing patient(s) "
                     f"{', '.join(str(i) for i in q.candidate_ids)} (same name and birth "
                     "date): choose one or import as new.") for q in plan.questions]
    return [p for p in plan.problems if p.severity == "error"] + asked


def _write(session: Any, plan: ImportPlan) -> IntakeResult:
    system = plan.source_system
    ids: dict[str, int] = {}
    for item in plan.new_patients:
        ids[item.key] = repo.save_patient(session, item.patient).id or 0
    for item in plan.updated_patients:
        saved = repo.save_patient(session, item.patient)
        ids[item.key] = saved.id or 0
    _patient_keys(session, plan, ids, intake_repo.add_keys)
    for old in plan.ended_policies:
        repo.save_policy(session, old)
    for key, policy in plan.new_policies:
        pid = policy.patient_id or ids[key]
        repo.save_policy(session, policy.model_copy(update={"patient_id": pid}))
    encounter_ids = []
    for visit in plan.new_visits:
        pid = visit.encounter.patient_id or ids[visit.patient_key]
        enc = coding_repo.save_encounter(
            session, visit.encounter.model_copy(update={"patient_id": pid}))
        encounter_ids.append(enc.id or 0)
        intake_repo.add_keys(session, "visit", system, [(visit.key, enc.id or 0)])
        intake_repo.add_keys(session, "line", system, [(k, enc.id or 0) for k in
                                                       visit.line_keys])
    for visit in plan.added_lines:
        encounter_ids.append(_add_lines(session, visit))
        intake_repo.add_keys(session, "line", system,
                             [(k, visit.existing_id or 0) for k in visit.line_keys])
    return IntakeResult(plan, ids, encounter_ids)


def _patient_keys(session: Any, plan: ImportPlan, ids: dict[str, int],
                  add: Callable[..., None]) -> None:
    """Import keys of new patients and of patients matched by account; source times move."""
    system = plan.source_system
    times = {p.key: p.as_of for p in plan.new_patients + plan.updated_patients if p.as_of}
    known = intake_repo.known_keys(session, "patient", system,
                                   [p.key for p in plan.updated_patients])
    add(session, "patient", system,
        [(p.key, ids[p.key]) for p in plan.new_patients] +
        [(p.key, ids[p.key]) for p in plan.updated_patients if p.key not in known], times)
    intake_repo.set_source_times(session, "patient", system,
                                 {k: v for k, v in times.items() if k in known})


def _write_bulk(session: Any, plan: ImportPlan) -> IntakeResult:
    system = plan.source_system
    new_ids = intake_bulk.insert_patients(session, [p.patient for p in plan.new_patients])
    ids = {p.key: pid for p, pid in zip(plan.new_patients, new_ids, strict=True)}
    for item in plan.updated_patients:
        ids[item.key] = repo.save_patient(session, item.patient).id or 0
    _patient_keys(session, plan, ids, intake_bulk.insert_keys)
    for old in plan.ended_policies:
        repo.save_policy(session, old)
    intake_bulk.insert_policies(session, [
        policy.model_copy(update={"patient_id": policy.patient_id or ids[key]})
        for key, policy in plan.new_policies])
    encounter_ids = intake_bulk.insert_visits(session, system, [
        intake_bulk.NewVisit(visit.encounter, visit.key, visit.line_keys,
                             visit.encounter.patient_id or ids[visit.patient_key])
        for visit in plan.new_visits])
    for visit in plan.added_lines:
        encounter_ids.append(_add_lines(session, visit))
        intake_repo.add_keys(session, "line", system,
                             [(k, visit.existing_id or 0) for k in visit.line_keys])
    return IntakeResult(plan, ids, encounter_ids)


def _add_lines(session: Any, visit: Any) -> int:
    """New charge lines on a visit imported before (refused once the visit is billed)."""
    current = intake_repo.encounter(session, visit.existing_id)
    if intake_repo.has_claims(session, visit.existing_id):
        raise ValidationFailed([Problem(visit.source, "lines", "New charges for a visit that "
                                        "is already on a claim; add them by a corrected "
                                        "claim.")])
    start = len(current.lines)
    lines = current.lines + tuple(
        ln.model_copy(update={"line_number": start + i + 1, "id": None})
        for i, ln in enumerate(visit.encounter.lines))
    dx = tuple(dict.fromkeys(current.diagnoses + visit.encounter.diagnoses))
    saved = coding_repo.save_encounter(session, current.model_copy(
        update={"lines": lines, "diagnoses": dx}))
    return saved.id or 0


def plan_json(plan: ImportPlan) -> dict[str, Any]:
    """The preview as JSON-ready data (no names: keys and locations only)."""
    return {"source_system": plan.source_system, "counts": plan.counts(),
            "new_patients": [p.key for p in plan.new_patients],
            "updated_patients": [{"key": p.key, "changed": list(p.changed)}
                                 for p in plan.updated_patients],
            "possible_matches": [{"key": q.key, "source": q.source,
                                  "candidates": list(q.candidate_ids)} for q in plan.questions],
            "new_visits": [v.key for v in plan.new_visits],
            "skipped_duplicates": plan.skipped,
            "problems": [{"source": p.source, "field": p.field, "message": p.message,
                          "line": p.line, "severity": p.severity} for p in plan.problems]}


def plan_text(plan: ImportPlan) -> str:
    """The preview as lines of text."""
    c = plan.counts()
    lines = [f"{k.replace('_', ' ')}: {v}" for k, v in c.items()]
    lines += [f"  possible match: {q.source}: {q.key} ~ patient(s) "
              f"{', '.join(map(str, q.candidate_ids))}" for q in plan.questions]
    lines += [f"  {p.severity}: {p}" for p in plan.problems]
    return "\n".join(lines)


def save_mapping(db: Database, name: str, mapping: dict[str, str]) -> None:
    """Remember a CSV column mapping under ``name`` (reused by later imports)."""
    with UnitOfWork(db) as uow:
        repo.set_setting(uow.session, f"import.mapping.{name}", json.dumps(mapping))
        uow.commit()


def load_mapping(db: Database, name: str) -> dict[str, str] | None:
    """A saved CSV column mapping, or None."""
    with db.reading() as session:
        text = repo.get_setting(session, f"import.mapping.{name}")
    return json.loads(text) if text else None
