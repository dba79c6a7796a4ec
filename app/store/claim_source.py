"""Load everything one claim needs (for building, scrubbing, the 837P and the CMS-1500)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.claims import Claim
from app.domain.encounters import Encounter
from app.domain.errors import NotFound
from app.domain.ledger import LedgerEntry
from app.domain.patients import EligibilityCheck, Patient, Policy, PriorAuth
from app.domain.practice import Clearinghouse, Payer, Practice, Provider
from app.store import mapping as m
from app.store import repository as repo
from app.store import tables as t


@dataclass(frozen=True)
class EncounterBundle:
    """An encounter with the records around it."""

    encounter: Encounter
    patient: Patient
    policies: list[Policy]
    payers: dict[int, Payer]
    providers: dict[int, Provider]
    practice: Practice | None
    clearinghouse: Clearinghouse | None
    eligibility: list[EligibilityCheck]
    prior_auths: list[PriorAuth]


@dataclass(frozen=True)
class ClaimBundle:
    """A claim with its encounter bundle and ledger entries."""

    claim: Claim
    bundle: EncounterBundle
    entries: list[LedgerEntry]


def get_encounter(session: Session, encounter_id: int) -> Encounter:
    """One encounter with diagnoses and lines.

    Raises:
        NotFound: no such encounter.
    """
    row = session.get(t.EncounterRow, encounter_id)
    if row is None:
        raise NotFound("The encounter no longer exists.")
    return m.encounter_to_domain(row)


class Loader:
    """Loads bundles in one session, reading the practice setup (payers, providers) once."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.payers = {p.id: p for p in repo.list_payers(session) if p.id is not None}
        self.providers = {p.id: p for p in repo.list_providers(session) if p.id is not None}
        self.practice = repo.get_practice(session)
        self.clearinghouse = repo.get_clearinghouse(session)

    def encounter_bundle(self, encounter_id: int) -> EncounterBundle:
        """The encounter, its patient, policies, payers, providers and practice."""
        s = self.session
        encounter = get_encounter(s, encounter_id)
        return EncounterBundle(
            encounter=encounter, patient=repo.get_patient(s, encounter.patient_id),
            policies=repo.policies_for(s, encounter.patient_id), payers=self.payers,
            providers=self.providers, practice=self.practice,
            clearinghouse=self.clearinghouse,
            eligibility=repo.eligibility_for(s, encounter.patient_id),
            prior_auths=repo.auths_for(s, encounter.patient_id))

    def claim_bundle(self, claim_id: int) -> ClaimBundle:
        """A claim with everything around it."""
        claim = repo.get_claim(self.session, claim_id)
        return ClaimBundle(claim=claim, bundle=self.encounter_bundle(claim.encounter_id),
                           entries=repo.entries_for(self.session, claim_id=claim_id))


def encounter_bundle(session: Session, encounter_id: int) -> EncounterBundle:
    """The encounter, its patient, policies, payers, providers and practice."""
    return Loader(session).encounter_bundle(encounter_id)


def claim_bundle(session: Session, claim_id: int) -> ClaimBundle:
    """A claim with everything around it."""
    return Loader(session).claim_bundle(claim_id)


def coded_without_claim(session: Session) -> list[int]:
    """Coded encounters that have no live claim yet (oldest first)."""
    live = select(t.ClaimRow.encounter_id).where(t.ClaimRow.status != "void")
    stmt = (select(t.EncounterRow.id).where(t.EncounterRow.coding_status == "coded",
                                            t.EncounterRow.id.not_in(live))
            .order_by(t.EncounterRow.date_of_service, t.EncounterRow.id))
    return list(session.scalars(stmt))


def claims_for_encounter(session: Session, encounter_id: int) -> list[Claim]:
    """All claims of an encounter (any status)."""
    stmt = select(t.ClaimRow).where(t.ClaimRow.encounter_id == encounter_id).order_by(
        t.ClaimRow.id)
    return [m.claim_to_domain(r) for r in session.scalars(stmt)]


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


def insert_claim(session: Session, claim: Claim) -> Claim:
    """Insert a new claim row."""
    row = t.ClaimRow(**{k: v for k, v in m.claim_values(claim).items() if k != "id"})
    session.add(row)
    session.flush()
    return m.claim_to_domain(row)


def next_control_number(session: Session) -> str:
    """A new unique patient control number (CLM01), ``C`` + 7 digits."""
    from sqlalchemy import func

    highest = session.scalar(select(func.max(t.ClaimRow.id))) or 0
    number = max(repo.next_number(session, "claim"), highest + 1)
    while session.scalar(select(t.ClaimRow.id).where(
            t.ClaimRow.control_number == f"C{number:07d}")) is not None:
        number += 1
    repo.set_setting(session, "counter.claim", str(number))
    return f"C{number:07d}"
