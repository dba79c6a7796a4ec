"""The billing page: claims (list, editor, findings), paper claims and the statement run."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.services.claim_queries import ClaimContext
from app.ui import actions
from app.ui.billing.claim_workspace import ClaimWorkspace
from app.ui.changes import ChangeBus
from app.ui.models.columns import Column, date_column, money_column
from app.ui.presenters import billing_editor as pe
from app.ui.printing.paper_claims import PaperClaimsView
from app.ui.printing.statement_run import StatementRunView
from app.ui.widgets.page import Page

MIN_WIDTH = 320
JUMP_LEDGER = "patient.ledger"  # the patient window on its Ledger tab (Ctrl+Shift+G)

#: The old whole-list claim columns (``services.claims.list_claims`` rows). The page now uses
#: the SQL-paged ``claim_model``; kept only for tests/ui/test_ui_models.py until it is retired.
COLUMNS: list[Column] = [
    Column("control_number", "Control #", 110), Column("patient", "Patient", 200),
    Column("payer", "Payer", 180), Column("status", "Status", 84, formatter=pe.status_label),
    date_column("date_of_service", "DOS", 86), money_column("billed", "Billed"),
    money_column("paid", "Paid"), money_column("adjusted", "Adjusted"),
    money_column("patient_responsibility", "Patient resp.", 92),
    money_column("balance", "Balance"),
]


class ClaimsPage(Page):
    title = "Billing"
    watches = ("claims", "charges", "payments", "patients", "settings", "encounters")
    #: "Jump to" requests for the main window: kind (presenters.billing_editor.JUMP_*), ids.
    jump_requested = Signal(str, object)
    message = Signal(str)

    def __init__(self, db: object, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(db, bus, parent)
        self.claims = ClaimWorkspace(db, bus)
        self.paper = PaperClaimsView(db, bus)
        self.statements = StatementRunView(db, bus)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("billing_tabs")
        self.tabs.addTab(self.claims, "&Claims")
        self.tabs.addTab(self.paper, "Paper cla&ims")
        self.tabs.addTab(self.statements, "Stat&ements")
        self.tabs.currentChanged.connect(self._tab_changed)
        for view in (self.claims.filters, self.claims.splitter, self.claims.lower, self.paper,
                     self.statements):  # a narrow window clips these instead of growing
            view.setMinimumWidth(MIN_WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.tabs)
        self.claims.jump.connect(self._jump)
        for view in (self.claims, self.paper, self.statements):
            view.message.connect(self.message)
        actions.make_action(self, "patient_ledger",
                            lambda: self.claims._jump_requested(JUMP_LEDGER), widget_scope=True)

    @Slot()
    def refresh(self) -> None:
        super().refresh()
        self.claims.reload()
        if self.tabs.currentWidget() is self.paper:
            self.paper.reload()

    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.paper:
            self.paper.reload()

    @Slot(str, object)
    def _jump(self, kind: str, context: ClaimContext) -> None:
        self.jump_requested.emit(kind, context)

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.claims)
        self.claims.filters.status.setFocus()

    def save_state(self) -> None:
        self.claims.save_state()
        self.paper.save_state()
        self.statements.save_state()


def jump(window: Any, kind: str, context: ClaimContext) -> None:
    """Open where a claim value is kept: patient detail, a settings tab or the coded visit."""
    if kind in (pe.JUMP_PATIENT, JUMP_LEDGER):
        window.go_to(window.pages.index(window.patients))
        dialog = window.patients.open_patient(context.patient_id)
        if dialog is not None and kind == JUMP_LEDGER:
            dialog.show_ledger()
    elif kind.startswith("settings."):
        window.go_to(window.pages.index(window.settings))
        tab = getattr(window.settings, kind.split(".", 1)[1], None)
        if tab is not None:
            window.settings.tabs.setCurrentWidget(tab)
    elif kind == pe.JUMP_CODING:
        window.go_to(window.pages.index(window.coding))
        opener = getattr(window.coding, "open_encounter", None)
        if opener is not None:
            opener(context.encounter_id)


def hook_billing(window: Any) -> None:
    """Connect the billing page's "jump to" links and messages to the main window."""
    page: ClaimsPage = window.billing
    page.jump_requested.connect(lambda kind, context: jump(window, kind, context))
    page.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
