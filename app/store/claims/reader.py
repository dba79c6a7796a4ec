"""Read claims: one batch-first reader over one row type (``plain_rows`` named tuples).

Every claim the store hands out is built here, from a row read with ``plain_rows``. With
``trusted=True`` (batch export, ERA posting) the record is built without validating it
again, since stored rows were validated when they were saved; with ``trusted=False`` it is
validated, and a row breaking a newer rule is still read so that the user can fix it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, select
from sqlalchemy.orm import Session

from app.domain.claims import Claim, ClaimStatus, FrequencyCode, StatusChange
from app.domain.errors import NotFound
from app.domain.patients import PolicyOrder
from app.store import tables as t
from app.store.id_lists import in_ids
from app.store.mapping import build_record
from app.store.plain_rows import plain_rows

CLAIMS = cast("Table", t.ClaimRow.__table__)
_ENUMS: dict[str, type[StrEnum]] = {
    "status": ClaimStatus, "responsibility": PolicyOrder, "frequency_code": FrequencyCode}


def claim_from_values(values: dict[str, Any], *, trusted: bool) -> Claim:
    """A claim from the column values of one ``claims`` row."""
    return build_record(Claim, trusted, _ENUMS, **values)


def claim_from_row(row: Any, *, trusted: bool) -> Claim:
    """A claim from one row of ``claims`` read by ``plain_rows``."""
    return claim_from_values(row._asdict(), trusted=trusted)


def claim_rows(session: Session, claim_ids: Iterable[int]) -> dict[int, Any]:
    """The stored rows (``plain_rows`` tuples) of many claims, by id (missing ids left out)."""
    ids = list(claim_ids)
    if not ids:
        return {}
    return {r.id: r for r in plain_rows(session, select(CLAIMS).where(in_ids(CLAIMS.c.id, ids)))}


def read_claims(session: Session, claim_ids: Iterable[int], *, trusted: bool) -> list[Claim]:
    """Many claims in the order asked (one query; a single claim is a batch of one).

    Args:
        session: the session to read in.
        claim_ids: the claims to read.
        trusted: build the records without validating the stored values again (bulk work).

    Raises:
        NotFound: a claim does not exist.
    """
    ids = list(claim_ids)
    rows = claim_rows(session, ids)
    missing = [i for i in ids if i not in rows]
    if missing:
        raise NotFound("The claim no longer exists." if len(ids) == 1 else
                       f"{len(missing)} claim(s) no longer exist (ids {missing[:5]}).")
    return [claim_from_row(rows[i], trusted=trusted) for i in ids]


def read_claim(session: Session, claim_id: int, *, trusted: bool = False) -> Claim:
    """One claim (validated unless ``trusted``).

    Raises:
        NotFound: no such claim.
    """
    return read_claims(session, [claim_id], trusted=trusted)[0]


def claims_where(session: Session, *conditions: ColumnElement[bool],
                 trusted: bool) -> list[Claim]:
    """Claims matching every condition on ``claims`` columns, oldest (lowest id) first."""
    stmt = select(CLAIMS).where(*conditions).order_by(CLAIMS.c.id)
    return [claim_from_row(r, trusted=trusted) for r in plain_rows(session, stmt)]


def claims_of_encounters(session: Session, encounter_ids: Iterable[int], *,
                         trusted: bool) -> dict[int, list[Claim]]:
    """Every claim (any status) of each encounter, oldest first (none: left out)."""
    out: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims_where(session, in_ids(CLAIMS.c.encounter_id, set(encounter_ids)),
                              trusted=trusted):
        out[claim.encounter_id].append(claim)
    return dict(out)


def claims_by_number(session: Session, numbers: Iterable[str], *, column: str = "control_number",
                     trusted: bool) -> list[Claim]:
    """Claims whose ``control_number`` (or ``payer_claim_number``) is one of ``numbers``."""
    if column not in ("control_number", "payer_claim_number"):
        raise ValueError(f"claims_by_number: not a claim number column: {column}")
    return claims_where(session, in_ids(CLAIMS.c[column], set(numbers)), trusted=trusted)


def read_history(session: Session, claim_id: int) -> list[StatusChange]:
    """A claim's status changes, oldest first."""
    history = cast("Table", t.ClaimHistoryRow.__table__)
    stmt = select(history).where(history.c.claim_id == claim_id).order_by(history.c.id)
    return [build_record(StatusChange, False, None, **r._asdict())
            for r in plain_rows(session, stmt)]


def history_reasons(session: Session, claim_ids: Iterable[int]) -> set[tuple[int, str]]:
    """(claim id, reason) of every history row of the claims, in one query."""
    history = cast("Table", t.ClaimHistoryRow.__table__)
    stmt = select(history.c.claim_id, history.c.reason).where(
        in_ids(history.c.claim_id, set(claim_ids)))
    return {(int(r.claim_id), str(r.reason)) for r in plain_rows(session, stmt)}
