"""ERA (835) import: preview, then all-or-nothing posting to the ledger.

Every dollar lands on a line (or the claim), every denial becomes a work item routed to the step
that caused it, PR moves to the next payer or the patient, unmatched claims wait in the exception
queue with their money in suspense, and the same payment never posts twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.domain.changes import Changes
from app.domain.claims import Claim, ClaimStatus, StatusMove, can_transition
from app.domain.encounters import ServiceLine
from app.domain.errors import ImportRejected, Problem, UserError
from app.domain.ledger import Account, EntryKind, GroupCode, LedgerEntry
from app.domain.money import ZERO
from app.domain.remittance import Adjustment, ClaimPayment, Remittance, ServicePayment
from app.domain.sent_claim import SentLineKey
from app.domain.shortfall import is_contractual, is_denial
from app.services.billing import scrub_built
from app.services.bulk_work import collector_paused
from app.services.remit_screen import HeldItem, Screen
from app.store import deposits_repo, remit_repo
from app.store import fees as fee_store
from app.store import repository as repo
from app.store.claim_source import ControlNumbers
from app.store.claims import snapshots
from app.store.claims.bundles import EncounterBundle, Loader
from app.store.claims.writer import NewClaims, move_statuses
from app.store.database import Database, UnitOfWork
from app.x12.codes_835 import carc_owner, describe_adjustment
from app.x12.reader_835 import read_835

APPEAL_WINDOW_DAYS = 90
ORDER = {"P": 0, "S": 1, "T": 2}


@dataclass
class PostingSummary:
    """What an 835 import did (or, for a preview, would do)."""

    file: str
    dry_run: bool = False
    payments: int = 0
    claims_matched: int = 0
    paid: Decimal = ZERO
    adjusted: Decimal = ZERO
    patient_responsibility: Decimal = ZERO
    denials: int = 0
    exceptions: int = 0
    underpayments: int = 0
    provider_adjustments: Decimal = ZERO
    secondary_claims: list[str] = field(default_factory=list)
    secondary_claim_ids: list[int] = field(default_factory=list)
    already_posted: list[str] = field(default_factory=list)
    held: list[HeldItem] = field(default_factory=list)  # CLPs held by the remit checks
    warnings: list[str] = field(default_factory=list)  # located reader warnings (not blocking)


@dataclass
class _Ctx:
    session: Any
    loader: Loader
    payment_id: int
    payment_date: date
    trace: str
    summary: PostingSummary
    today: date
    pending: list[LedgerEntry] = field(default_factory=list)
    known: dict[str, Claim] = field(default_factory=dict)
    contracts: dict[tuple[int, str, str], list[tuple[date, Decimal]]] | None = None

    state: dict[int, tuple[ClaimStatus, str]] = field(default_factory=dict)
    moves: list[StatusMove] = field(default_factory=list)
    remits: list[dict[str, Any]] = field(default_factory=list)
    denials: list[dict[str, Any]] = field(default_factory=list)
    next_remit_id: int = 0
    numbers: ControlNumbers | None = None
    new_claims: NewClaims | None = None
    sent: dict[int, tuple[SentLineKey, ...]] = field(default_factory=dict)  # lines as sent

    def add_remit(self, **values: Any) -> int:
        """Queue one remitted-claim row; returns the id it will have."""
        if not self.next_remit_id:
            self.next_remit_id = remit_repo.next_remit_claim_id(self.session)
        remit_id = self.next_remit_id
        self.next_remit_id += 1
        self.remits.append({"id": remit_id, **values})
        return remit_id

    def add_denial(self, **values: Any) -> None:
        """Queue one denial work item."""
        self.denials.append(values)

    def new_claim(self, claim: Claim, reason: str) -> Claim:
        """Create a claim (written by ``flush``, before the entries that name it)."""
        if self.new_claims is None:
            self.new_claims = NewClaims(self.session)
        stored = self.new_claims.add(claim, reason)
        self.loader.remember_claim(stored)
        return stored

    def control_number(self) -> str:
        """A new claim control number (for secondary claims built while posting)."""
        if self.numbers is None:
            self.numbers = ControlNumbers(self.session)
        return self.numbers.take()

    def status_of(self, claim: Claim) -> tuple[ClaimStatus, str]:
        """The claim's status and payer claim number as posted so far in this run."""
        if claim.id not in self.state:
            fresh = self.loader.claim(claim.id or 0)
            self.state[claim.id or 0] = (ClaimStatus(fresh.status), fresh.payer_claim_number)
        return self.state[claim.id or 0]

    def move(self, claim_id: int, status: ClaimStatus, reason: str, number: str) -> None:
        """Queue a claim's move (a note when ``status`` is its current one) and number."""
        self.state[claim_id] = (status, number)
        self.moves.append(StatusMove(claim_id, status, reason, payer_claim_number=number))

    def flush(self) -> None:
        """Write the queued rows, entries, claim updates and history in a few statements."""
        if self.new_claims is not None:
            self.new_claims.flush()
        remit_repo.bulk_add_remit_claims(self.session, self.remits)
        remit_repo.bulk_add_denials(self.session, self.denials)
        if self.numbers is not None:
            self.numbers.save()
        repo.bulk_append_entries(self.session, self.pending)
        move_statuses(self.session, self.moves, returning=False)
        self.loader.forget_claims({m.claim_id for m in self.moves})
        self.pending, self.moves = [], []
        self.remits, self.denials, self.next_remit_id = [], [], 0
        self.session.expire_all()


