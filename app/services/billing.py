"""Claim building and scrubbing: coded visits become clean claims."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.domain.changes import Changes
from app.domain.claims import Claim, ClaimStatus, StatusMove
from app.domain.errors import UserError
from app.domain.findings import Finding, Severity
from app.domain.ledger import Account, EntryKind, LedgerEntry
from app.domain.patients import Policy
from app.domain.progress import CancelToken, ProgressFn, no_progress
from app.scrub.context import CodeFacts
from app.scrub.registry import run_rules
from app.services.encounters import default_facts
from app.services.scrub_inputs import claim_input, fee_codes
from app.store import coding_repo
from app.store import repository as repo
from app.store.claim_source import next_control_number
from app.store.claims.bundles import EncounterBundle, Loader, claims_for_encounter
from app.store.claims.reader import read_claim, read_claims
from app.store.claims.related import coded_without_claim
from app.store.claims.writer import insert_claim, move_statuses
from app.store.database import Database, UnitOfWork

ORDER = {"P": 0, "S": 1, "T": 2}
SCRUBBABLE = (ClaimStatus.DRAFT, ClaimStatus.READY)


@dataclass
class BuildResult:
    """What one build run did."""

    claims: list[int] = field(default_factory=list)
    ready: int = 0
    draft: int = 0
    self_pay: int = 0
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ScrubResult:
    """One claim's scrub outcome."""

    claim_id: int
    control_number: str
    status: str
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        """Blocking findings."""
        return sum(1 for f in self.findings if f.severity == Severity.ERROR)


def responsible_policy(bundle: EncounterBundle) -> Policy | None:
    """The first policy in COB order (primary, secondary, tertiary) in force on the DOS."""
    dos = bundle.encounter.date_of_service
    covering = [p for p in bundle.policies if p.covers(dos)
                and not bundle.payers[p.payer_id].is_self_pay]
    return min(covering, key=lambda p: ORDER[p.order], default=None)


def _charge_entries(bundle: EncounterBundle, claim_id: int | None,
                    today: date) -> list[LedgerEntry]:
    account = Account.PAYER if claim_id else Account.PATIENT
    enc = bundle.encounter
    return [LedgerEntry(patient_id=enc.patient_id, encounter_id=enc.id, claim_id=claim_id,
                        line_id=line.id, kind=EntryKind.CHARGE, account=account,
                        amount=line.charge, posted_on=today,
                        memo=f"{line.code} {' '.join(line.modifiers)}".strip())
            for line in enc.lines]


def _blocking(findings: list[Finding], accepted: dict[tuple[str, str], str]) -> bool:
    return any(f.severity == Severity.ERROR or (
        f.severity == Severity.WARNING and (f.rule_id, f.location) not in accepted)
        for f in findings)


def _scrub_one(session: Any, loader: Loader, claim: Claim, facts: CodeFacts, today: date,
               codes: frozenset[str]) -> ScrubResult:
    bundle = loader.encounter_bundle(claim.encounter_id)
    findings = run_rules(claim_input(session, bundle, claim, facts, today=today,
                                     codes_on_schedule=codes))
    coding_repo.save_findings(session, claim.encounter_id, claim.id, findings)
    accepted = coding_repo.overrides(session, claim.encounter_id, claim.id)
    blocked = _blocking(findings, accepted)
    target = ClaimStatus.DRAFT if blocked else ClaimStatus.READY
    if claim.status in SCRUBBABLE and claim.status != target:
        reason = f"scrub: {sum(f.blocking for f in findings)} error(s)" if blocked \
            else "scrub: clean"
        claim = move_statuses(session, [StatusMove(claim.id or 0, target, reason,
                                                   expected=claim.status)])[0]
    return ScrubResult(claim.id or 0, claim.control_number, claim.status, tuple(findings))


def _build_one(session: Any, loader: Loader, encounter_id: int, today: date,
               result: BuildResult) -> Claim | None:
    bundle = loader.encounter_bundle(encounter_id)
    enc = bundle.encounter
    if enc.coding_status != "coded":
        result.skipped.append(f"visit {encounter_id}: not coded")
        return None
    if any(c.status != ClaimStatus.VOID for c in claims_for_encounter(session, encounter_id)):
        result.skipped.append(f"visit {encounter_id}: already has a claim")
        return None
    policy = responsible_policy(bundle)
    if policy is None:
        posted = repo.entries_for(session, patient_id=enc.patient_id)
        if not any(e.encounter_id == encounter_id for e in posted):  # charge once
            repo.append_entries(session, _charge_entries(bundle, None, today))
        result.self_pay += 1
        return None
    claim = insert_claim(session, Claim(
        encounter_id=encounter_id, policy_id=policy.id or 0, payer_id=policy.payer_id,
        control_number=next_control_number(session), responsibility=policy.order,
        status=ClaimStatus.DRAFT, created_on=today), "built from coded visit")
    repo.append_entries(session, _charge_entries(bundle, claim.id, today))
    return claim


