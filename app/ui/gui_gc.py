"""Python's cycle collector runs on the GUI thread only.

Left automatic, the collector runs in whichever thread happens to allocate; when that is a
job's pool thread and the garbage holds Qt wrappers, Qt objects are destroyed off the GUI
thread and the process can crash (seen in the printing tests). So the app turns automatic
collection off and collects from a GUI-thread timer with the same generation thresholds.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 250
FULL_EVERY_S = 30.0  # Python skips most full collections on a big heap; so do we


class GuiThreadCollector(QObject):
    """Disables automatic collection and collects on a GUI-thread timer instead."""

    def __init__(self, app: QCoreApplication, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(app)
        self.threshold = gc.get_threshold()
        self.last_full = time.monotonic()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(interval_ms)

    def collect(self) -> None:
        """Collect the generations whose allocation counts passed their thresholds.

        A full collection walks every live object (the code index, open tables), so it runs
        at most every ``FULL_EVERY_S`` seconds.
        """
        counts = gc.get_count()
        if counts[0] <= self.threshold[0]:
            return
        generation = 0
        if counts[1] > self.threshold[1]:
            generation = 1
            now = time.monotonic()
            if counts[2] > self.threshold[2] and now - self.last_full >= FULL_EVERY_S:
                generation, self.last_full = 2, now
        gc.collect(generation)


def install(app: QCoreApplication) -> GuiThreadCollector:
    """Install the collector once per application (returns the existing one if any)."""
    existing = app.findChild(GuiThreadCollector)
    return existing if existing is not None else GuiThreadCollector(app)
