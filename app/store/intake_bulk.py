"""The EHR import's bulk writes: new patients, policies, visits and import keys.

Ids are handed out up front (the import's write transaction owns the database while it
runs, as the ERA posting bulk path does) and rows go in with one ``executemany`` per table
(:func:`app.store.bulk_insert.insert_rows`). Every table gets the audit rows a flush would
have written (:func:`app.store.audit.record_inserts`), and the stored values are the ones
the ORM path (``repository.save_patient``, ``save_policy``, ``coding_repo.save_encounter``,
``intake_repo.add_keys``) stores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from app.domain.encounters import Encounter
from app.domain.patients import Patient, Policy
from app.store import mapping as m
from app.store import tables as t
from app.store.audit import record_inserts
from app.store.bulk_insert import insert_rows


@dataclass(frozen=True)
class NewVisit:
    """A visit to insert with its source keys (visit key, then one key per charge line)."""

    encounter: Encounter
    key: str
    line_keys: tuple[str, ...]
    patient_id: int = 0  # set when the encounter's own patient id is not yet known


class _Ids:
    """The next free id of a table, counted on from ``max(id) + 1``."""

    def __init__(self, session: Session, table: Table) -> None:
        self.next = (session.scalar(select(func.max(table.c.id))) or 0) + 1

    def take(self) -> int:
        value, self.next = self.next, self.next + 1
        return value


def _write(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    insert_rows(session, table, rows)
    record_inserts(session, table.name, rows)


def _row_values(row: Any, table: Table) -> dict[str, Any]:
    """Every column of a transient ORM row, with the scalar defaults a flush would fill."""
    out: dict[str, Any] = {}
    for column in table.columns:
        value = row.__dict__.get(column.key)
        if column.key not in row.__dict__ and column.default is not None \
                and column.default.is_scalar:
            value = column.default.arg  # type: ignore[attr-defined]
        out[column.key] = value
    return out


def insert_patients(session: Session, patients: Sequence[Patient]) -> list[int]:
    """Insert new patients; returns their ids in order."""
    table: Table = t.PatientRow.__table__  # type: ignore[assignment]
    ids = _Ids(session, table)
    rows = []
    for patient in patients:
        row = t.PatientRow()
        m.patient_to_row(patient, row)
        row.id = ids.take()
        rows.append(_row_values(row, table))
    _write(session, table, rows)
    return [r["id"] for r in rows]


def insert_policies(session: Session, policies: Sequence[Policy]) -> list[int]:
    """Insert new policies (their patient ids set); returns their ids in order."""
    table: Table = t.PolicyRow.__table__  # type: ignore[assignment]
    ids = _Ids(session, table)
    rows = []
    for policy in policies:
        row = t.PolicyRow()
        m.policy_to_row(policy, row)
        row.id = ids.take()
        rows.append(_row_values(row, table))
    _write(session, table, rows)
    return [r["id"] for r in rows]


def _encounter_row(visit: NewVisit, encounter_id: int) -> dict[str, Any]:
    values = m.encounter_values(visit.encounter)
    return {**values, "id": encounter_id, "version": 1,
            "patient_id": visit.encounter.patient_id or visit.patient_id}


def insert_visits(session: Session, source_system: str, visits: Sequence[NewVisit]) -> list[int]:
    """Insert new encounters with diagnoses, lines and import keys; returns encounter ids."""
    tables = {name: t.Base.metadata.tables[name] for name in
              ("encounters", "diagnoses", "service_lines", "import_keys")}
    enc_ids, dx_ids, line_ids, key_ids = (_Ids(session, tables[n]) for n in tables)
    encounters: list[dict[str, Any]] = []
    diagnoses: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    keys: list[dict[str, Any]] = []
    now = datetime.now()
    for visit in visits:
        eid = enc_ids.take()
        encounters.append(_encounter_row(visit, eid))
        diagnoses.extend({"id": dx_ids.take(), "encounter_id": eid, "position": i + 1,
                          "code": code} for i, code in enumerate(visit.encounter.diagnoses))
        for line in visit.encounter.lines:
            values = m.line_values(line)
            lines.append({**values, "id": line_ids.take(), "encounter_id": eid})
        for kind, key in [("visit", visit.key)] + [("line", k) for k in visit.line_keys]:
            keys.append({"id": key_ids.take(), "kind": kind, "source_system": source_system,
                         "key": key, "entity_id": eid, "imported_at": now, "source_time": ""})
    for name, rows in (("encounters", encounters), ("diagnoses", diagnoses),
                       ("service_lines", lines), ("import_keys", keys)):
        _write(session, tables[name], rows)
    return [r["id"] for r in encounters]


def insert_keys(session: Session, kind: str, source_system: str,
                pairs: Sequence[tuple[str, int]], times: Mapping[str, str] | None = None) -> None:
    """Remember many source keys at once (as ``intake_repo.add_keys`` does)."""
    table = t.Base.metadata.tables["import_keys"]
    ids = _Ids(session, table)
    now = datetime.now()
    stamps = times or {}
    _write(session, table, [{"id": ids.take(), "kind": kind, "source_system": source_system,
                             "key": key, "entity_id": eid, "imported_at": now,
                             "source_time": stamps.get(key, "")} for key, eid in pairs])
