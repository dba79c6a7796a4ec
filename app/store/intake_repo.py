"""Look-ups and keys for EHR imports: patients by account or name + birth date, import keys."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.encounters import Encounter
from app.domain.errors import NotFound
from app.domain.patients import Patient, Policy
from app.domain.practice import Payer, Provider
from app.store import mapping as m
from app.store import tables as t
from app.store.id_lists import in_ids
from app.store.plain_rows import plain_rows


def known_keys(session: Session, kind: str, source_system: str,
               keys: Iterable[str]) -> dict[str, int]:
    """Source keys already imported for ``kind`` from ``source_system``, with their record ids."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        stmt = select(t.ImportKeyRow.key, t.ImportKeyRow.entity_id).where(
            t.ImportKeyRow.kind == kind, t.ImportKeyRow.source_system == source_system,
            t.ImportKeyRow.key.in_(chunk))
        found.update({k: i for k, i in session.execute(stmt)})
    return found


def add_keys(session: Session, kind: str, source_system: str,
             pairs: Iterable[tuple[str, int]], times: Mapping[str, str] | None = None) -> None:
    """Remember that source ``key`` became record ``entity_id`` (written at ``times[key]``)."""
    now = datetime.now()
    stamps = times or {}
    session.add_all(t.ImportKeyRow(kind=kind, source_system=source_system, key=key,
                                   entity_id=entity_id, imported_at=now,
                                   source_time=stamps.get(key, ""))
                    for key, entity_id in pairs)
    session.flush()


def source_times(session: Session, kind: str, source_system: str,
                 keys: Iterable[str]) -> dict[str, str]:
    """When the source wrote the records imported under ``keys`` (only keys with a time)."""
    wanted = sorted(set(keys))
    out: dict[str, str] = {}
    row = t.ImportKeyRow
    for start in range(0, len(wanted), 500):
        stmt = select(row.key, row.source_time).where(
            row.kind == kind, row.source_system == source_system,
            row.key.in_(wanted[start:start + 500]), row.source_time != "")
        out.update({k: v for k, v in session.execute(stmt)})
    return out


def set_source_times(session: Session, kind: str, source_system: str,
                     times: Mapping[str, str]) -> None:
    """Move the source times of keys imported before (a newer message was applied)."""
    if not times:
        return
    row = t.ImportKeyRow
    stmt = select(row).where(row.kind == kind, row.source_system == source_system,
                             row.key.in_(sorted(times)))
    for item in session.scalars(stmt):
        item.source_time = times[item.key]
    session.flush()


def patients_by_account(session: Session, accounts: Iterable[str]) -> dict[str, Patient]:
    """Patients whose account number is one of ``accounts``."""
    wanted = sorted(set(accounts))
    out: dict[str, Patient] = {}
    for start in range(0, len(wanted), 500):
        stmt = select(t.PatientRow.__table__).where(t.PatientRow.account_number.in_(
            wanted[start:start + 500]))
        out.update({r.account_number: m.patient_to_domain(r, trusted=True)
                    for r in plain_rows(session, stmt)})
    return out


def patients_by_ids(session: Session, ids: Iterable[int]) -> dict[int, Patient]:
    """Patients by id."""
    stmt = select(t.PatientRow.__table__).where(in_ids(t.PatientRow.id, sorted(set(ids))))
    return {r.id: m.patient_to_domain(r, trusted=True) for r in plain_rows(session, stmt)}


def patients_by_names_dobs(session: Session, people: Iterable[tuple[str, str, date]]
                           ) -> dict[tuple[str, str, date], list[Patient]]:
    """Patients matching any (last name, first name, birth date), by the lower-cased triple."""
    wanted = {(last.lower(), first.lower(), dob) for last, first, dob in people}
    dobs = sorted({dob for _, _, dob in wanted})
    out: dict[tuple[str, str, date], list[Patient]] = {}
    for start in range(0, len(dobs), 500):
        stmt = select(t.PatientRow.__table__).where(
            t.PatientRow.birth_date.in_(dobs[start:start + 500]))
        for row in plain_rows(session, stmt):
            ident = (row.last_name.lower(), row.first_name.lower(), row.birth_date)
            if ident in wanted:
                out.setdefault(ident, []).append(m.patient_to_domain(row, trusted=True))
    return out


def providers_by_npi(session: Session) -> dict[str, Provider]:
    """Every provider by NPI."""
    return {r.npi: m.provider_to_domain(r) for r in session.scalars(select(t.ProviderRow))}


def payers_by_ref(session: Session) -> dict[str, Payer]:
    """Every payer by electronic payer id and by upper-case name."""
    out: dict[str, Payer] = {}
    for row in session.scalars(select(t.PayerRow)):
        payer = m.payer_to_domain(row)
        out.setdefault(payer.name.upper(), payer)
        out[payer.payer_id.upper()] = payer
    return out


def policies_of(session: Session, patient_ids: Iterable[int]) -> dict[int, list[Policy]]:
    """Policies of these patients, by patient id."""
    wanted = sorted(set(patient_ids))
    if not wanted:
        return {}
    stmt = select(t.PolicyRow.__table__).where(in_ids(t.PolicyRow.patient_id, wanted))
    out: dict[int, list[Policy]] = {}
    for row in plain_rows(session, stmt):
        out.setdefault(row.patient_id, []).append(m.policy_to_domain(row, trusted=True))
    return out


def encounter(session: Session, encounter_id: int) -> Encounter:
    """One stored encounter with its diagnoses and lines."""
    row = session.get(t.EncounterRow, encounter_id)
    if row is None:
        raise NotFound("The encounter no longer exists.")
    return m.encounter_to_domain(row)


def has_claims(session: Session, encounter_id: int) -> bool:
    """Whether any claim was built from the encounter."""
    stmt = select(t.ClaimRow.id).where(t.ClaimRow.encounter_id == encounter_id).limit(1)
    return session.scalar(stmt) is not None
