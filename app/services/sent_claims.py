"""Claims as they were sent: reprints, claim detail and history show what the payer received.

A claim's codes live on its visit, and a coder may recode the visit after a denial; the claim
that went out keeps its submissions (``app.domain.sent_claim``). ``as_billed_many`` is the
``ClaimData`` of claims as the payer has them: the last submission for a claim with the payer,
the current coding for a claim still being worked on (draft, ready, held, rejected).
"""

from __future__ import annotations

from app.domain.claims import Claim
from app.domain.sent_claim import SentClaim, as_billed, void_of
from app.domain.submission import ClaimData
from app.services.claim_data import claim_data_many, claim_data_read
from app.store.claims import snapshots
from app.store.database import Database


def as_billed_many(db: Database, claim_ids: list[int]) -> list[ClaimData]:
    """``ClaimData`` for several claims, each as it was sent when it is with the payer."""
    data = for_sending(db, claim_ids)
    with db.reading() as session:
        sent = snapshots.shown_as_sent(session, claim_ids)
    return [as_billed(d, sent[d.claim_id]) if d.claim_id in sent else d for d in data]


def for_sending(db: Database, claim_ids: list[int]) -> list[ClaimData]:
    """``ClaimData`` to send now: from the visit's coding, but a void repeats what it voids.

    A void claim (frequency 8) carries the claim it cancels as that claim was sent, not the
    visit's coding of today.
    """
    data = claim_data_many(db, claim_ids)
    with db.reading() as session:
        voids = snapshots.voided_originals(session, claim_ids)
    return [void_of(d, voids[d.claim_id]) if d.claim_id in voids else d for d in data]


def for_sending_read(db: Database,
                     claim_ids: list[int]) -> tuple[list[ClaimData], list[Claim]]:
    """``for_sending`` plus the claims it was built from (their versions are checked later)."""
    data, claims = claim_data_read(db, claim_ids)
    with db.reading() as session:
        voids = snapshots.voided_originals(session, claim_ids)
    return [void_of(d, voids[d.claim_id]) if d.claim_id in voids else d for d in data], claims


def claim_as_billed(db: Database, claim_id: int) -> ClaimData:
    """One claim's ``ClaimData`` as the payer has it (see ``as_billed_many``)."""
    return as_billed_many(db, [claim_id])[0]


def submissions(db: Database, claim_id: int) -> list[SentClaim]:
    """Every time the claim left the practice, oldest first, with what it carried."""
    with db.reading() as session:
        return snapshots.submissions(session, [claim_id]).get(claim_id, [])


def last_submission(db: Database, claim_id: int) -> SentClaim | None:
    """The claim's latest submission, or None when it never left the practice."""
    sent = submissions(db, claim_id)
    return sent[-1] if sent else None
