"""What the demo's claims carried when they left the practice (their claim snapshots)."""

from __future__ import annotations

from datetime import datetime, time

from app.domain.claims import ClaimStatus
from app.domain.document import PracticeDocument
from app.domain.sent_claim import SendChannel, SentClaim, sent_from_encounter

#: Statuses of claims that never left the practice.
UNSENT = frozenset({ClaimStatus.DRAFT, ClaimStatus.READY, ClaimStatus.ON_HOLD})
SENT_AT = time(9, 30)  # the demo's batches go out at half past nine


def sent_claims(doc: PracticeDocument) -> tuple[SentClaim, ...]:
    """One snapshot per demo claim that was submitted, from its visit's coding."""
    visits = {e.id: e for e in doc.encounters}
    paper = {p.id for p in doc.payers if p.submission == "paper"}
    return tuple(
        sent_from_encounter(c, visits[c.encounter_id],
                            datetime.combine(c.submitted_on, SENT_AT),
                            channel=SendChannel.PAPER if c.payer_id in paper
                            else SendChannel.ELECTRONIC)
        for c in doc.claims
        if c.status not in UNSENT and c.submitted_on is not None and c.encounter_id in visits)


def with_sent_claims(doc: PracticeDocument) -> PracticeDocument:
    """The document with the snapshots of its sent claims."""
    return doc.model_copy(update={"sent_claims": sent_claims(doc)})
