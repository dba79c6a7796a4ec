"""Clearinghouse batches: 837P export (validated, atomic) and 999 / 277CA acknowledgments."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.domain.changes import Changes
from app.domain.claims import Claim, ClaimStatus, StatusMove
from app.domain.errors import UserError, ValidationFailed
from app.domain.file_names import pattern_problem, render_pattern
from app.domain.practice import Clearinghouse
from app.domain.progress import CancelToken, ProgressFn, no_progress
from app.domain.sent_claim import SendChannel
from app.domain.submission import ClaimData
from app.services import acks
from app.services.bulk_work import collector_paused
from app.services.sent_claims import for_sending_read
from app.store import batch_repo
from app.store import repository as repo
from app.store.claims import snapshots
from app.store.claims.reader import history_reasons, read_claims
from app.store.claims.writer import move_statuses
from app.store.database import Database, UnitOfWork
from app.x12.ack_identity import content_key, ta1_only
from app.x12.acks import ack_kind, read_999
from app.x12.acks_277 import read_277ca
from app.x12.checks_837 import check_claims
from app.x12.envelope import Envelope
from app.x12.validate import validate_x12
from app.x12.writer_837 import write_837


@dataclass(frozen=True)
class BatchResult:
    """An exported batch."""

    batch_id: int
    file: Path
    claims: int
    total_charge: Decimal
    isa13: int
    gs06: int
    st02: tuple[str, ...]
    usage: str
    validated: bool


@dataclass
class AckResult:
    """What an acknowledgment import did."""

    file: str
    kind: str
    accepted: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # each names the group or claim
    notes: list[str] = field(default_factory=list)  # level-wide verdicts, statuses not changed
    already_imported: str = ""


class BatchInvalid(ValidationFailed):
    """The batch failed validation; no file was written and no claim changed."""


def ready_claims(db: Database, payer_code: str | None = None) -> list[int]:
    """Ready claims to electronic payers (optionally one payer), oldest first."""
    with db.reading() as session:
        electronic = {p.id for p in repo.list_payers(session) if p.submission == "electronic"
                      and (payer_code is None or p.payer_id == payer_code)}
        ready = repo.claim_ids_with_status(session, [ClaimStatus.READY.value])
        return [c.id or 0 for c in read_claims(session, ready, trusted=True)
                if c.payer_id in electronic]


def _envelope(ch: Clearinghouse | None, isa13: int, gs06: int, now: datetime) -> Envelope:
    if ch is None:
        raise UserError("Set up the clearinghouse (Settings > Clearinghouse) before exporting.")
    return Envelope(isa13=isa13, gs06=gs06, sender_id=ch.gs_sender or ch.submitter_id,
                    receiver_id=ch.gs_receiver or ch.receiver_id, created=now,
                    submitter_name=ch.submitter_name, contact_name=ch.contact_name,
                    contact_phone=ch.contact_phone, contact_email=ch.contact_email,
                    receiver_name=ch.receiver_name, sender_qualifier=ch.isa_qualifier,
                    receiver_qualifier=ch.receiver_qualifier, usage=ch.usage,
                    element=ch.element_separator, component=ch.component_separator,
                    segment=ch.segment_terminator, line_breaks=ch.line_breaks)


def _write_file(out: Path, text: str) -> Path:
    tmp = out.with_name(out.name + ".part")
    with tmp.open("w", encoding="ascii", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    return tmp


def _target(out: Path, pattern: str, isa13: int, now: datetime) -> Path:
    if out.suffix or not out.is_dir():
        return out
    problem = pattern_problem(pattern)  # stored data is checked again where it names a file
    if problem:
        raise UserError(f"{problem} Correct it in Settings > Clearinghouse.")
    return out / render_pattern(pattern, date=now.strftime("%Y%m%d"), isa13=f"{isa13:09d}")


def _check(data: list[ClaimData], text: str | None, today: date) -> None:
    problems = [p for p in check_claims(data, today=today) if p.severity == "error"]
    if text is not None and not problems:
        problems = validate_x12(text, "837 batch")
    if problems:
        raise BatchInvalid(problems, f"{len(problems)} problem(s): no file was written.")


def export_837(db: Database, out: Path, claim_ids: list[int] | None = None, *,
               payer_code: str | None = None, validate: bool = True,
               now: datetime | None = None, progress: ProgressFn = no_progress,
               cancel: CancelToken | None = None) -> tuple[BatchResult, Changes]:
    """Write ready claims as one 837P file and mark them submitted, all or nothing.

    The 837P is built from a read and checked (ClaimDesk's checks, then pyx12) with no
    write transaction open, so other work goes on meanwhile. The file is written to a
    temporary name and flushed; then one short transaction checks that every claim is still
    ready and unchanged (its version), records the batch and moves the claims to submitted;
    then the file is renamed into place. The batch keeps the file content, so
    ``resave_batch`` can always restore it byte-identical.

    Raises:
        BatchInvalid: ClaimDesk's checks or pyx12 found problems (naming claim and field).
        UserError: no ready claims, or a claim is not ready.
        StaleEdit: a claim changed while the batch was being checked (nothing was recorded).
    """
    now = now or datetime.now()
    ids = claim_ids if claim_ids is not None else ready_claims(db, payer_code)
    if not ids:
        raise UserError("There are no ready claims to export.")
    with collector_paused():
        return _export(db, out, ids, validate, now, progress, cancel)


@dataclass
class _Draft:
    """The batch as built from a read: its text, envelope and where it goes."""

    data: list[ClaimData]
    claims: list[Claim]
    ch: Clearinghouse | None
    env: Envelope
    text: str
    target: Path

    @property
    def per_st(self) -> int:
        """Claims per transaction set."""
        return self.ch.max_claims_per_file if self.ch else 5000


def _build(draft_data: tuple[list[ClaimData], list[Claim]], ch: Clearinghouse | None,
           numbers: tuple[int, int], out: Path, now: datetime, progress: ProgressFn,
           cancel: CancelToken | None) -> _Draft:
    data, claims = draft_data
    env = _envelope(ch, numbers[0], numbers[1], now)
    text = write_837(data, env, progress=progress, cancel=cancel,
                     max_claims_per_st=ch.max_claims_per_file if ch else 5000)
    target = _target(Path(out), ch.file_pattern if ch else "CD837_{isa13}.txt", numbers[0], now)
    return _Draft(data, claims, ch, env, text, target)


def _read(db: Database, ids: list[int]) -> tuple[tuple[list[ClaimData], list[Claim]],
                                                 Clearinghouse | None, tuple[int, int]]:
    """The claims' data, the clearinghouse and the control numbers the batch should get."""
    read = for_sending_read(db, ids)
    for claim in read[1]:
        if claim.status != ClaimStatus.READY:
            raise UserError(f"Claim {claim.control_number} is {claim.status.value}, not ready.")
    with db.reading() as s:
        ch = repo.get_clearinghouse(s)
        numbers = (repo.peek_number(s, "isa13"), repo.peek_number(s, "gs06"))
    return read, ch, numbers


def _export(db: Database, out: Path, ids: list[int], validate: bool, now: datetime,
            progress: ProgressFn, cancel: CancelToken | None) -> tuple[BatchResult, Changes]:
    read, ch, numbers = _read(db, ids)
    _check(read[0], None, now.date())
    draft = _build(read, ch, numbers, out, now, progress, cancel)
    if validate:
        progress(0, 0, "Validating with pyx12")
        _check(draft.data, draft.text, now.date())  # no write transaction is open
    tmp = _write_file(draft.target, draft.text)
    try:
        with UnitOfWork(db) as uow:  # short: check, record, move
            s = uow.session
            taken = (repo.next_number(s, "isa13"), repo.next_number(s, "gs06"))
            if taken != numbers:  # another export took these numbers meanwhile
                tmp.unlink(missing_ok=True)
                draft = _build(read, ch, taken, out, now, no_progress, None)
                tmp = _write_file(draft.target, draft.text)
            batch_id, st02, total = _record(s, draft, now)
            uow.commit()
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, draft.target)
    return BatchResult(batch_id, draft.target, len(ids), total, draft.env.isa13,
                       draft.env.gs06, tuple(dict.fromkeys(st02)), draft.env.usage,
                       validate), Changes(claims=True)


