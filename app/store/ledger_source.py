"""Reads for the patient account ledger: the patient's visits and claims."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.account_ledger import LedgerClaim, LedgerVisit
from app.store import tables as t


def visits_of(session: Session, patient_id: int) -> list[LedgerVisit]:
    """The patient's visits with their procedure codes."""
    rows = session.scalars(select(t.EncounterRow).where(t.EncounterRow.patient_id == patient_id)
                           .order_by(t.EncounterRow.date_of_service, t.EncounterRow.id))
    return [LedgerVisit(r.id, r.date_of_service, ", ".join(x.code for x in r.lines))
            for r in rows]


def claims_of(session: Session, patient_id: int) -> list[LedgerClaim]:
    """The claims of the patient's visits, with the payer's name."""
    c, e, p = t.ClaimRow, t.EncounterRow, t.PayerRow
    stmt = (select(c.id, c.encounter_id, c.control_number, p.name, c.status, c.created_on)
            .join(e, e.id == c.encounter_id).join(p, p.id == c.payer_id)
            .where(e.patient_id == patient_id).order_by(c.created_on, c.id))
    return [LedgerClaim(*row) for row in session.execute(stmt)]