def build_claims(db: Database, encounter_ids: list[int] | None = None, *,
                 facts: CodeFacts | None = None, today: date | None = None,
                 progress: ProgressFn = no_progress,
                 cancel: CancelToken | None = None) -> tuple[BuildResult, Changes]:
    """Build and scrub claims for coded visits (all coded visits without a claim by default).

    All or nothing: one transaction; a cancel or an error leaves no claim behind.
    """
    facts = facts or default_facts()
    today = today or date.today()
    result = BuildResult()
    with UnitOfWork(db) as uow:
        s = uow.session
        ids = encounter_ids if encounter_ids is not None else coded_without_claim(s)
        loader, codes = Loader(s), fee_codes(s, today)
        for done, encounter_id in enumerate(ids):
            if cancel:
                cancel.check()
            progress(done, len(ids), "Building claims")
            claim = _build_one(s, loader, encounter_id, today, result)
            if claim is not None:
                scrub = _scrub_one(s, loader, claim, facts, today, codes)
                result.claims.append(claim.id or 0)
                result.ready += scrub.status == ClaimStatus.READY
                result.draft += scrub.status == ClaimStatus.DRAFT
        uow.commit()
    progress(len(ids), len(ids), "Done")
    return result, Changes(claims=True, charges=True, encounters=True)


def scrub_built(session: Any, claim_ids: list[int], today: date,
                facts: CodeFacts | None = None) -> list[ScrubResult]:
    """Scrub claims just built inside the caller's unit of work (replacement, secondary).

    The same rules as ``build_claims``: a clean claim moves to ready, one with findings stays
    draft with its findings saved.
    """
    if not claim_ids:
        return []
    facts = facts or default_facts()
    loader, codes = Loader(session), fee_codes(session, today)
    return [_scrub_one(session, loader, claim, facts, today, codes)
            for claim in read_claims(session, claim_ids, trusted=False)]


def scrub_claims(db: Database, claim_ids: list[int] | None = None, *,
                 facts: CodeFacts | None = None, today: date | None = None,
                 progress: ProgressFn = no_progress,
                 cancel: CancelToken | None = None) -> tuple[list[ScrubResult], Changes]:
    """Scrub claims (all draft and ready claims by default); drafts that pass become ready."""
    facts = facts or default_facts()
    today = today or date.today()
    out = []
    with UnitOfWork(db) as uow:
        s = uow.session
        ids = claim_ids if claim_ids is not None else repo.claim_ids_with_status(
            s, [st.value for st in SCRUBBABLE])
        loader, codes = Loader(s), fee_codes(s, today)
        for done, claim in enumerate(read_claims(s, ids, trusted=False)):
            if cancel:
                cancel.check()
            progress(done, len(ids), "Scrubbing claims")
            out.append(_scrub_one(s, loader, claim, facts, today, codes))
        uow.commit()
    return out, Changes(claims=True)


def findings(db: Database, claim_id: int) -> list[Finding]:
    """The findings of the claim's latest scrub."""
    with db.reading() as session:
        return coding_repo.latest_findings(session, claim_id)


def accept_warning(db: Database, claim_id: int, rule_id: str, location: str,
                   reason: str) -> Changes:
    """Accept a scrubber warning on a claim with a reason (audited), then re-scrub it."""
    if not reason.strip():
        raise UserError("Give a reason for accepting the warning.")
    with UnitOfWork(db) as uow:
        claim = read_claim(uow.session, claim_id)
        coding_repo.add_override(uow.session, claim.encounter_id, claim_id, rule_id, location,
                                 reason.strip())
        uow.commit()
    scrub_claims(db, [claim_id])
    return Changes(claims=True)


def hold(db: Database, claim_id: int, reason: str) -> Changes:
    """Put a claim on hold with a reason."""
    if not reason.strip():
        raise UserError("Give a reason for the hold.")
    return _move(db, claim_id, ClaimStatus.ON_HOLD, reason.strip())


def release(db: Database, claim_id: int, reason: str = "released") -> Changes:
    """Release a held claim back to draft and scrub it again."""
    changes = _move(db, claim_id, ClaimStatus.DRAFT, reason)
    scrub_claims(db, [claim_id])
    return changes


def _move(db: Database, claim_id: int, target: ClaimStatus, reason: str) -> Changes:
    with UnitOfWork(db) as uow:
        move_statuses(uow.session, [StatusMove(claim_id, target, reason, status_note=reason)])
        uow.commit()
    return Changes(claims=True)
