"""Claim look-ups around one claim: coded visits without a claim, same-day lines, duplicates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.claims import Claim
from app.store import tables as t


def coded_without_claim(session: Session) -> list[int]:
    """Coded encounters that have no live claim yet (oldest first)."""
    live = select(t.ClaimRow.encounter_id).where(t.ClaimRow.status != "void")
    stmt = (select(t.EncounterRow.id).where(t.EncounterRow.coding_status == "coded",
                                            t.EncounterRow.id.not_in(live))
            .order_by(t.EncounterRow.date_of_service, t.EncounterRow.id))
    return list(session.scalars(stmt))


def same_day_lines(session: Session, patient_id: int, day: date,
                   exclude_encounter: int | None = None
                   ) -> list[tuple[int, str, tuple[str, ...], int]]:
    """(encounter id, code, modifiers, rendering provider) of the patient's other lines."""
    stmt = (select(t.EncounterRow.id, t.ServiceLineRow.code, t.ServiceLineRow.modifiers,
                   t.EncounterRow.rendering_provider_id)
            .join(t.ServiceLineRow, t.ServiceLineRow.encounter_id == t.EncounterRow.id)
            .where(t.EncounterRow.patient_id == patient_id,
                   t.EncounterRow.date_of_service == day))
    if exclude_encounter is not None:
        stmt = stmt.where(t.EncounterRow.id != exclude_encounter)
    return [(eid, code, tuple(x for x in mods.split(",") if x), prov)
            for eid, code, mods, prov in session.execute(stmt)]


def duplicate_claims(session: Session, claim: Claim) -> list[str]:
    """Other live claims to the same payer: same patient, same date, a shared code."""
    enc = session.get(t.EncounterRow, claim.encounter_id)
    if enc is None:
        return []
    codes = [line.code for line in enc.lines]
    other_line = t.ServiceLineRow
    stmt = (select(t.ClaimRow.control_number).distinct()
            .join(t.EncounterRow, t.EncounterRow.id == t.ClaimRow.encounter_id)
            .join(other_line, other_line.encounter_id == t.EncounterRow.id)
            .where(t.EncounterRow.patient_id == enc.patient_id,
                   t.EncounterRow.date_of_service == enc.date_of_service,
                   t.ClaimRow.payer_id == claim.payer_id,
                   t.ClaimRow.id != claim.id,
                   t.ClaimRow.encounter_id != claim.encounter_id,
                   t.ClaimRow.status.not_in(("void",)),
                   other_line.code.in_(codes)))
    return list(session.scalars(stmt))