def _entry(ctx: _Ctx, claim: Claim, bundle: EncounterBundle, kind: EntryKind,
           account: Account, amount: Decimal, line_id: int | None, group: str | None = None,
           reason: str = "", memo: str = "", claim_id: int | None = None) -> LedgerEntry:
    return LedgerEntry(patient_id=bundle.encounter.patient_id,
                       encounter_id=bundle.encounter.id, claim_id=claim_id or claim.id,
                       line_id=line_id, kind=kind, account=account, amount=amount,
                       group_code=GroupCode(group) if group else None, reason_code=reason,
                       reference=ctx.trace, posted_on=ctx.payment_date, memo=memo[:200],
                       payment_id=ctx.payment_id)


def _match_line(bundle: EncounterBundle, claim: Claim, svc: ServicePayment,
                sent: tuple[SentLineKey, ...] | None = None) -> int | None:
    lines: Sequence[ServiceLine | SentLineKey] = sent or bundle.encounter.lines  # as sent
    ref = svc.line_control_number
    if ref.startswith(f"{claim.control_number}-"):
        number = ref.rsplit("-", 1)[1]
        found = [x for x in lines if str(x.line_number) == number]
        if found:
            return found[0].id
    code = svc.original_code or svc.code
    mods = svc.original_modifiers if svc.original_code else svc.modifiers
    exact = [x for x in lines if x.code == code and x.modifiers == mods]
    loose = [x for x in lines if x.code == code]
    chosen = exact or loose
    return chosen[0].id if chosen else None


def _adjustment_entries(ctx: _Ctx, claim: Claim, bundle: EncounterBundle,
                        adjustments: tuple[Adjustment, ...],
                        line_id: int | None) -> list[LedgerEntry]:
    out = []
    for adj in adjustments:
        if adj.group == "OA" and adj.reason == "23" and claim.responsibility != "P":
            continue  # the prior payer's impact: already outside this claim's billed amount
        memo = describe_adjustment(adj.group, adj.reason)
        if adj.group == "PR":
            out.append(_entry(ctx, claim, bundle, EntryKind.TRANSFER, Account.PATIENT,
                              adj.amount, line_id, "PR", adj.reason, memo))
            ctx.summary.patient_responsibility += adj.amount
        else:
            out.append(_entry(ctx, claim, bundle, EntryKind.ADJUSTMENT, Account.PAYER,
                              adj.amount, line_id, adj.group, adj.reason, memo))
            ctx.summary.adjusted += adj.amount
    return out


#: Contractual reductions (CO-45 over the fee schedule, CO-253 sequestration): routine on a
#: paid line or one the patient owes (deductible, coinsurance), never a denial there.
def denied_adjustments(paid: Decimal, adjustments: tuple[Adjustment, ...]
                       ) -> tuple[Adjustment, ...]:
    """The adjustments that make an unpaid line a denial (none on a paid line).

    A $0 line whose only non-PR adjustments are contractual reductions while the patient owes
    (deductible-only) is adjudicated, not denied.
    """
    if paid != 0:
        return ()
    others = tuple(a for a in adjustments if a.group != "PR" and a.amount > 0)
    patient_owes = any(a.group == "PR" and a.amount > 0 for a in adjustments)
    if patient_owes:
        others = tuple(a for a in others if not is_contractual(a.group, a.reason))
    return others


