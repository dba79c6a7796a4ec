"""Claim bundles: a claim with everything around it (building, scrubbing, 837P, CMS-1500).

``Loader`` reads many at once for batch work; claims themselves come from ``reader``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Integer, func, select, type_coerce
from sqlalchemy.orm import Session

from app.domain.claims import Claim
from app.domain.encounters import Encounter, ServiceLine
from app.domain.errors import NotFound
from app.domain.ledger import LedgerEntry
from app.domain.money import from_cents
from app.domain.patients import EligibilityCheck, Patient, Policy, PriorAuth
from app.domain.practice import Clearinghouse, Payer, Practice, Provider
from app.store import mapping as m
from app.store import repository as repo
from app.store import tables as t
from app.store.claims import reader
from app.store.id_lists import in_ids
from app.store.plain_rows import plain_rows


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


PREFETCH_CHUNK = 10_000


class Loader:
    """Loads bundles in one session, reading the practice setup (payers, providers) once."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.payers = {p.id: p for p in repo.list_payers(session) if p.id is not None}
        self.providers = {p.id: p for p in repo.list_providers(session) if p.id is not None}
        self.practice = repo.get_practice(session)
        self.clearinghouse = repo.get_clearinghouse(session)
        self._claims: dict[int, Claim] = {}
        self._encounters: dict[int, Encounter] = {}
        self._patients: dict[int, Patient] = {}
        self._policies: dict[int, list[Policy]] = {}
        self._checks: dict[int, list[EligibilityCheck]] = {}
        self._auths: dict[int, list[PriorAuth]] = {}
        self._patient_paid: dict[int, Decimal] = {}
        self._siblings: dict[int, list[Claim]] = {}

    def prefetch_claims(self, claim_ids: list[int], *, eligibility: bool = True,
                        siblings: bool = False, known: Iterable[Claim] = ()) -> None:
        """Read many claims and everything around them in a few queries (batch work).

        Reads plain rows (no ORM identity map): batch export and ERA posting read thousands
        of claims. With ``eligibility=False`` the bundles carry no eligibility checks (not
        needed to send, print or post a claim; the scrubber reads them itself).
        ``siblings`` also reads every claim of those encounters (``encounter_claims``).
        ``known`` are claims the caller just read in this session (they are not read again).
        """
        given = {c.id: c for c in known if c.id is not None}
        for start in range(0, len(claim_ids), PREFETCH_CHUNK):
            self._prefetch_chunk(claim_ids[start:start + PREFETCH_CHUNK], eligibility,
                                 siblings, given)

    def _prefetch_chunk(self, ids: list[int], eligibility: bool, siblings: bool,
                        given: dict[int, Claim]) -> None:
        s = self.session
        missing = [i for i in ids if i not in given]
        found = {c.id: c for c in reader.claims_where(
            s, in_ids(reader.CLAIMS.c.id, missing), trusted=True)} if missing else {}
        claims = [c for i in ids if (c := given.get(i) or found.get(i)) is not None]
        if siblings:  # the other claims of the same encounters
            own = {c.id for c in claims if c.id is not None}
            others = reader.claims_where(
                s, in_ids(reader.CLAIMS.c.encounter_id, {c.encounter_id for c in claims}),
                ~in_ids(reader.CLAIMS.c.id, own), trusted=True)
            by_encounter: dict[int, list[Claim]] = defaultdict(list)
            for c in sorted(claims + others, key=lambda c: c.id or 0):
                by_encounter[c.encounter_id].append(c)
            self._siblings.update(by_encounter)
        self._claims.update({c.id: c for c in claims if c.id is not None})
        enc_ids = {c.encounter_id for c in claims} - self._encounters.keys()
        self._load_encounters(enc_ids)
        pids = {self._encounters[e].patient_id for e in enc_ids} - self._policies.keys()
        self._load_patients(pids, eligibility)
        for cid in ids:
            self._patient_paid.setdefault(cid, from_cents(0))
        e = t.LedgerEntryRow
        stmt = (select(e.claim_id, func.sum(type_coerce(e.amount, Integer)))
                .where(in_ids(e.claim_id, ids), e.account == "patient", e.kind == "payment")
                .group_by(e.claim_id))
        for claim_id, cents in plain_rows(s, stmt):
            self._patient_paid[claim_id] = from_cents(cents or 0)

    def _load_encounters(self, enc_ids: set[int]) -> None:
        s = self.session
        dx_rows = plain_rows(s, select(t.DiagnosisRow.encounter_id, t.DiagnosisRow.code)
                            .where(in_ids(t.DiagnosisRow.encounter_id, enc_ids))
                            .order_by(t.DiagnosisRow.encounter_id, t.DiagnosisRow.position))
        diagnoses: dict[int, list[str]] = defaultdict(list)
        for enc_id, code in dx_rows:
            diagnoses[enc_id].append(code)
        lines: dict[int, list[ServiceLine]] = defaultdict(list)
        for r in plain_rows(s, select(t.ServiceLineRow.__table__)
                           .where(in_ids(t.ServiceLineRow.encounter_id, enc_ids))
                           .order_by(t.ServiceLineRow.encounter_id,
                                     t.ServiceLineRow.line_number)):
            lines[r.encounter_id].append(m.line_to_domain(r, trusted=True))
        for r in plain_rows(s, select(t.EncounterRow.__table__)
                           .where(in_ids(t.EncounterRow.id, enc_ids))):
            self._encounters[r.id] = m.encounter_from_parts(
                r, tuple(diagnoses[r.id]), tuple(lines[r.id]), trusted=True)

    def _load_patients(self, pids: set[int], eligibility: bool) -> None:
        s = self.session
        for r in plain_rows(s, select(t.PatientRow.__table__).where(in_ids(t.PatientRow.id, pids))):
            self._patients[r.id] = m.patient_to_domain(r, trusted=True)
        for pid in pids:
            self._policies[pid] = []
            self._checks[pid] = []
            self._auths[pid] = []
        policy_patient = {}
        for r in plain_rows(s, select(t.PolicyRow.__table__)
                           .where(in_ids(t.PolicyRow.patient_id, pids))
                           .order_by(t.PolicyRow.order, t.PolicyRow.id)):
            self._policies[r.patient_id].append(m.policy_to_domain(r, trusted=True))
            policy_patient[r.id] = r.patient_id
        if eligibility:
            for r in plain_rows(s, select(t.EligibilityRow.__table__).where(
                    in_ids(t.EligibilityRow.policy_id, policy_patient)).order_by(
                    t.EligibilityRow.checked_on.desc(), t.EligibilityRow.id.desc())):
                check = m.eligibility_to_domain(r, trusted=True)
                self._checks[policy_patient[r.policy_id]].append(check)
        for r in plain_rows(s, select(t.PriorAuthRow.__table__)
                           .where(in_ids(t.PriorAuthRow.patient_id, pids))
                           .order_by(t.PriorAuthRow.start_date.desc())):
            self._auths[r.patient_id].append(m.auth_to_domain(r, trusted=True))

    def encounter_bundle(self, encounter_id: int) -> EncounterBundle:
        """The encounter, its patient, policies, payers, providers and practice."""
        s = self.session
        encounter = self._encounters.get(encounter_id) or get_encounter(s, encounter_id)
        pid = encounter.patient_id
        cached = pid in self._policies
        return EncounterBundle(
            encounter=encounter,
            patient=self._patients[pid] if pid in self._patients else repo.get_patient(s, pid),
            policies=self._policies[pid] if cached else repo.policies_for(s, pid),
            payers=self.payers, providers=self.providers, practice=self.practice,
            clearinghouse=self.clearinghouse,
            eligibility=self._checks[pid] if cached else repo.eligibility_for(s, pid),
            prior_auths=self._auths[pid] if cached else repo.auths_for(s, pid))

    def claim_bundle(self, claim_id: int) -> ClaimBundle:
        """A claim with everything around it (its ledger entries read fresh)."""
        claim = self.claim(claim_id)
        return ClaimBundle(claim=claim, bundle=self.encounter_bundle(claim.encounter_id),
                           entries=repo.entries_for(self.session, claim_id=claim_id))

    def claim(self, claim_id: int) -> Claim:
        """A claim as prefetched (or read now when it was not)."""
        return self._claims.get(claim_id) or reader.read_claim(self.session, claim_id)

    def forget_claims(self, claim_ids: Iterable[int]) -> None:
        """Drop cached claims that were changed (the next read sees the stored state)."""
        gone = set(claim_ids)
        for claim_id in gone:
            self._claims.pop(claim_id, None)
        for enc_id, claims in list(self._siblings.items()):
            if any(c.id in gone for c in claims):
                del self._siblings[enc_id]

    def encounter_claims(self, encounter_id: int) -> list[Claim]:
        """Every claim of an encounter (any status), oldest first."""
        cached = self._siblings.get(encounter_id)
        return list(cached) if cached is not None else claims_for_encounter(
            self.session, encounter_id)

    def remember_claim(self, claim: Claim) -> None:
        """Keep a claim created in this unit of work in the caches (it has its id)."""
        if claim.id is not None:
            self._claims[claim.id] = claim
        if claim.encounter_id in self._siblings:
            self._siblings[claim.encounter_id].append(claim)

    def claim_without_entries(self, claim_id: int) -> ClaimBundle:
        """A claim and its visit without ledger entries (batch export of primary claims)."""
        claim = self.claim(claim_id)
        return ClaimBundle(claim=claim, bundle=self.encounter_bundle(claim.encounter_id),
                           entries=[])

    def patient_paid(self, claim_id: int) -> Decimal | None:
        """Patient payments on the claim (box 29), when prefetched."""
        return self._patient_paid.get(claim_id)


def encounter_bundle(session: Session, encounter_id: int) -> EncounterBundle:
    """The encounter, its patient, policies, payers, providers and practice."""
    return Loader(session).encounter_bundle(encounter_id)


def claim_bundle(session: Session, claim_id: int) -> ClaimBundle:
    """A claim with everything around it."""
    return Loader(session).claim_bundle(claim_id)


def claims_for_encounter(session: Session, encounter_id: int) -> list[Claim]:
    """All claims of an encounter (any status), oldest first."""
    return reader.claims_of_encounters(session, [encounter_id], trusted=False).get(
        encounter_id, [])
