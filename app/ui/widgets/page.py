"""Base class for the main window's pages: lazy first load, refresh on relevant changes."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from app.domain.changes import Changes
from app.ui.changes import ChangeBus, touches


class Page(QWidget):
    """Loads when first shown; reloads on ``Changes`` naming a flag in ``watches``."""

    title = ""
    watches: tuple[str, ...] = ()

    def __init__(self, db: object, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.bus = bus
        self.stale = True
        bus.changed.connect(self.on_changes)

    @Slot(object)
    def on_changes(self, changes: Changes) -> None:
        if touches(changes, *self.watches):
            self.stale = True
            if self.isVisible():
                self.refresh()

    def ensure_loaded(self) -> None:
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        """Reload from the database (subclasses call super().refresh() first)."""
        self.stale = False

    def focus_search(self) -> None:
        """Ctrl+F: focus the page's search or filter box."""

    def save_state(self) -> None:
        """Write header and splitter state to QSettings."""

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.ensure_loaded()
