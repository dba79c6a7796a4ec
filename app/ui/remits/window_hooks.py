"""Hook the Batches and Remittances pages and the TEST MODE banner into the main window.

``install(window)`` runs inside ``MainWindow.__init__`` (before the saved page is restored):
it appends the two pages to the navigation (Ctrl+5, Ctrl+6), adds them to the Go menu, routes
their messages to the status bar, and puts a coloured TEST MODE strip above the pages while
the clearinghouse usage is test (ISA15 = T).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.domain.changes import Changes
from app.services import workspace
from app.ui import actions
from app.ui.batches.batches_page import BatchesPage
from app.ui.changes import touches
from app.ui.remits.remits_page import RemittancesPage

BANNER_TEXT = ("TEST MODE: claims go out with ISA15 = T and are not adjudicated. "
               "Switch to production in Settings > Clearinghouse.")


def make_banner() -> QLabel:
    banner = QLabel(BANNER_TEXT)
    banner.setObjectName("test_mode_banner")
    banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
    banner.setWordWrap(True)
    banner.setStyleSheet("background: #f9a825; color: #3e2723; font-weight: 600;"
                         "padding: 4px 8px; border-bottom: 1px solid #c17900;")
    return banner


def _add_banner(window: Any) -> QLabel:
    old = window.takeCentralWidget()
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    banner = make_banner()
    layout.addWidget(banner)
    layout.addWidget(old, 1)
    window.setCentralWidget(holder)
    return banner


def update_banner(window: Any) -> None:
    window.test_banner.setVisible(workspace.describe(window.db).mode == "TEST")


def _add_page(window: Any, page: Any, action_name: str) -> None:
    window.pages.append(page)
    window.stack.addWidget(page)
    row = actions.shortcut(action_name)
    window.nav.addItem(page.title)
    window.nav.item(window.nav.count() - 1).setToolTip(f"{page.title} ({row.keys})")
    index = len(window.pages) - 1
    action = actions.make_action(window, action_name, lambda: window.go_to(index))
    window.actions_by_name[action_name] = action
    page.message.connect(lambda text: window.statusBar().showMessage(text, 8000))


def install(window: Any) -> None:
    """Add the pages, their navigation and the banner to ``window`` (a MainWindow)."""
    window.batches = BatchesPage(window.db, window.bus)
    window.remittances = RemittancesPage(window.db, window.bus)
    _add_page(window, window.batches, "go_batches")
    _add_page(window, window.remittances, "go_remittances")
    go_menu = next((a.menu() for a in window.menuBar().actions() if a.text() == "&Go"), None)
    if go_menu is not None:
        first = go_menu.actions()[4] if len(go_menu.actions()) > 4 else None
        go_menu.insertActions(first, [window.actions_by_name["go_batches"],
                                      window.actions_by_name["go_remittances"]])
    window.test_banner = _add_banner(window)
    update_banner(window)

    def changed(changes: Changes) -> None:
        if touches(changes, "settings"):
            update_banner(window)

    window.bus.changed.connect(changed)