def _record(s: Any, draft: _Draft, now: datetime) -> tuple[int, list[str], Decimal]:
    """Record the batch and move its claims to submitted (checked: still ready, unchanged)."""
    env, target = draft.env, draft.target
    st02 = [env.st02(i // draft.per_st) for i in range(len(draft.claims))]
    total = sum((d.total_charge for d in draft.data), Decimal("0.00"))
    batch_id = batch_repo.add_batch(
        s, file_name=target.name, path=str(target.resolve()),
        sha256=hashlib.sha256(draft.text.encode("ascii")).hexdigest(), isa13=env.isa13,
        gs06=env.gs06, total_charge=total, usage=env.usage, content=draft.text,
        claims=list(zip((c.id or 0 for c in draft.claims), st02, strict=True)))
    reason = f"sent in batch {target.name} (ISA13 {env.isa13})"
    move_statuses(s, [StatusMove(c.id or 0, ClaimStatus.SUBMITTED, reason,
                                 expected=ClaimStatus.READY, expected_version=c.version,
                                 submitted_on=now.date()) for c in draft.claims],
                  returning=False)
    snapshots.record_sent(s, draft.data, channel=SendChannel.ELECTRONIC, sent_at=now,
                          batch_id=batch_id)
    return batch_id, st02, total


def resave_batch(db: Database, batch_id: int, out: Path | None = None) -> Path:
    """Write a batch's file again, byte-identical (to its path or ``out``)."""
    with db.reading() as session:
        row = batch_repo.get_batch(session, batch_id)
        if row is None:
            raise UserError("That batch no longer exists.")
        target, content = Path(out or row.path), row.content
    tmp = _write_file(target, content)
    tmp.replace(target)
    return target


def recover_missing_files(db: Database) -> list[Path]:
    """Re-save batches whose file is missing (a crash between commit and rename)."""
    with db.reading() as session:
        missing = [(b.id, Path(b.path)) for b in batch_repo.batches(session)
                   if not Path(b.path).exists()]
    return [resave_batch(db, batch_id, path) for batch_id, path in missing]


@dataclass(frozen=True)
class BatchInfo:
    """One row of the batch history."""

    id: int
    file_name: str
    created_at: datetime
    claims: int
    total_charge: Decimal
    isa13: int
    gs06: int
    usage: str
    status: str
    claim_ids: tuple[int, ...]


def history(db: Database) -> list[BatchInfo]:
    """Every batch, newest first, with its claims."""
    with db.reading() as session:
        return [BatchInfo(b.id, b.file_name, b.created_at, b.claim_count, b.total_charge,
                          b.isa13, b.gs06, b.usage, b.status,
                          tuple(batch_repo.batch_claims(session, b.id)))
                for b in batch_repo.batches(session)]


class _AckMoves:
    """The claim moves of one acknowledgment, decided claim by claim, written at once."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.claims: dict[int, Claim] = {}
        self.moves: list[StatusMove] = []
        self.recorded: set[tuple[int, str]] = set()  # (claim, reason) already in the history

    def read(self, claim_ids: list[int]) -> None:
        """Read the claims the acknowledgment names (one query)."""
        wanted = [i for i in dict.fromkeys(claim_ids) if i not in self.claims]
        if not wanted:
            return
        self.claims.update((c.id or 0, c) for c in read_claims(self.session, wanted,
                                                               trusted=True))
        self.recorded |= history_reasons(self.session, wanted)

    def _move(self, claim: Claim, target: ClaimStatus, reason: str, **extra: Any) -> None:
        self.moves.append(StatusMove(claim.id or 0, target, reason, **extra))
        self.claims[claim.id or 0] = claim.model_copy(update={
            "status": target, **{k: v for k, v in extra.items()
                                if k != "expected" and v is not None}})

    def reject(self, claim_id: int, reason: str) -> str:
        """A rejection: submitted or accepted claims move to rejected with the reason."""
        self.read([claim_id])
        claim = self.claims[claim_id]
        if claim.status in (ClaimStatus.SUBMITTED, ClaimStatus.ACCEPTED):
            self._move(claim, ClaimStatus.REJECTED, reason, expected=claim.status,
                       status_note=reason[:500])
        return claim.control_number

    def accept(self, claim_id: int, reason: str, payer_number: str = "") -> str:
        """An acceptance: submitted claims move to accepted, noted in the history once.

        An acceptance already recorded with the same words (the same 999 group and
        transaction set, or the same 277CA status and date) that adds no payer claim number
        changes nothing and writes no history row.
        """
        self.read([claim_id])
        claim = self.claims[claim_id]
        number = payer_number if payer_number and not claim.payer_claim_number else None
        target = ClaimStatus.ACCEPTED if claim.status == ClaimStatus.SUBMITTED else claim.status
        if target == claim.status and number is None and (claim_id, reason) in self.recorded:
            return claim.control_number
        self._move(claim, target, reason, expected=claim.status, payer_claim_number=number)
        self.recorded.add((claim_id, reason))
        return claim.control_number

    def write(self) -> None:
        """Write every move (statuses, history, audit) in the open transaction."""
        move_statuses(self.session, self.moves, returning=False)
        self.moves = []


def _apply(session: Any, plan: acks.AckPlan, result: AckResult) -> None:
    """Write what an acknowledgment plan decided (see ``services.acks``)."""
    moves = _AckMoves(session)
    moves.read([action.claim_id for action in plan.actions])
    for action in plan.actions:
        if action.accept:
            result.accepted.append(moves.accept(action.claim_id, action.reason,
                                                action.payer_claim_number))
        else:
            result.rejected.append(moves.reject(action.claim_id, action.reason))
    moves.write()
    for batch_id, status in plan.batch_status.items():
        batch_repo.set_batch_status(session, batch_id, status)
    result.unmatched += plan.unmatched
    result.notes += plan.notes


def _apply_999(session: Any, text: str, name: str, result: AckResult) -> None:
    _apply(session, acks.plan_999(session, read_999(text, name)), result)


def _apply_277(session: Any, text: str, name: str, result: AckResult) -> None:
    _apply(session, acks.plan_277(session, read_277ca(text, name)), result)


def import_ack(db: Database, path: Path) -> tuple[AckResult, Changes]:
    """Import a 999 or 277CA; rejections move their claims to rejected with the reason.

    The same acknowledgment imported again changes nothing, whatever its file name, line
    breaks or envelope control numbers (``x12.ack_identity.content_key``); an acceptance
    already recorded writes no history row. A TA1-only interchange is named with its verdict
    and changes nothing.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror}") from None
    digest = hashlib.sha256(raw).hexdigest()
    text = raw.decode("latin-1")
    ta1 = ta1_only(text, path.name)
    if ta1:
        with db.reading() as session:
            return AckResult(file=path.name, kind="TA1",
                             notes=acks.ta1_notes(session, ta1)), Changes()
    kind = ack_kind(text, path.name)
    key = content_key(text, path.name)  # the same acknowledgment resent: see ack_identity
    result = AckResult(file=path.name, kind=kind)
    with UnitOfWork(db) as uow:
        earlier = (batch_repo.ack_by_hash(uow.session, key)
                   or batch_repo.ack_by_hash(uow.session, digest))  # keyed by bytes before
        if earlier is not None:
            result.already_imported = f"{earlier.imported_at:%m/%d/%Y %H:%M}"
            return result, Changes()
        (_apply_277 if kind == "277CA" else _apply_999)(uow.session, text, path.name, result)
        batch_repo.add_ack(uow.session, key, kind, path.name,
                           f"{len(result.accepted)} accepted, {len(result.rejected)} rejected")
        uow.commit()
    return result, Changes(claims=True)
