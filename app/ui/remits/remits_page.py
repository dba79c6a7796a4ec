"""The Remittances page: ERA import and posting, denials, exceptions and the EOB of a claim."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app.ui.changes import ChangeBus
from app.ui.remits.credits_view import CreditsView
from app.ui.remits.denials_view import DenialsView
from app.ui.remits.deposits_view import DepositsView
from app.ui.remits.eob_view import EobView
from app.ui.remits.era_view import EraImportView
from app.ui.remits.exceptions_view import ExceptionsView
from app.ui.remits.paper_eob_dialog import PaperEobDialog
from app.ui.widgets.page import Page


class RemittancesPage(Page):
    title = "Remittances"
    watches = ("claims", "payments", "encounters", "charges")
    message = Signal(str)

    def __init__(self, db: object, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(db, bus, parent)
        self.era = EraImportView(db, bus)
        self.denials = DenialsView(db, bus)
        self.exceptions = ExceptionsView(db, bus)
        self.eob = EobView(db)
        self.deposits = DepositsView(db, bus)
        self.credits = CreditsView(db, bus)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("remits_tabs")
        self.tabs.addTab(self.era, "ERA &import")
        self.tabs.addTab(self.denials, "&Denials")
        self.tabs.addTab(self.exceptions, "E&xceptions")
        self.tabs.addTab(self.eob, "EO&B")
        self.tabs.addTab(self.deposits, "Deposits")  # Ctrl+Tab: every letter is taken
        self.tabs.addTab(self.credits, "Credits")
        for view in (self.era, self.denials, self.exceptions, self.deposits, self.credits):
            view.message.connect(self.message)
        self.denials.eob_requested.connect(self.open_eob)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        row = QHBoxLayout()
        self.paper_eob_button = QPushButton("Key paper E&OB...")
        self.paper_eob_button.setObjectName("paper_eob_button")
        self.paper_eob_button.setToolTip("Post a check and EOB from a payer that sends no 835")
        self.paper_eob_button.clicked.connect(self.key_paper_eob)
        row.addStretch(1)
        row.addWidget(self.paper_eob_button)
        layout.addLayout(row)
        layout.addWidget(self.tabs)

    @Slot()
    def key_paper_eob(self) -> None:
        PaperEobDialog(self, self.bus, self.db).open()

    @Slot()
    def refresh(self) -> None:
        super().refresh()
        self.denials.reload()
        self.exceptions.reload()
        self.eob.reload()
        self.deposits.reload()
        self.credits.reload()
        if not self.era.held.preview:
            self.era.held.reload()
        self._update_titles()

    def _update_titles(self) -> None:
        denied, unmatched = self.denials.model.rowCount(), self.exceptions.model.rowCount()
        self.tabs.setTabText(1, f"&Denials ({denied})" if denied else "&Denials")
        self.tabs.setTabText(2, f"E&xceptions ({unmatched})" if unmatched else "E&xceptions")

    @Slot(int, str)
    def open_eob(self, claim_id: int, control_number: str) -> None:
        self.tabs.setCurrentWidget(self.eob)
        self.eob.show_claim(claim_id, control_number)

    def focus_search(self) -> None:
        if self.tabs.currentWidget() is self.denials:
            self.denials.owner.setFocus()
        elif self.tabs.currentWidget() is self.exceptions:
            self.exceptions.search.setFocus()
        else:
            self.tabs.setCurrentWidget(self.eob)
            self.eob.search.setFocus()
            self.eob.search.selectAll()

    def save_state(self) -> None:
        for view in (self.era, self.denials, self.exceptions, self.eob, self.deposits,
                     self.credits):
            view.save_state()
