"""The denial work queue: every denied or underpaid line, routed to the step that can fix it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.domain.changes import Changes
from app.domain.claims import Claim, ClaimStatus, FrequencyCode, StatusMove, can_transition
from app.domain.encounters import CodingStatus
from app.domain.errors import UserError
from app.domain.ledger import Account, EntryKind, GroupCode, LedgerEntry, claim_amounts
from app.domain.remit_records import DenialRecord
from app.services.billing import scrub_built
from app.store import claim_list, coding_repo, remit_repo
from app.store import repository as repo
from app.store.claim_source import next_control_number
from app.store.claims.bundles import get_encounter
from app.store.claims.reader import read_claim, read_claims
from app.store.claims.writer import insert_claim, move_statuses
from app.store.database import Database, UnitOfWork


@dataclass(frozen=True)
class DenialItem:
    """One row of the denial queue."""

    id: int
    claim_id: int
    control_number: str
    line_id: int | None
    group_code: str
    reason_code: str
    remark_codes: str
    amount: Decimal
    owner: str
    explanation: str
    state: str
    deadline: date | None
    action: str
    patient: str = ""
    payer: str = ""
    date_of_service: date | None = None
    overdue: bool = False  # the appeal / corrected-claim deadline has passed


def work_queue(db: Database, owner: str | None = None, *, include_done: bool = False,
               today: date | None = None) -> list[DenialItem]:
    """Open denial items (snoozed ones reappear on their date), earliest deadline first.

    Each names the claim's patient, payer and date of service; ``overdue`` flags an item
    whose deadline is before ``today``.
    """
    today = today or date.today()
    with db.reading() as session:
        out = []
        rows = remit_repo.denials(session, owner, include_done, today)
        ids = list(dict.fromkeys(r.claim_id for r in rows))
        claims = {c.id: c for c in read_claims(session, ids, trusted=True)}
        listed = {r["id"]: r for r in claim_list.claim_rows(session, ids, today)}
        for r in rows:
            claim, row = claims[r.claim_id], listed.get(r.claim_id, {})
            out.append(DenialItem(
                r.id, r.claim_id, claim.control_number, r.line_id, r.group_code,
                r.reason_code, r.remark_codes, r.amount, r.owner, r.explanation, r.state,
                r.deadline, r.action, patient=row.get("patient", ""),
                payer=row.get("payer", ""), date_of_service=row.get("date_of_service"),
                overdue=r.deadline is not None and r.deadline < today))
        return out


def _close(session: Any, denial_id: int, action: str, note: str, state: str = "done",
           snooze_until: date | None = None) -> None:
    remit_repo.close_denial(session, denial_id, state=state, action=action, note=note,
                            snooze_until=snooze_until)


def _claim_of(session: Any, denial_id: int) -> tuple[DenialRecord, Claim]:
    row = remit_repo.get_denial(session, denial_id)
    return row, read_claim(session, row.claim_id)


def send_to_coding(db: Database, denial_id: int, note: str = "") -> Changes:
    """Return the visit to the coding queue with the payer's reason attached."""
    with UnitOfWork(db) as uow:
        row, claim = _claim_of(uow.session, denial_id)
        enc = get_encounter(uow.session, claim.encounter_id)
        reason = f"Denied {row.group_code}-{row.reason_code}: {row.explanation}"
        coding_repo.save_encounter(uow.session, enc.model_copy(update={
            "coding_status": CodingStatus.CORRECTION, "coding_note": reason[:500]}))
        _close(uow.session, denial_id, "to_coding", note or reason)
        uow.commit()
    return Changes(encounters=True, claims=True)


def resubmit_corrected(db: Database, denial_id: int, today: date | None = None) -> tuple[
        str, Changes]:
    """Build a replacement claim (frequency 7) carrying the payer's claim number."""
    today = today or date.today()
    with UnitOfWork(db) as uow:
        s = uow.session
        row, original = _claim_of(s, denial_id)
        if not original.payer_claim_number:
            raise UserError("The payer's claim number is unknown; a replacement claim needs it.")
        enc = get_encounter(s, original.encounter_id)
        new = insert_claim(s, original.model_copy(update={
            "id": None, "version": 0, "control_number": next_control_number(s),
            "status": ClaimStatus.DRAFT, "frequency_code": FrequencyCode.REPLACEMENT,
            "original_claim_id": original.id, "created_on": today, "submitted_on": None,
            "status_note": f"replaces {original.control_number}"}),
            f"corrected claim for {original.control_number}")
        repo.append_entries(s, [LedgerEntry(
            patient_id=enc.patient_id, encounter_id=enc.id, claim_id=new.id, line_id=line.id,
            kind=EntryKind.CHARGE, account=Account.PAYER, amount=line.charge, posted_on=today,
            memo=f"rebilled on corrected claim {new.control_number}") for line in enc.lines])
        if can_transition(original.status, ClaimStatus.CLOSED):
            move_statuses(s, [StatusMove(original.id or 0, ClaimStatus.CLOSED,
                                         f"replaced by {new.control_number}",
                                         expected=original.status)])
        _close(s, denial_id, "corrected", f"replacement claim {new.control_number}")
        scrub_built(s, [new.id or 0], today)
        uow.commit()
    return new.control_number, Changes(claims=True, charges=True)


