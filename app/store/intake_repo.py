"""Look-ups and keys for EHR imports: patients by account or name + birth date, import keys."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.encounters import Encounter
from app.domain.errors import NotFound
from app.domain.patients import Patient, Policy
from app.domain.practice import Payer, Provider
from app.store import mapping as m
from app.store import tables as t
from app.store.id_lists import in_ids


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
             pairs: Iterable[tuple[str, int]]) -> None:
    """Remember that source ``key`` became record ``entity_id``."""
    now = datetime.now()
    session.add_all(t.ImportKeyRow(kind=kind, source_system=source_system, key=key,
                                   entity_id=entity_id, imported_at=now)
                    for key, entity_id in pairs)
    session.flush()


def patients_by_account(session: Session, accounts: Iterable[str]) -> dict[str, Patient]:
    """Patients whose account number is one of ``accounts``."""
    wanted = sorted(set(accounts))
    out: dict[str, Patient] = {}
    for start in range(0, len(wanted), 500):
        stmt = select(t.PatientRow).where(t.PatientRow.account_number.in_(
            wanted[start:start + 500]))
        out.update({r.account_number: m.patient_to_domain(r) for r in session.scalars(stmt)})
    return out


def patients_by_ids(session: Session, ids: Iterable[int]) -> dict[int, Patient]:
    """Patients by id."""
    stmt = select(t.PatientRow).where(in_ids(t.PatientRow.id, sorted(set(ids))))
    return {r.id: m.patient_to_domain(r) for r in session.scalars(stmt)}


def patients_by_name_dob(session: Session, last_name: str, first_name: str,
                         birth_date: date) -> list[Patient]:
    """Patients with this last name, first name and birth date (case-insensitive)."""
    stmt = select(t.PatientRow).where(
        func.lower(t.PatientRow.last_name) == last_name.lower(),
        func.lower(t.PatientRow.first_name) == first_name.lower(),
        t.PatientRow.birth_date == birth_date)
    return [m.patient_to_domain(r) for r in session.scalars(stmt)]


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
    stmt = select(t.PolicyRow).where(in_ids(t.PolicyRow.patient_id, sorted(set(patient_ids))))
    out: dict[int, list[Policy]] = {}
    for row in session.scalars(stmt):
        out.setdefault(row.patient_id, []).append(m.policy_to_domain(row))
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
