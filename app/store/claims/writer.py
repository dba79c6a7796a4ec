"""Write claims: new claims and every status move, with history and audit rows, in bulk.

The one owner of claim state. ``move_statuses`` checks each move against the domain's
transition table (``app.domain.claims.transition``), writes the statuses with one
``executemany`` per set of changed columns, the ``claim_history`` rows with one more, and the
audit rows of both, for one claim or ten thousand, inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from app.domain.claims import Claim, ClaimStatus, StatusMove, transition
from app.domain.errors import StaleEdit, TransitionNotAllowed
from app.store import tables as t
from app.store.bulk_insert import insert_audited
from app.store.bulk_update import update_rows
from app.store.claims.reader import CLAIMS, claim_from_values, claim_rows
from app.store.mapping import claim_values

HISTORY = cast("Table", t.ClaimHistoryRow.__table__)
_EXTRAS = ("submitted_on", "payer_claim_number", "status_note")


def add_history(session: Session, rows: Sequence[tuple[int, str | None, str, str]]) -> None:
    """Record status changes (claim id, from, to, reason) with their audit rows.

    Store-internal: services move claims with ``move_statuses``.
    """
    at = datetime.now()
    insert_audited(session, HISTORY, [
        {"claim_id": c, "at": at, "from_status": f, "to_status": to, "reason": reason}
        for c, f, to, reason in rows])


def _check(move: StatusMove, row: dict[str, Any], version: int) -> None:
    current = ClaimStatus(row["status"])
    name = row["control_number"]
    if move.expected is not None and current != move.expected:
        raise StaleEdit(f"Claim {name} is {current.value} now, not {move.expected.value}; "
                        "nothing was changed.", hint="Refresh and try again.")
    if move.expected_version is not None and move.expected_version != version:
        raise StaleEdit(f"Claim {name} changed since it was read; nothing was changed.",
                        hint="Refresh and try again.")
    if move.target != current:
        try:
            transition(current, move.target)
        except TransitionNotAllowed as exc:
            raise TransitionNotAllowed(f"Claim {name}: {exc}", hint=exc.hint) from None


def move_statuses(session: Session, moves: Sequence[StatusMove], *,
                  returning: bool = True) -> list[Claim]:
    """Apply status moves, all or none: statuses, extra columns, history and audit rows.

    Moves apply in order; several moves of one claim chain (``submitted`` then ``paid``).
    A move whose target is the current status records its reason as a history note (none
    without a reason) and saves its extra columns.

    Args:
        session: the unit of work's session (nothing is committed here).
        moves: the moves; an empty list does nothing.
        returning: build the moved claims (batch work that does not need them says no).

    Returns:
        The moved claims as stored afterwards, in the order they first appear in ``moves``
        (none without ``returning``).

    Raises:
        TransitionNotAllowed: a move the transition table refuses (naming the claim).
        StaleEdit: a claim is not in the expected status or version, or no longer exists.
    """
    if not moves:
        return []
    before = claim_rows(session, dict.fromkeys(m.claim_id for m in moves))
    state: dict[int, dict[str, Any]] = {}
    history: list[tuple[int, str | None, str, str]] = []
    for move in moves:
        stored = before.get(move.claim_id)
        if stored is None:
            raise StaleEdit("A claim no longer exists; nothing was changed.")
        row = state.setdefault(move.claim_id, stored._asdict())
        _check(move, row, stored.version)
        if move.target != row["status"] or move.reason:
            history.append((move.claim_id, row["status"], move.target.value, move.reason))
        row["status"] = move.target.value
        for key in _EXTRAS:
            value = getattr(move, key)
            if value is not None:
                row[key] = value
    changes = {cid: {k: row[k] for k in ("status", *_EXTRAS)} for cid, row in state.items()}
    after = update_rows(session, CLAIMS, changes, before=before)
    add_history(session, history)
    if not returning:
        return []
    return [claim_from_values(dict(after[cid]), trusted=True) for cid in state]


def update_claim(session: Session, claim: Claim) -> Claim:
    """Save a claim's own fields (notes, frequency, numbers) with its version checked.

    Raises:
        ValueError: the status differs from the stored one (status moves go through
            ``move_statuses``).
        StaleEdit: the claim changed since ``claim.version`` was read.
    """
    if claim.id is None:
        raise ValueError("update_claim: a new claim is inserted with insert_claims")
    before = claim_rows(session, [claim.id])
    stored = before.get(claim.id)
    if stored is None:
        raise StaleEdit("The claim no longer exists.")
    if claim.status != stored.status:
        raise ValueError("update_claim: status changes go through move_statuses")
    if claim.version not in (0, stored.version):
        raise StaleEdit()
    values = {k: v for k, v in claim_values(claim).items() if k != "id"}
    after = update_rows(session, CLAIMS, {claim.id: values}, before=before)
    return claim_from_values(dict(after[claim.id]), trusted=False)


class NewClaims:
    """New claims made in a unit of work: ids handed out now, rows inserted by ``flush``.

    Safe inside the job's write transaction: nothing else writes to this database. Flush
    before anything that refers to the new claims (ledger entries) is written. Each claim
    gets its first history row (none -> its status) and audit rows.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._next = (session.scalar(select(func.max(t.ClaimRow.id))) or 0) + 1
        self._rows: list[dict[str, Any]] = []
        self._history: list[tuple[int, str | None, str, str]] = []

    def add(self, claim: Claim, reason: str) -> Claim:
        """The claim with its id (and version 1); its row waits for ``flush``."""
        stored = claim.model_copy(update={"id": self._next, "version": 1})
        self._next += 1
        self._rows.append({**claim_values(stored), "version": 1})
        self._history.append((self._next - 1, None, stored.status.value, reason))
        return stored

    def flush(self) -> None:
        """Insert the waiting rows and their history (with audit rows)."""
        insert_audited(self.session, CLAIMS, self._rows)
        add_history(self.session, self._history)
        self._rows, self._history = [], []


def insert_claims(session: Session, claims: Sequence[Claim], reason: str = "created"
                  ) -> list[Claim]:
    """Insert new claims (with their first history row); returns them with their ids."""
    new = NewClaims(session)
    stored = [new.add(c, reason) for c in claims]
    new.flush()
    return stored


def insert_claim(session: Session, claim: Claim, reason: str = "created") -> Claim:
    """Insert one new claim (a batch of one); returns it with its id."""
    return insert_claims(session, [claim], reason)[0]
