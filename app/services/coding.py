"""Coding work queue (encounters waiting to be coded, queried, coded, returned)."""

from __future__ import annotations

from datetime import date

from app.domain.rows import EncounterRow
from app.store import queries
from app.store.database import Database


def work_queue(db: Database, statuses: tuple[str, ...] = (),
               today: date | None = None) -> list[EncounterRow]:
    """Encounters in the given coding statuses (all when empty), oldest visit first."""
    with db.reading() as session:
        return queries.encounter_rows(session, statuses, today)