def _denials(ctx: _Ctx, claim: Claim, bundle: EncounterBundle, payer_days: int,
             adjustments: tuple[Adjustment, ...], line_id: int | None, remit_id: int,
             remarks: tuple[str, ...]) -> None:
    for adj in adjustments:
        if not is_denial(adj):  # PR and contractual write-offs are not worked as denials
            continue
        owner = carc_owner(adj.reason)
        owner_name = owner.value if owner else "payer"
        deadline = ctx.payment_date + timedelta(days=APPEAL_WINDOW_DAYS) \
            if owner_name == "payer" else \
            bundle.encounter.date_of_service + timedelta(days=payer_days or 365)
        ctx.add_denial(claim_id=claim.id, line_id=line_id, remit_claim_id=remit_id,
                       group_code=adj.group, reason_code=adj.reason,
                       remark_codes=",".join(remarks), amount=adj.amount, owner=owner_name,
                       explanation=describe_adjustment(adj.group, adj.reason),
                       deadline=deadline)
        ctx.summary.denials += 1


def _underpaid(ctx: _Ctx, claim: Claim, bundle: EncounterBundle, svc: ServicePayment,
               line_id: int | None, remit_id: int) -> None:
    allowed = svc.allowed
    if allowed is None or svc.paid <= 0:
        return
    if ctx.contracts is None:
        ctx.contracts = fee_store.contract_table(ctx.session)
    contract = fee_store.allowed_in(ctx.contracts, claim.payer_id, svc.code,
                                    svc.modifiers[0] if svc.modifiers else "",
                                    bundle.encounter.date_of_service)
    if contract is not None and allowed < contract:
        ctx.add_denial(
            claim_id=claim.id, line_id=line_id, remit_claim_id=remit_id, group_code="OA",
            reason_code="UNDER", remark_codes="", amount=contract - allowed, owner="payer",
            explanation=f"Underpaid: {svc.procedure} allowed {allowed:.2f}, contract "
                        f"{contract:.2f}.",
            deadline=ctx.payment_date + timedelta(days=APPEAL_WINDOW_DAYS))
        ctx.summary.underpayments += 1


def _next_policy(bundle: EncounterBundle, claim: Claim) -> Any:
    dos = bundle.encounter.date_of_service
    later = [p for p in bundle.policies if ORDER[p.order] > ORDER[claim.responsibility]
             and p.covers(dos) and not bundle.payers[p.payer_id].is_self_pay]
    return min(later, key=lambda p: ORDER[p.order], default=None)


def _secondary(ctx: _Ctx, claim: Claim, bundle: EncounterBundle,
               transfers: list[LedgerEntry]) -> list[LedgerEntry]:
    """Move this remit's PR to the next payer's claim (built now if needed)."""
    policy = _next_policy(bundle, claim)
    total = sum((e.amount for e in transfers), ZERO)
    if policy is None or total <= 0:
        return []
    existing = [c for c in ctx.loader.encounter_claims(claim.encounter_id)
                if c.responsibility == policy.order and c.status != ClaimStatus.VOID]
    target = existing[0] if existing else ctx.new_claim(Claim(
        encounter_id=claim.encounter_id, policy_id=policy.id, payer_id=policy.payer_id,
        control_number=ctx.control_number(), responsibility=policy.order,
        status=ClaimStatus.DRAFT, created_on=ctx.today, original_claim_id=None),
        f"secondary claim built from {claim.control_number}'s remittance")
    if not existing:
        ctx.summary.secondary_claims.append(target.control_number)
        ctx.summary.secondary_claim_ids.append(target.id or 0)
    return [e.model_copy(update={"kind": EntryKind.TRANSFER, "account": Account.PAYER,
                                 "claim_id": target.id, "group_code": GroupCode.PR,
                                 "memo": f"patient share moved to {target.control_number}"})
            for e in transfers]


def _status_after(clp: ClaimPayment, denied_lines: int) -> ClaimStatus:
    if clp.status_code == "4" or (clp.paid == 0 and not any(
            a.group == "PR" for a in clp.all_adjustments)):
        return ClaimStatus.DENIED
    return ClaimStatus.PARTIAL if denied_lines else ClaimStatus.PAID


def _advance(ctx: _Ctx, claim: Claim, target: ClaimStatus, reason: str,
             payer_claim_number: str) -> None:
    """Move the claim to ``target`` through the transition table (via submitted if needed)."""
    current, number = ctx.status_of(claim)
    path: list[ClaimStatus] = []
    if can_transition(current, target):
        path = [target]
    elif can_transition(current, ClaimStatus.SUBMITTED) and \
            can_transition(ClaimStatus.SUBMITTED, target):
        path = [ClaimStatus.SUBMITTED, target]
    number = payer_claim_number or number
    for step in path:
        ctx.move(claim.id or 0, step, reason, number)
    if not path:  # a note when the table allows no move; the number is saved either way
        ctx.move(claim.id or 0, current, f"{reason} (status left at {current.value})"
                 if target != current else "", number)


