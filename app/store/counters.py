"""Persistent counters (control numbers) taken atomically inside the write transaction.

One statement reads and advances a counter (an upsert with ``RETURNING``), so the first use
takes SQLite's write lock and two processes can never read the same value, nor both insert
the counter row ("UNIQUE constraint failed: settings.key"). PostgreSQL form: the same
``INSERT ... ON CONFLICT ... DO UPDATE ... RETURNING`` with ``GREATEST`` for ``max``.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

_ADVANCE = text(
    "INSERT INTO settings (key, value) VALUES (:key, CAST(:floor + :step AS TEXT)) "
    "ON CONFLICT (key) DO UPDATE SET value = CAST(max(CAST(settings.value AS INTEGER) + :step, "
    ":floor + :step) AS TEXT) RETURNING CAST(value AS INTEGER)")


def advance(session: Session, key: str, step: int = 1, floor: int = 0) -> int:
    """Raise the counter ``key`` by ``step`` (to at least ``floor + step``); returns its value.

    With ``step=0`` it returns the current value (at least ``floor``) and, being a write,
    holds the counter for the rest of the transaction.
    """
    return int(session.execute(_ADVANCE, {"key": key, "step": step, "floor": floor})
               .scalar_one())


def raise_to(session: Session, key: str, value: int) -> None:
    """Store ``value`` in the counter unless it already holds more."""
    advance(session, key, step=0, floor=value)
