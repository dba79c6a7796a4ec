"""Settings page: Practice, Providers, Payers and Clearinghouse tabs."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.services import settings
from app.ui.changes import ChangeBus
from app.ui.settings.directory_tabs import (
    PAYER_COLUMNS,
    PROVIDER_COLUMNS,
    DirectoryTab,
    PayerDialog,
    ProviderDialog,
)
from app.ui.settings.practice_forms import ClearinghouseForm, PracticeForm
from app.ui.widgets.page import Page


class SettingsPage(Page):
    title = "Settings"
    watches = ("settings",)

    def __init__(self, db: object, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(db, bus, parent)
        self.practice = PracticeForm(db, bus)
        self.providers = DirectoryTab(
            "providers", PROVIDER_COLUMNS, lambda: settings.list_providers(db),  # type: ignore[arg-type]
            lambda parent, record: ProviderDialog(parent, bus, db, record))
        self.payers = DirectoryTab(
            "payers", PAYER_COLUMNS, lambda: settings.list_payers(db),  # type: ignore[arg-type]
            lambda parent, record: PayerDialog(parent, bus, db, record))
        self.clearinghouse = ClearinghouseForm(db, bus)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settings_tabs")
        self.tabs.addTab(self.practice, "Practice")
        self.tabs.addTab(self.providers, "Providers")
        self.tabs.addTab(self.payers, "Payers")
        self.tabs.addTab(self.clearinghouse, "Clearinghouse")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.tabs)

    @Slot()
    def refresh(self) -> None:
        super().refresh()
        self.practice.load()
        self.clearinghouse.load()
        self.providers.load()
        self.payers.load()

    def has_unsaved(self) -> bool:
        return any(form.binder.is_dirty() for form in (self.practice, self.clearinghouse))

    def focus_search(self) -> None:
        current = self.tabs.currentWidget()
        if isinstance(current, DirectoryTab):
            current.filter.setFocus()

    def save_state(self) -> None:
        self.providers.save_state()
        self.payers.save_state()