def write_off(db: Database, denial_id: int, reason: str,
              amount: Decimal | None = None) -> Changes:
    """Accept the denial: write off ``amount`` (default the denied amount) and close the item.

    The payer's adjustment of the denied amount is already posted; a larger amount writes off
    the difference from the claim's open balance, a smaller one reverses the difference so it
    stays open to collect.

    Raises:
        UserError: no reason, a negative amount, or more than the denied amount plus the
            claim's open balance.
    """
    if not reason.strip():
        raise UserError("Give a reason for the write-off.")
    with UnitOfWork(db) as uow:
        s = uow.session
        row, claim = _claim_of(s, denial_id)
        balance = claim_amounts(repo.entries_for(s, claim_id=claim.id)).balance
        amount = row.amount if amount is None else amount
        if amount < 0:
            raise UserError("The write-off amount cannot be negative.")
        if amount - row.amount > balance:
            raise UserError(f"Claim {claim.control_number}: at most "
                            f"{row.amount + balance:,.2f} can be written off.")
        if amount != row.amount:
            enc = get_encounter(s, claim.encounter_id)
            repo.append_entries(s, [LedgerEntry(
                patient_id=enc.patient_id, encounter_id=enc.id, claim_id=claim.id,
                line_id=row.line_id, kind=EntryKind.ADJUSTMENT, account=Account.PAYER,
                amount=amount - row.amount, group_code=GroupCode.CO,
                reason_code=row.reason_code, posted_on=date.today(),
                memo=f"write-off {amount:.2f} of {row.amount:.2f}: {reason.strip()}"[:200])])
        _close(s, denial_id, "write_off", reason.strip())
        uow.commit()
    return Changes(payments=True, claims=True)


#: OA reasons where the patient owes (no coverage in force, not the payer's member).
OA_PATIENT_OWES = frozenset({"26", "27", "31"})


def patient_may_be_billed(group_code: str, reason_code: str) -> bool:
    """CO (contractual) means the patient may not be billed; PR may, and OA where he owes."""
    return group_code == "PR" or (group_code == "OA" and reason_code in OA_PATIENT_OWES)


def transfer_to_patient(db: Database, denial_id: int, reason: str) -> Changes:
    """Bill the denied amount to the patient (e.g. a signed waiver): reverse the write-off."""
    with UnitOfWork(db) as uow:
        s = uow.session
        row, claim = _claim_of(s, denial_id)
        if not patient_may_be_billed(row.group_code, row.reason_code):
            raise UserError(f"{row.group_code}-{row.reason_code} is a contractual adjustment: "
                            "the patient may not be billed for it. Appeal or write it off.")
        enc = get_encounter(s, claim.encounter_id)
        common: dict[str, Any] = {
            "patient_id": enc.patient_id, "encounter_id": enc.id, "claim_id": claim.id,
            "line_id": row.line_id, "posted_on": date.today(), "reason_code": row.reason_code}
        repo.append_entries(s, [
            LedgerEntry(kind=EntryKind.ADJUSTMENT, account=Account.PAYER, amount=-row.amount,
                        group_code=GroupCode(row.group_code) if row.group_code in
                        ("CO", "PI", "OA") else GroupCode.CO,
                        memo=f"reversed to bill the patient: {reason}"[:200], **common),
            LedgerEntry(kind=EntryKind.TRANSFER, account=Account.PATIENT, amount=row.amount,
                        group_code=GroupCode.PR, memo=f"patient responsibility: {reason}"[:200],
                        **common)])
        _close(s, denial_id, "to_patient", reason)
        uow.commit()
    return Changes(payments=True, claims=True, patients=True)


def appeal(db: Database, denial_id: int, note: str = "") -> Changes:
    """Mark the claim appealed (the letter is printed by ``appeal_letter``)."""
    with UnitOfWork(db) as uow:
        record_appeal(uow.session, denial_id, note)
        uow.commit()
    return Changes(claims=True)


def record_appeal(session: Any, denial_id: int, note: str) -> bool:
    """In the open transaction: mark the claim appealed and close the item, once.

    Returns:
        False when this denial's appeal was already recorded (nothing is written again).
    """
    row, claim = _claim_of(session, denial_id)
    if row.state == "done" and row.action == "appeal":
        return False
    if can_transition(claim.status, ClaimStatus.APPEALED):
        move_statuses(session, [StatusMove(claim.id or 0, ClaimStatus.APPEALED,
                                           f"appeal of {row.group_code}-{row.reason_code}",
                                           expected=claim.status)])
    _close(session, denial_id, "appeal", note, state="done")
    return True


def snooze(db: Database, denial_id: int, until: date, note: str = "") -> Changes:
    """Hide an item until a date."""
    with UnitOfWork(db) as uow:
        _close(uow.session, denial_id, "snooze", note, state="snoozed", snooze_until=until)
        uow.commit()
    return Changes(claims=True)
