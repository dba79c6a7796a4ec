"""Patients: search, detail, edit, policies, eligibility checks, prior authorizations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.domain.base import build
from app.domain.changes import Changes
from app.domain.errors import Problem, ValidationFailed
from app.domain.ledger import LedgerEntry, patient_balance
from app.domain.patients import EligibilityCheck, Patient, Policy, PriorAuth
from app.domain.rows import PatientRow
from app.store import queries
from app.store import repository as repo
from app.store.database import Database, UnitOfWork

PATIENTS = Changes(patients=True)


@dataclass(frozen=True)
class PatientDetail:
    """Everything the patient screen shows."""

    patient: Patient
    policies: list[Policy]
    eligibility_checks: list[EligibilityCheck]
    prior_auths: list[PriorAuth]
    ledger: list[LedgerEntry]

    @property
    def balance(self):  # type: ignore[no-untyped-def]
        """What the patient owes (from the ledger)."""
        return patient_balance(self.ledger)


def search_ids(db: Database, text: str = "", sort: str = "name",
               descending: bool = False) -> list[int]:
    """Ids of patients matching ``text`` (name prefix ``smi jo``, account, DOB, phone)."""
    with db.reading() as session:
        return queries.patient_ids(session, text, sort, descending)


def rows(db: Database, ids: list[int]) -> list[PatientRow]:
    """List rows for a page of ids, in order."""
    with db.reading() as session:
        return queries.patient_rows(session, ids)


def search(db: Database, text: str = "", limit: int | None = None) -> list[PatientRow]:
    """Matching patients as rows (CLI and small lists)."""
    ids = search_ids(db, text)
    return rows(db, ids[:limit] if limit else ids)


def detail(db: Database, patient_id: int) -> PatientDetail:
    """A patient with policies, eligibility checks, authorizations and ledger."""
    with db.reading() as session:
        return PatientDetail(
            patient=repo.get_patient(session, patient_id),
            policies=repo.policies_for(session, patient_id),
            eligibility_checks=repo.eligibility_for(session, patient_id),
            prior_auths=repo.auths_for(session, patient_id),
            ledger=repo.entries_for(session, patient_id=patient_id))


def new_account_number(db: Database) -> str:
    """A free account number for a new patient."""
    with db.reading() as session:
        return repo.next_account_number(session)


def save_patient(db: Database, data: dict[str, Any]) -> tuple[Patient, Changes]:
    """Validate and save a patient (new when ``id`` is empty).

    Raises:
        ValidationFailed: one problem per bad field; nothing saved.
        StaleEdit: someone changed the patient since it was opened.
    """
    patient = build(Patient, data, "Patient")
    with UnitOfWork(db) as uow:
        saved = repo.save_patient(uow.session, patient)
        uow.commit()
    return saved, PATIENTS


def save_policy(db: Database, data: dict[str, Any]) -> tuple[Policy, Changes]:
    """Validate and save an insurance policy; one policy per order (P/S/T) at a time."""
    policy = build(Policy, data, "Policy")
    with UnitOfWork(db) as uow:
        clash = [p for p in repo.policies_for(uow.session, policy.patient_id or 0)
                 if p.order == policy.order and p.id != policy.id and p.termination_date is None]
        if clash and policy.termination_date is None:
            raise ValidationFailed([Problem("Policy", "order",
                                            "The patient already has an active policy in this "
                                            "order; end it first or choose another order.")])
        saved = repo.save_policy(uow.session, policy)
        uow.commit()
    return saved, PATIENTS


def add_eligibility_check(db: Database, data: dict[str, Any]) -> tuple[EligibilityCheck, Changes]:
    """Record an eligibility check for a policy."""
    check = build(EligibilityCheck, data, "Eligibility check")
    with UnitOfWork(db) as uow:
        saved = repo.add_eligibility(uow.session, check)
        uow.commit()
    return saved, PATIENTS


def save_prior_auth(db: Database, data: dict[str, Any]) -> tuple[PriorAuth, Changes]:
    """Validate and save a prior authorization."""
    auth = build(PriorAuth, data, "Prior authorization")
    with UnitOfWork(db) as uow:
        saved = repo.save_auth(uow.session, auth)
        uow.commit()
    return saved, PATIENTS
