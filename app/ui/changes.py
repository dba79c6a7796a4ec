"""The change bus: services return ``Changes``; pages refresh only for the flags they show."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.domain.changes import Changes


class ChangeBus(QObject):
    """Broadcasts what a finished operation changed."""

    changed = Signal(object)  # Changes

    def publish(self, changes: Changes) -> None:
        if any(getattr(changes, name) for name in Changes.__dataclass_fields__):
            self.changed.emit(changes)


def touches(changes: Changes, *flags: str) -> bool:
    """Whether ``changes`` sets any of ``flags`` (names of Changes fields)."""
    return any(getattr(changes, flag) for flag in flags)
