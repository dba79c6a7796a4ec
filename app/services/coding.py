"""Coding work queue (encounters waiting to be coded, queried, coded, returned)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.rows import EncounterRow
from app.store import queries
from app.store.database import Database


def work_queue(db: Database, statuses: tuple[str, ...] = (),
               today: date | None = None) -> list[EncounterRow]:
    """Encounters in the given coding statuses (all when empty), oldest visit first."""
    with db.reading() as session:
        return queries.encounter_rows(session, statuses, today)


@dataclass(frozen=True)
class QueueRow(EncounterRow):
    """A work-queue row with the encounter's coding note (query text or the payer's reason)."""

    coding_note: str = ""


def queue_ids(db: Database, statuses: tuple[str, ...] = (), search: str = "",
              provider_id: int | None = None, sort: str = "date",
              descending: bool = False) -> list[int]:
    """Ids of work-queue encounters in display order, filtered and sorted in SQL.

    Args:
        db: the practice database.
        statuses: coding statuses to show (all when empty).
        search: patient name, account or date-of-birth search text.
        provider_id: only this rendering provider's visits.
        sort: ``date``, ``days``, ``patient``, ``provider``, ``payer`` or ``status``.
        descending: reverse the order.

    Returns:
        Encounter ids.
    """
    with db.reading() as session:
        return queries.coding_queue_ids(session, statuses, search, provider_id, sort,
                                        descending)


def queue_rows(db: Database, ids: list[int], today: date | None = None) -> list[QueueRow]:
    """Work-queue rows for a page of ids, in the same order."""
    with db.reading() as session:
        pairs = queries.coding_queue_rows(session, ids, today)
    return [QueueRow(**row.__dict__, coding_note=note) for row, note in pairs]
