"""Progress reporting and cancellation for long work (imports, exports, index builds)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from app.domain.errors import Cancelled

#: ``progress(done, total, label)``; total may be 0 when unknown.
ProgressFn = Callable[[int, int, str], None]


def no_progress(done: int, total: int, label: str) -> None:
    """Progress callback that ignores every report."""


class CancelToken:
    """A flag the GUI sets and long work checks between units."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next check."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """Whether cancel() was called."""
        return self._event.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` if cancel() was called.

        Raises:
            Cancelled: the user asked to stop.
        """
        if self._event.is_set():
            raise Cancelled()
