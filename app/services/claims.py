"""Claims: lists with ledger-derived money, status changes through the one transition table."""

from __future__ import annotations

from datetime import date

from app.domain.changes import Changes
from app.domain.claims import Claim, ClaimStatus, FrequencyCode, StatusChange, StatusMove
from app.domain.errors import UserError
from app.domain.ledger import ClaimAmounts, claim_amounts
from app.domain.rows import ClaimListRow
from app.store import claim_list
from app.store import repository as repo
from app.store.claim_source import next_control_number
from app.store.claims.reader import read_claim, read_history
from app.store.claims.writer import insert_claim, move_statuses
from app.store.database import Database, UnitOfWork


def list_claims(db: Database, status: str | None = None,
                payer_id: str | None = None) -> list[ClaimListRow]:
    """Claims filtered by status and payer id, newest date of service first."""
    if status is not None:
        ClaimStatus(status)  # raises ValueError for an unknown status
    today = date.today()
    with db.reading() as session:
        ids = claim_list.claim_ids(session, today, "date_of_service", True, status=status,
                                   payer_code=payer_id)
        return [ClaimListRow(**row) for row in claim_list.claim_rows(session, ids, today)]


def get_claim(db: Database, claim_id: int) -> tuple[Claim, ClaimAmounts]:
    """A claim and its money from the ledger."""
    with db.reading() as session:
        claim = read_claim(session, claim_id)
        return claim, claim_amounts(repo.entries_for(session, claim_id=claim_id))


def history(db: Database, claim_id: int) -> list[StatusChange]:
    """A claim's status history, oldest first."""
    with db.reading() as session:
        return read_history(session, claim_id)


def change_status(db: Database, claim_id: int, target: ClaimStatus, version: int,
                  note: str = "") -> tuple[Claim, Changes]:
    """Move a claim to ``target`` if the transition table allows it.

    Raises:
        TransitionNotAllowed: not an allowed change.
        StaleEdit: the claim changed since ``version`` was read.
    """
    with UnitOfWork(db) as uow:
        [saved] = move_statuses(uow.session, [StatusMove(
            claim_id, target, note, expected_version=version or None,
            status_note=note or None)])
        uow.commit()
    return saved, Changes(claims=True)


def void_claim(db: Database, claim_id: int, reason: str,
               today: date | None = None) -> tuple[Claim, Changes]:
    """Build a void claim (frequency 8) for a claim the payer adjudicated.

    It carries the payer's claim number (REF*F8 / box 22) and goes out like any claim.

    Raises:
        UserError: the payer's claim number is unknown or no reason was given.
    """
    if not reason.strip():
        raise UserError("Give a reason for voiding the claim.")
    with UnitOfWork(db) as uow:
        s = uow.session
        original = read_claim(s, claim_id)
        if not original.payer_claim_number:
            raise UserError(f"Claim {original.control_number} has no payer claim number yet; "
                            "only an adjudicated claim can be voided with the payer.")
        void = insert_claim(s, original.model_copy(update={
            "id": None, "version": 0, "control_number": next_control_number(s),
            "status": ClaimStatus.DRAFT, "frequency_code": FrequencyCode.VOID,
            "original_claim_id": original.id, "created_on": today or date.today(),
            "submitted_on": None, "status_note": f"voids {original.control_number}: {reason}"}),
            f"void of {original.control_number}: {reason}")
        uow.commit()
    return void, Changes(claims=True)
