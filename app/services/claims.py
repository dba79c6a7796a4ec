"""Claims: lists with ledger-derived money, status changes through the one transition table."""

from __future__ import annotations

from app.domain.changes import Changes
from app.domain.claims import Claim, ClaimStatus, StatusChange, transition
from app.domain.ledger import ClaimAmounts, claim_amounts
from app.domain.rows import ClaimRow
from app.store import queries
from app.store import repository as repo
from app.store.database import Database, UnitOfWork


def list_claims(db: Database, status: str | None = None,
                payer_id: str | None = None) -> list[ClaimRow]:
    """Claims filtered by status and payer id, newest date of service first."""
    if status is not None:
        ClaimStatus(status)  # raises ValueError for an unknown status
    with db.reading() as session:
        return queries.claim_rows(session, status, payer_id)


def get_claim(db: Database, claim_id: int) -> tuple[Claim, ClaimAmounts]:
    """A claim and its money from the ledger."""
    with db.reading() as session:
        claim = repo.get_claim(session, claim_id)
        return claim, claim_amounts(repo.entries_for(session, claim_id=claim_id))


def history(db: Database, claim_id: int) -> list[StatusChange]:
    """A claim's status history, oldest first."""
    with db.reading() as session:
        return repo.history_for(session, claim_id)


def change_status(db: Database, claim_id: int, target: ClaimStatus, version: int,
                  note: str = "") -> tuple[Claim, Changes]:
    """Move a claim to ``target`` if the transition table allows it.

    Raises:
        TransitionNotAllowed: not an allowed change.
        StaleEdit: the claim changed since ``version`` was read.
    """
    with UnitOfWork(db) as uow:
        claim = repo.get_claim(uow.session, claim_id)
        new_status = transition(claim.status, target)
        updated = claim.model_copy(update={"status": new_status, "version": version,
                                           "status_note": note or claim.status_note})
        saved = repo.update_claim(uow.session, updated)
        repo.add_history(uow.session, claim_id, claim.status, new_status, note)
        uow.commit()
    return saved, Changes(claims=True)
