"""ERA (835) import: open a file, preview the posting (a dry run), then Post it as a job.

The preview runs the whole posting and rolls it back, so its figures are exactly what Post
will do. A file that fails validation or balancing shows every problem and posts nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from app import paths
from app.domain.errors import ImportRejected
from app.services import remittances
from app.services.remittances import PostingSummary
from app.ui import actions, jobs, ui_state
from app.ui.batches import prompts
from app.ui.batches.report_widgets import FiguresView, ProblemReport
from app.ui.changes import ChangeBus
from app.ui.presenters.remit_reports import can_post, posting_headline, posting_rows
from app.ui.remits.held_view import HeldList

ERA_FILTER = "835 remittance files (*.835 *.txt *.x12 *.edi *.era);;All files (*)"
FOLDER_KEY = "era"


class EraImportView(QWidget):
    """Preview then post one 835 file."""

    message = Signal(str)
    posted = Signal(object)  # PostingSummary

    def __init__(self, db: Any, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.path: Path | None = None
        self.preview: PostingSummary | None = None
        self.report: PostingSummary | None = None
        self.busy = False
        self.file_label = QLabel("Open an 835 file from the payer or clearinghouse to preview "
                                 "its posting.")
        self.file_label.setObjectName("era_file")
        self.file_label.setWordWrap(True)
        self.figures = FiguresView()
        self.figures.setObjectName("era_figures")
        self.problems = ProblemReport("era_problems")
        self.held = HeldList(db, bus)
        self.held.message.connect(self.message)
        self.stack = QStackedWidget()
        self.stack.addWidget(QWidget())
        self.stack.addWidget(self.figures)
        self.stack.addWidget(self.problems)
        self.open_button = QPushButton("&Open 835...")
        self.open_button.setObjectName("era_open_button")
        self.post_button = QPushButton("&Post")
        self.post_button.setObjectName("era_post_button")
        self.discard_button = QPushButton("&Discard preview")
        self.open_action = actions.make_action(self, "era_import", self.open_file,
                                               widget_scope=True)
        self.post_action = actions.make_action(self, "era_post", self.post, widget_scope=True)
        self.open_button.setToolTip(self.open_action.toolTip())
        self.post_button.setToolTip(self.post_action.toolTip())
        self.open_button.clicked.connect(self.open_file)
        self.post_button.clicked.connect(self.post)
        self.discard_button.clicked.connect(self.discard)
        bar = QHBoxLayout()
        for button in (self.open_button, self.post_button, self.discard_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.file_label)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.held, 1)
        self.held.reload()
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.preview is not None and can_post(self.preview) and not self.busy
        self.post_button.setEnabled(ready)
        self.post_action.setEnabled(ready)
        self.discard_button.setEnabled(self.preview is not None and not self.busy)
        self.open_button.setEnabled(not self.busy)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_buttons()

    @Slot()
    def open_file(self) -> None:
        folder = Path(ui_state.last_folder(FOLDER_KEY, str(paths.exports_dir())))
        path = prompts.ask_open_path(self, "Import an ERA (835)", folder, ERA_FILTER)
        if path is not None:
            ui_state.set_last_folder(FOLDER_KEY, str(path.parent))
            self.load(path)

    def load(self, path: Path) -> None:
        """Preview ``path`` (a dry run of the posting)."""
        if self.busy:
            return
        self.path, self.preview = path, None
        self.file_label.setText(f"File: {path}")
        self._set_busy(True)
        jobs.run_long(self, lambda _p, _c: remittances.import_835(self.db, path, dry_run=True),
                      label=f"Checking {path.name}...", on_success=self._previewed,
                      on_failure=self._failed, on_cancel=lambda: self._set_busy(False))

    def _previewed(self, outcome: tuple[PostingSummary, Any]) -> None:
        self.preview = outcome[0]
        self.figures.show_figures(posting_headline(self.preview), posting_rows(self.preview))
        self.stack.setCurrentWidget(self.figures)
        self.held.show_items(self.preview.held, preview=True)
        self._set_busy(False)

    def _failed(self, exc: BaseException) -> bool:
        self._set_busy(False)
        if not isinstance(exc, ImportRejected):
            return False
        self.problems.show_problems(f"Not posted: {exc.message}", exc.problems)
        self.stack.setCurrentWidget(self.problems)
        return True

    @Slot()
    def post(self) -> None:
        if self.path is None or self.preview is None or not can_post(self.preview) or \
                self.busy:
            return
        path = self.path
        self._set_busy(True)
        jobs.run_long(self, lambda _p, _c: remittances.import_835(self.db, path),
                      label=f"Posting {path.name}...", on_success=self._posted,
                      on_failure=self._failed, on_cancel=lambda: self._set_busy(False))

    def _posted(self, outcome: tuple[PostingSummary, Any]) -> None:
        summary, changes = outcome
        self.report, self.preview = summary, None
        self.figures.show_figures(posting_headline(summary), posting_rows(summary))
        self.stack.setCurrentWidget(self.figures)
        self.held.reload()
        self._set_busy(False)
        self.bus.publish(changes)
        self.message.emit(f"Posted {summary.file}: {summary.claims_matched} claims, "
                          f"{summary.denials} denials, {summary.exceptions} exceptions.")
        self.posted.emit(summary)

    @Slot()
    def discard(self) -> None:
        self.preview, self.path = None, None
        self.file_label.setText("Preview discarded; nothing was posted.")
        self.stack.setCurrentIndex(0)
        self.held.reload()
        self._update_buttons()

    def save_state(self) -> None:
        self.problems.save_state()
        self.held.save_state()