def _post_services(ctx: _Ctx, claim: Claim, bundle: EncounterBundle, clp: ClaimPayment,
                   remit_id: int, payer_days: int) -> tuple[list[LedgerEntry], int]:
    entries: list[LedgerEntry] = []
    denied_lines = 0
    for svc in clp.services:
        line_id = _match_line(bundle, claim, svc, ctx.sent.get(claim.id or 0))
        if svc.paid:
            entries.append(_entry(ctx, claim, bundle, EntryKind.PAYMENT, Account.PAYER,
                                  svc.paid, line_id, memo=f"paid {svc.procedure}"))
            ctx.summary.paid += svc.paid
        entries += _adjustment_entries(ctx, claim, bundle, svc.adjustments, line_id)
        if not clp.is_reversal:
            denied = denied_adjustments(svc.paid, svc.adjustments)
            if denied:
                denied_lines += 1
                _denials(ctx, claim, bundle, payer_days, denied, line_id, remit_id,
                         svc.remark_codes + clp.remark_codes)
            _underpaid(ctx, claim, bundle, svc, line_id, remit_id)
    return entries, denied_lines


def _post_claim(ctx: _Ctx, clp: ClaimPayment) -> None:
    s = ctx.session
    claim = ctx.known.get(clp.patient_control_number) or \
        ctx.known.get(clp.payer_claim_control_number) or \
        remit_repo.find_claim(s, clp.patient_control_number, clp.payer_claim_control_number)
    common = {"payment_id": ctx.payment_id, "control_number": clp.patient_control_number,
              "status_code": clp.status_code, "charge": clp.charge, "paid": clp.paid,
              "patient_responsibility": clp.patient_responsibility,
              "payer_claim_number": clp.payer_claim_control_number,
              "detail_json": clp.model_dump_json()}
    if claim is None:
        ctx.add_remit(claim_id=None, state="exception", **common)
        remit_repo.reduce_suspense(s, ctx.payment_id, -clp.paid)
        ctx.summary.exceptions += 1
        return
    if clp.status_code in ("23", "25"):  # forwarded elsewhere / predetermination: no money
        ctx.add_remit(claim_id=claim.id, state="info", **common)
        return
    remit_id = ctx.add_remit(claim_id=claim.id, state="posted", **common)
    bundle = ctx.loader.encounter_bundle(claim.encounter_id)
    payer_days = bundle.payers[claim.payer_id].timely_filing_days
    entries, denied = _post_services(ctx, claim, bundle, clp, remit_id, payer_days)
    if clp.paid and not clp.services:
        entries.append(_entry(ctx, claim, bundle, EntryKind.PAYMENT, Account.PAYER, clp.paid,
                              None, memo="claim payment"))
        ctx.summary.paid += clp.paid
    entries += _adjustment_entries(ctx, claim, bundle, clp.adjustments, None)
    if not clp.is_reversal and clp.status_code == "4":
        _denials(ctx, claim, bundle, payer_days, clp.adjustments, None, remit_id,
                 clp.remark_codes)
    if not clp.is_reversal and not clp.is_crossover:
        transfers = [e for e in entries if e.kind == EntryKind.TRANSFER]
        entries += _secondary(ctx, claim, bundle, transfers)
    ctx.pending += entries
    ctx.summary.claims_matched += 1
    if clp.is_reversal:
        status, number = ctx.status_of(claim)
        ctx.move(claim.id or 0, status, f"payment reversed by the payer (trace {ctx.trace})",
                 number or clp.payer_claim_control_number)
        return
    _advance(ctx, claim, _status_after(clp, denied),
             f"835 {clp.status_label or clp.status_code}, trace {ctx.trace}",
             clp.payer_claim_control_number)


def _post_plb(ctx: _Ctx, remit: Remittance) -> None:
    for plb in remit.provider_adjustments:
        claim = remit_repo.find_claim_by_reference(ctx.session, plb.reference) \
            if plb.reason == "WO" else None
        remit_repo.add_provider_adjustment(
            ctx.session, payment_id=ctx.payment_id, reason=plb.reason, reference=plb.reference,
            amount=plb.amount, claim_id=claim.id if claim else None,
            state="applied" if claim else "open")
        ctx.summary.provider_adjustments += plb.amount
        if claim is not None and plb.amount > 0:  # recoupment against the named claim
            bundle = ctx.loader.encounter_bundle(claim.encounter_id)
            ctx.pending.append(_entry(
                ctx, claim, bundle, EntryKind.PAYMENT, Account.PAYER, -plb.amount, None,
                memo=f"overpayment recovered (PLB WO {plb.reference})"))


