"""Explicit integer ids for demo records, one counter per kind, each starting at 1."""

from __future__ import annotations


class IdSource:
    """Hands out 1, 2, 3... separately for each kind of record."""

    def __init__(self) -> None:
        self._last: dict[str, int] = {}

    def next(self, kind: str) -> int:
        """The next id for ``kind`` (``patient``, ``policy``, ``line``...)."""
        value = self._last.get(kind, 0) + 1
        self._last[kind] = value
        return value
