"""Billing panel queries: paged, filtered claim lists with totals, and a claim's source records.

The list is filtered and sorted in SQL (``app.store.claim_list``); the panel keeps the id list
and asks for rows a page at a time. Nothing here writes except ``save_claim_header``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.domain.changes import Changes
from app.domain.claims import EDITABLE, FrequencyCode
from app.domain.errors import NotFound, UserError
from app.domain.rows import ClaimListRow
from app.store import claim_list, coding_repo
from app.store.claims.reader import read_claim
from app.store.claims.writer import update_claim
from app.store.database import Database, UnitOfWork

__all__ = ["SORTS", "ClaimContext", "ClaimFilter", "ClaimListRow", "ClaimTotals"]

#: Sort keys the list understands.
SORTS = ("control_number", "patient", "payer", "status", "date_of_service", "billed",
         "balance", "days_left")


@dataclass(frozen=True)
class ClaimFilter:
    """What the claim list shows; ``None`` means "any"."""

    status: str | None = None
    payer_code: str | None = None
    provider_id: int | None = None
    dos_from: date | None = None
    dos_to: date | None = None
    max_days_left: int | None = None
    has_errors: bool | None = None


@dataclass(frozen=True)
class ClaimTotals:
    """Count and money of a filtered claim set."""

    count: int
    billed: Decimal
    paid: Decimal
    adjusted: Decimal
    patient_responsibility: Decimal
    balance: Decimal


@dataclass(frozen=True)
class ClaimContext:
    """Ids of the records a claim is assembled from (for "jump to" links)."""

    claim_id: int
    encounter_id: int
    policy_id: int
    payer_id: int
    patient_id: int
    rendering_provider_id: int
    referring_provider_id: int | None
    date_of_service: date
    timely_filing_days: int


def days_left_to_file(timely_filing_days: int, date_of_service: date, today: date) -> int:
    """Days until the payer's timely-filing limit runs out (negative: already late)."""
    return timely_filing_days - (today - date_of_service).days


def claim_ids(db: Database, filters: ClaimFilter, sort: str = "date_of_service",
              descending: bool = True, today: date | None = None) -> list[int]:
    """Ids of the claims matching ``filters``, sorted in SQL by ``sort`` (one of ``SORTS``)."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort key {sort!r}")
    with db.reading() as session:
        return claim_list.claim_ids(session, today or date.today(), sort, descending,
                                    **asdict(filters))


def claim_rows(db: Database, ids: list[int], today: date | None = None) -> list[ClaimListRow]:
    """Rows for ``ids`` in the same order (claims deleted meanwhile are skipped)."""
    with db.reading() as session:
        return [ClaimListRow(**row) for row in claim_list.claim_rows(
            session, ids, today or date.today())]


def claim_totals(db: Database, filters: ClaimFilter, today: date | None = None) -> ClaimTotals:
    """Totals of the whole filtered set (not just the loaded pages)."""
    with db.reading() as session:
        return ClaimTotals(**claim_list.claim_totals(session, today or date.today(),
                                                     **asdict(filters)))


def claim_context(db: Database, claim_id: int) -> ClaimContext:
    """The patient, visit, payer, policy and providers behind a claim.

    Raises:
        NotFound: no such claim.
    """
    with db.reading() as session:
        row: dict[str, Any] | None = claim_list.claim_context(session, claim_id)
    if row is None:
        raise NotFound("The claim no longer exists.")
    return ClaimContext(**row)


def accepted_warnings(db: Database, claim_id: int) -> dict[tuple[str, str], str]:
    """Warnings accepted for the claim (and its visit): (rule id, location) -> reason."""
    with db.reading() as session:
        claim = read_claim(session, claim_id)
        return coding_repo.overrides(session, claim.encounter_id, claim_id)


def save_claim_header(db: Database, claim_id: int, version: int, *, status_note: str,
                      frequency_code: str, payer_claim_number: str) -> Changes:
    """Save the fields the claim itself owns (status note, box 22 frequency and number).

    Raises:
        UserError: the claim is not editable in its status, or box 22 is incomplete.
        StaleEdit: the claim changed since ``version`` was read.
    """
    code = FrequencyCode(frequency_code)
    with UnitOfWork(db) as uow:
        claim = read_claim(uow.session, claim_id)
        if claim.status not in EDITABLE:
            raise UserError(f"A {claim.status.value} claim cannot be edited.")
        if code != FrequencyCode.ORIGINAL and not payer_claim_number.strip():
            raise UserError("A corrected or void claim needs the payer's claim number.",
                            hint="Copy it from the remittance (box 22, original ref. no.).")
        update_claim(uow.session, claim.model_copy(update={
            "version": version, "status_note": status_note.strip(), "frequency_code": code,
            "payer_claim_number": payer_claim_number.strip()}))
        uow.commit()
    return Changes(claims=True)
