"""Start-up: QApplication, logging, crash hook, database, first-run choice, main window."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app import paths
from app.domain.errors import ClaimDeskError
from app.domain.progress import CancelToken, ProgressFn
from app.services import workspace
from app.ui import dialogs, errors, gui_gc, jobs, ui_state
from app.ui.main_window import MainWindow
from app.ui.setup.wizard import SetupWizard
from app.ui.style import apply_style

log = logging.getLogger("claimdesk")


def configure_logging() -> Path:
    """Log to ``logs_dir()/claimdesk.log`` (rotated); returns the file path."""
    path = paths.logs_dir() / "claimdesk.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setOrganizationName(ui_state.ORGANIZATION)
    app.setApplicationName(ui_state.APPLICATION)
    app.setApplicationDisplayName("ClaimDesk")
    apply_style(app)
    gui_gc.install(app)
    return app


def create_main_window(db: Any) -> MainWindow:
    """The main window on an open database (tests call this directly)."""
    return MainWindow(db)


def _create_demo(db: Any, progress: ProgressFn, cancel: CancelToken) -> object:
    from app.services import demo, demo_samples  # imported here: needed only once

    demo.create_demo(db, progress=progress, cancel=cancel)
    samples = demo_samples.write_samples(db)
    log.info("Demo sample EHR exports written to %s", samples[0].parent)
    return samples[0].parent


START_CHOICES = [("setup", "&Set up my practice"), ("demo", "&Try the demo practice")]


class Startup:
    """On first run asks: set up the practice (wizard) or create the demo; then the window."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.window: MainWindow | None = None
        self.wizard: SetupWizard | None = None
        self.message = ""  # shown in the status bar once the window opens

    def start(self) -> None:
        if not workspace.needs_setup(self.db):
            self.ensure_code_index()
            return
        self.ask_how_to_start()

    def ask_how_to_start(self) -> None:
        """The first-run question; closing it quits (nothing was written)."""
        choice = dialogs.choose(
            None, "Welcome to ClaimDesk",
            f"There is no practice in {self.db.path} yet.\n\n"
            "Set up your own practice (about five minutes: NPI, EIN, providers, "
            "clearinghouse, payers), or try ClaimDesk on a synthetic demo practice.",
            START_CHOICES)
        if choice == "demo":
            self.create_demo()
        elif choice == "setup":
            self.open_wizard()
        else:
            log.info("First run: no choice made; quitting")
            QTimer.singleShot(0, QApplication.quit)

    def open_wizard(self) -> None:
        """The set-up wizard; Cancel asks the first-run question again."""
        log.info("First run: setting up a practice in %s", self.db.path)
        self.wizard = SetupWizard(self.db)
        self.wizard.created.connect(lambda _practice: self.ensure_code_index())
        self.wizard.rejected.connect(self.ask_how_to_start)
        self.wizard.show()

    def create_demo(self) -> None:
        log.info("First run: creating the demo practice in %s", self.db.path)
        jobs.run_long(None, lambda p, c: _create_demo(self.db, p, c),
                      label="First start: creating the demo practice...",
                      on_success=self._demo_created,
                      on_failure=self._failed, on_cancel=self.ensure_code_index)

    def _demo_created(self, samples: object) -> None:
        self.message = (f"Demo practice created. Sample EHR exports to try File > Import "
                        f"visits: {samples}")
        self.ensure_code_index()

    def ensure_code_index(self) -> None:
        """Build the ICD-10-CM index once per release (about 8 s), then show the window."""
        from app.services import codes

        if codes.icd_index_ready():
            self.show_window()
            return
        log.info("Building the ICD-10-CM index")
        jobs.run_long(None, lambda p, c: codes.ensure_icd_index(p, c),
                      label="Building the ICD-10-CM code index (once per release)...",
                      on_success=lambda _built: self.show_window(),
                      on_failure=self._failed, on_cancel=self.show_window)

    def _failed(self, exc: BaseException) -> bool:
        self.show_window()
        errors.show_error(self.window, exc)
        return True

    def show_window(self) -> None:
        self.window = create_main_window(self.db)
        self.window.show()
        if self.message:
            self.window.statusBar().showMessage(self.message, 30_000)
        app = QApplication.instance()
        if isinstance(app, QApplication):  # start-up dialogs are over: closing the window quits
            app.setQuitOnLastWindowClosed(True)


def run_gui(db_path: Path | None) -> int:
    """Run the application; returns the exit code."""
    app = create_application()
    log_file = configure_logging()
    errors.install_excepthook()
    log.info("ClaimDesk starting; log at %s", log_file)
    try:
        db = workspace.open_for_window(db_path)
    except ClaimDeskError as exc:
        log.error("Cannot open the database: %s", exc)
        QMessageBox.critical(None, "ClaimDesk", f"{exc.message}\n\n{exc.hint}".strip())
        return 1
    app.setQuitOnLastWindowClosed(False)  # between start-up progress dialogs no window shows
    startup = Startup(db)
    startup.start()
    code = app.exec()
    jobs.wait_idle()
    db.dispose()
    log.info("ClaimDesk closed (exit code %s)", code)
    return code
