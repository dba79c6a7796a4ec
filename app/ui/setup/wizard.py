"""The "Set up my practice" wizard: four checked pages, one service call on Finish."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QLineEdit, QWidget, QWizard

from app.domain.errors import ValidationFailed
from app.services import setup
from app.ui import dialogs, errors, jobs
from app.ui.setup.pages import ClearinghousePage, PayersPage, PracticePage, ProvidersPage


class SetupWizard(QWizard):
    """Practice, rendering providers, clearinghouse, payers; Finish writes all or nothing."""

    created = Signal(object)  # the saved practice

    def __init__(self, db: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("setup_wizard")
        self.setWindowTitle("Set up my practice")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.practice = PracticePage()
        self.providers = ProvidersPage()
        self.clearinghouse = ClearinghousePage()
        self.payers = PayersPage(setup.starter_payers())
        for page in (self.practice, self.providers, self.clearinghouse, self.payers):
            self.addPage(page)
        self.currentIdChanged.connect(self._entered)
        self.busy = False
        self.resize(760, 620)

    @Slot(int)
    def _entered(self, _page_id: int) -> None:
        if self.currentPage() is self.clearinghouse:
            self.clearinghouse.prefill(self.practice.values())
            self.clearinghouse.recheck()

    def accept(self) -> None:
        """Finish: save everything in one service call, off the GUI thread."""
        if self.busy:
            return
        self.busy = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        practice, providers = self.practice.values(), self.providers.values()
        clearinghouse, payer_ids = self.clearinghouse.values(), self.payers.payer_ids()
        jobs.run_op(self, lambda: setup.create_practice(self.db, practice, providers,
                                                        clearinghouse, payer_ids),
                    on_success=self._saved, on_failure=self._failed)

    def reject(self) -> None:
        """Cancel: nothing is written; asks first when something was typed."""
        if self.busy:
            return
        typed = any(isinstance(f.widget, QLineEdit) and f.widget.text().strip()
                    for page in (self.practice, self.providers, self.clearinghouse)
                    for record in page.records for f in record.binder.fields.values())
        if typed and not dialogs.confirm(self, "Set up my practice",
                                         "Discard what you typed? Nothing has been saved."):
            return
        super().reject()

    def _saved(self, result: tuple[Any, Any]) -> None:
        self.busy = False
        super().accept()
        self.created.emit(result[0])

    def _failed(self, exc: BaseException) -> bool:
        self.busy = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        if isinstance(exc, ValidationFailed):
            errors.show_error(self, exc)  # the pages checked the fields; this is the rest
            return True
        return False
