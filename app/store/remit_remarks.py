"""Claim-level remark codes an earlier payer sent on the claims it adjudicated (835 MOA).

Read when a secondary claim is built: its 2320 MOA repeats the primary's claim-level
remittance advice remark codes.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.remittance import ClaimPayment
from app.store import tables as t
from app.store.id_lists import in_ids
from app.store.plain_rows import plain_rows

REVERSAL = "22"


def claim_remarks(session: Session, claim_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """The claim-level remark codes of each claim's latest posted remittance.

    Reversals (CLP02 = 22) are skipped: the correction that follows them is what counts.

    Args:
        session: an open session.
        claim_ids: our claims (usually primaries of the secondary claims being built).

    Returns:
        Claim id -> remark codes (claims without a posted remittance are absent).
    """
    ids = set(claim_ids)
    if not ids:
        return {}
    r = t.RemitClaimRow
    stmt = (select(r.claim_id, r.detail_json)
            .where(in_ids(r.claim_id, ids), r.state == "posted", r.status_code != REVERSAL)
            .order_by(r.id))
    found: dict[int, tuple[str, ...]] = {}
    for claim_id, detail in plain_rows(session, stmt):
        found[claim_id] = ClaimPayment.model_validate_json(detail).remark_codes
    return found
