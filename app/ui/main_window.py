"""The main window: navigation, pages, menus, status bar, window state in QSettings."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app import paths
from app.domain.changes import Changes
from app.services import backup, practice_io, workspace
from app.ui import actions, dialogs, jobs, ui_state
from app.ui.billing.claims_page import ClaimsPage, hook_billing
from app.ui.changes import ChangeBus, touches
from app.ui.coding.queue_page import CodingQueuePage
from app.ui.patients.patients_page import PatientsPage
from app.ui.remits import window_hooks
from app.ui.settings.settings_page import SettingsPage
from app.ui.today import window_hooks as today_hooks
from app.ui.visits import window_hooks as visit_hooks
from app.ui.widgets.page import Page

STATE_KEY = "main_window"


def status_text(info: workspace.WorkspaceInfo) -> str:
    return f"Database: {info.path} · {info.mode} MODE"


class MainWindow(QMainWindow):
    def __init__(self, db: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.bus = ChangeBus(self)
        self.setWindowTitle("ClaimDesk")
        self.coding = CodingQueuePage(db, self.bus)
        self.billing = ClaimsPage(db, self.bus)
        self.patients = PatientsPage(db, self.bus)
        self.settings = SettingsPage(db, self.bus)
        self.pages: list[Page] = [self.coding, self.billing, self.patients, self.settings]
        self._build_central()
        self._build_actions()
        self._build_status_bar()
        self.bus.changed.connect(self._changes)
        hook_billing(self)
        window_hooks.install(self)  # Batches, Remittances (Ctrl+5/6), TEST MODE banner
        visit_hooks.install(self)  # New visit (Ctrl+Shift+N), charge entry, Fees (Ctrl+7)
        today_hooks.install(self)  # Today and Dashboard (Ctrl+0/9)
        ui_state.fit_to_screen(self, 1280, 800)
        ui_state.restore_window(self, STATE_KEY)
        today_hooks.open_on_today(self)  # the window always opens on Today

    # building -----------------------------------------------------------------------------
    def _build_central(self) -> None:
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(150)
        for page, keys in zip(self.pages, ("Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4"), strict=True):
            self.nav.addItem(page.title)
            self.nav.item(self.nav.count() - 1).setToolTip(f"{page.title} ({keys})")
        self.stack = QStackedWidget()
        for page in self.pages:
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _build_actions(self) -> None:
        self.actions_by_name = {
            name: actions.make_action(self, name, slot) for name, slot in (
                ("go_coding", lambda: self.go_to(0)), ("go_billing", lambda: self.go_to(1)),
                ("go_patients", lambda: self.go_to(2)), ("go_settings", lambda: self.go_to(3)),
                ("find", self.find), ("new_patient", self.new_patient),
                ("refresh", self.refresh_current), ("backup", self.backup),
                ("export_json", self.export_json), ("quit", self.close),
                ("import_visits", self.import_visits),
                ("code_lookup", self.open_code_lookup))}
        a = self.actions_by_name
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(a["import_visits"])
        file_menu.addSeparator()
        file_menu.addActions([a["backup"], a["export_json"]])
        file_menu.addSeparator()
        file_menu.addAction(a["quit"])
        go_menu = self.menuBar().addMenu("&Go")
        go_menu.addActions([a["go_coding"], a["go_billing"], a["go_patients"],
                            a["go_settings"]])
        go_menu.addSeparator()
        go_menu.addActions([a["find"], a["refresh"]])
        patients_menu = self.menuBar().addMenu("&Patients")
        patients_menu.addAction(a["new_patient"])
        tools_menu = self.menuBar().addMenu("&Tools")
        tools_menu.addAction(a["code_lookup"])

    def open_code_lookup(self) -> None:
        """The code look-up window (CPT rows come from the practice fee schedule)."""
        from app.services import fees
        from app.ui.codes.code_lookup import CodeLookupWidget

        if getattr(self, "code_lookup", None) is None:
            self.code_lookup = CodeLookupWidget()
            self.code_lookup.setWindowTitle("Code lookup - ClaimDesk")
            self.code_lookup.resize(1000, 640)
        self.code_lookup.set_practice_db(self.db)
        self.code_lookup.set_cpt_provider(fees.cpt_provider(self.db))
        self.code_lookup.show()
        self.code_lookup.raise_()
        self.code_lookup.activateWindow()

    def _build_status_bar(self) -> None:
        self.db_label = QLabel()
        self.db_label.setObjectName("status_db")
        self.statusBar().addPermanentWidget(self.db_label)
        self.update_status()

    def update_status(self) -> None:
        info = workspace.describe(self.db)
        self.db_label.setText(status_text(info))
        color = "#b00020" if info.mode == "PRODUCTION" else "#1b5e20"
        self.db_label.setStyleSheet(f"color: {color};")
        name = info.practice_name or "No practice set up yet"
        self.setWindowTitle(f"ClaimDesk - {name}")

    # navigation ---------------------------------------------------------------------------
    def go_to(self, index: int) -> None:
        index = max(0, min(index, len(self.pages) - 1))
        self.nav.setCurrentRow(index)
        self.stack.setCurrentIndex(index)

    def current_page(self) -> Page:
        return self.pages[self.stack.currentIndex()]

    @Slot()
    def find(self) -> None:
        self.current_page().focus_search()

    @Slot()
    def new_patient(self) -> None:
        self.go_to(2)
        self.patients.new_patient()

    @Slot()
    def refresh_current(self) -> None:
        self.current_page().refresh()
        self.statusBar().showMessage("Reloaded.", 2000)

    @Slot(object)
    def _changes(self, changes: Changes) -> None:
        if touches(changes, "settings"):
            self.update_status()

    # file menu ----------------------------------------------------------------------------
    def _ask(self, title: str, folder_key: str, default: Path, file_filter: str) -> Path | None:
        folder = Path(ui_state.last_folder(folder_key, str(default.parent)))
        path = dialogs.ask_save_path(self, title, folder / default.name, file_filter)
        if path is not None:
            ui_state.set_last_folder(folder_key, str(path.parent))
        return path

    @Slot()
    def backup(self) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        path = self._ask("Back up the database", "backup",
                         paths.backups_dir() / f"claimdesk-{stamp}.sqlite3",
                         "ClaimDesk database (*.sqlite3)")
        if path is not None:
            jobs.run_long(self, lambda _p, _c: backup.backup(self.db, path),
                          label=f"Backing up to {path.name}...",
                          on_success=lambda size: self.statusBar().showMessage(
                              f"Backup written: {path} ({size:,} bytes)", 8000))

    @Slot()
    def import_visits(self) -> None:
        """File > Import visits...: the EHR import dialog (the dialog chooses the source)."""
        from app.ui.imports.import_dialog import ImportDialog

        dialog = ImportDialog(self.db, self.bus, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.import_dialog = dialog
        dialog.choose_file()

    @Slot()
    def export_json(self) -> None:
        stamp = datetime.now().strftime("%Y%m%d")
        path = self._ask("Export the practice as JSON", "export",
                         paths.exports_dir() / f"practice-{stamp}.json", "JSON (*.json)")
        if path is not None:
            jobs.run_long(self, lambda _p, _c: practice_io.export_json(self.db, path),
                          label=f"Exporting to {path.name}...",
                          on_success=lambda size: self.statusBar().showMessage(
                              f"Exported: {path} ({size:,} bytes)", 8000))

    # closing ------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        for dialog in list(self.patients.dialogs):
            dialog.close()  # asks about unsaved changes; may stay open
        if self.patients.dialogs or (self.settings.has_unsaved() and not dialogs.confirm(
                self, "Unsaved settings", "The settings have changes that are not saved. "
                "Close anyway and lose them?", yes="Close anyway")) \
                or not self.coding.confirm_close():  # unsaved codes: save / discard / stay
            event.ignore()
            return
        self.save_state()
        event.accept()

    def save_state(self) -> None:
        ui_state.save_window(self, STATE_KEY)
        ui_state.settings().setValue(f"{STATE_KEY}/page", self.stack.currentIndex())
        for page in self.pages:
            page.save_state()
