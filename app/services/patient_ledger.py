"""The patient account ledger (screen, ``patients ledger``, printed ledger)."""

from __future__ import annotations

from app.domain.account_ledger import AccountLedger, build_ledger
from app.store import ledger_source, payments_repo
from app.store import repository as repo
from app.store.database import Database


def patient_ledger(db: Database, patient_id: int) -> AccountLedger:
    """Every visit, claim, charge, payment, adjustment, transfer and refund of a patient.

    Lines are in date order with the running balance split into insurance pending, patient
    owed and credit.

    Raises:
        NotFound: no such patient.
    """
    with db.reading() as s:
        patient = repo.get_patient(s, patient_id)
        return build_ledger(
            patient_id, f"{patient.last_name}, {patient.first_name}", patient.account_number,
            ledger_source.visits_of(s, patient_id), ledger_source.claims_of(s, patient_id),
            repo.entries_for(s, patient_id=patient_id),
            payments_repo.payment_of_entries(s, patient_id))
