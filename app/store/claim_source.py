"""Claim control numbers (CLM01); the claim modules' old names, kept for other callers.

Claims are read by ``app.store.claims.reader``, written by ``app.store.claims.writer`` and
gathered with what surrounds them by ``app.store.claims.bundles``.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.store import counters
from app.store import tables as t
from app.store.claims.bundles import (  # noqa: F401 - re-exported
    PREFETCH_CHUNK,
    ClaimBundle,
    EncounterBundle,
    Loader,
    claim_bundle,
    claims_for_encounter,
    encounter_bundle,
    get_encounter,
)
from app.store.claims.related import (  # noqa: F401 - re-exported
    coded_without_claim,
    duplicate_claims,
    same_day_lines,
)
from app.store.claims.writer import NewClaims, insert_claim  # noqa: F401 - re-exported

__all__ = ["PREFETCH_CHUNK", "ClaimBundle", "ControlNumbers", "EncounterBundle", "Loader",
           "NewClaims", "claim_bundle", "claims_for_encounter", "coded_without_claim",
           "duplicate_claims", "encounter_bundle", "get_encounter", "insert_claim",
           "next_control_number", "same_day_lines"]


class ControlNumbers:
    """Hands out new unique patient control numbers (CLM01), ``C`` + 7 digits.

    Reads the counter and the numbers already used at or above it once; ``save`` stores
    the counter (call it before the unit of work commits).
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        highest = session.scalar(select(func.max(t.ClaimRow.id))) or 0
        # One atomic read-and-hold of the counter (see ``counters``): from here the
        # transaction owns it until it commits.
        self._next = counters.advance(session, "counter.claim", step=0, floor=highest) + 1
        self._taken = self._next - 1
        number = t.ClaimRow.control_number
        self._used = set(session.scalars(select(number).where(
            func.length(number) == 8, number.like("C%"), number >= f"C{self._next:07d}")))

    def take(self) -> str:
        """The next free number."""
        number = self._next
        while f"C{number:07d}" in self._used:
            number += 1
        self._next, self._taken = number + 1, number
        self._used.add(f"C{number:07d}")
        return f"C{number:07d}"

    def save(self) -> None:
        """Store the counter."""
        counters.raise_to(self.session, "counter.claim", self._taken)


def next_control_number(session: Session) -> str:
    """A new unique patient control number (CLM01), ``C`` + 7 digits."""
    numbers = ControlNumbers(session)
    number = numbers.take()
    numbers.save()
    return number