def _post_remittance(session: Any, loader: Loader, remit: Remittance, file_id: int,
                     summary: PostingSummary, today: date) -> None:
    earlier = remit_repo.payment_by_trace(session, remit.payer_id, remit.trace_number)
    if earlier is not None:
        if earlier.amount != remit.total_paid:
            raise ImportRejected([Problem(
                summary.file, "TRN02", f"payment {remit.trace_number} was posted on "
                f"{earlier.posted_at:%m/%d/%Y} for {earlier.amount:.2f}; this file says "
                f"{remit.total_paid:.2f}. Conflict: nothing was posted.")])
        summary.already_posted.append(
            f"{remit.trace_number} (posted {earlier.posted_at:%m/%d/%Y})")
        return
    payment = remit_repo.add_payment(
        session, file_id=file_id, payer_trace_id=remit.payer_id,
        trace_number=remit.trace_number, payer_name=remit.payer_name,
        amount=remit.total_paid, method=remit.payment_method, handling=remit.handling_code,
        payment_date=remit.payment_date, suspense=ZERO)
    ctx = _Ctx(session, loader, payment.id, remit.payment_date or today, remit.trace_number,
               summary, today)
    ctx.known = remit_repo.claims_by_number(session, [
        (clp.patient_control_number, clp.payer_claim_control_number) for clp in remit.claims])
    loader.prefetch_claims(sorted({c.id for c in ctx.known.values() if c.id is not None}),
                           eligibility=False, siblings=True, known=ctx.known.values())
    ctx.sent = snapshots.sent_line_keys(session, [c.id for c in ctx.known.values() if c.id])
    screen = Screen(ctx, remit)  # remit checks: duplicates, payer, claim state, amounts
    screen.post_all(ctx, _post_claim)
    _post_plb(ctx, remit)
    ctx.flush()
    screen.flush(session)
    summary.payments += 1


def import_835(db: Database, path: Path, *, dry_run: bool = False,
               today: date | None = None,
               validate_structure: bool = True) -> tuple[PostingSummary, Changes]:
    """Import an 835: validate and balance it, then post it all-or-nothing.

    ``dry_run`` runs the whole posting and rolls it back (the preview). The same file or the
    same payment again posts nothing and says when it was posted. ``validate_structure=False``
    skips the pyx12 pass (balancing is always checked); benchmarks use it.

    Raises:
        ImportRejected: malformed, unbalanced or conflicting file; nothing was written.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror}") from None
    summary = PostingSummary(file=path.name, dry_run=dry_run)
    digest = hashlib.sha256(raw).hexdigest()
    with db.reading() as session:
        earlier = remit_repo.file_by_hash(session, digest)
        if earlier is not None:
            summary.already_posted.append(
                f"{path.name} (imported {earlier.imported_at:%m/%d/%Y %H:%M})")
            return summary, Changes()
    text = raw.decode("latin-1")
    with collector_paused():
        remits = read_835(text, path.name, validate_structure=validate_structure)
        summary.warnings = [w for remit in remits for w in remit.warnings]
        with UnitOfWork(db) as uow:  # the write transaction starts once the file is read
            file_id = remit_repo.add_file(uow.session, digest, path.name, text)
            loader = Loader(uow.session)
            for remit in remits:
                _post_remittance(uow.session, loader, remit, file_id, summary,
                                 today or date.today())
            deposits_repo.file_era_payments(uow.session)  # EFTs join their trace's deposit
            scrub_built(uow.session, summary.secondary_claim_ids, today or date.today())
            if not dry_run:
                uow.commit()
    changed = not dry_run and summary.payments > 0
    return summary, Changes(payments=changed, claims=changed)


@dataclass(frozen=True)
class ExceptionItem:
    """A remitted claim we could not match; its money waits in the payment's suspense."""

    id: int
    payment_id: int
    control_number: str
    payer_claim_number: str
    status_code: str
    charge: Decimal
    paid: Decimal


def exception_queue(db: Database) -> list[ExceptionItem]:
    """Unmatched remitted claims."""
    with db.reading() as session:
        return [ExceptionItem(r.id, r.payment_id, r.control_number, r.payer_claim_number,
                              r.status_code, r.charge, r.paid)
                for r in remit_repo.exceptions(session)]


def match_exception(db: Database, item_id: int, claim_id: int,
                    today: date | None = None) -> tuple[PostingSummary, Changes]:
    """Post an unmatched remitted claim to the claim the user chose, after the remit checks.

    See ``app.services.remit_match.match_exception``: a CLP that fails a check is held.
    """
    from app.services import remit_match  # it builds on this module's posting

    return remit_match.match_exception(db, item_id, claim_id, today)
