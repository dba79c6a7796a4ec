"""Hook Today and the Dashboard into the main window; the window opens on Today.

``install(window)`` runs in ``MainWindow.__init__`` after the other pages: it appends the two
pages (Ctrl+0, Ctrl+9) with their Go-menu entries, routes Today's Enter to the screen that
fixes the item (``navigation.open_target``) and both pages' messages to the status bar.
"""

from __future__ import annotations

from typing import Any

from app.ui import actions
from app.ui.today.dashboard_page import DashboardPage
from app.ui.today.navigation import open_target
from app.ui.today.today_page import TodayPage


def _add_page(window: Any, page: Any, action_name: str) -> None:
    window.pages.append(page)
    window.stack.addWidget(page)
    row = actions.shortcut(action_name)
    window.nav.addItem(page.title)
    window.nav.item(window.nav.count() - 1).setToolTip(f"{page.title} ({row.keys})")
    action = actions.make_action(window, action_name, lambda: window.go_to(
        window.pages.index(page)))
    window.actions_by_name[action_name] = action
    page.message.connect(lambda text: window.statusBar().showMessage(text, 8000))


def install(window: Any) -> None:
    """Add Today and the Dashboard to ``window`` (a MainWindow)."""
    window.today = TodayPage(window.db, window.bus)
    window.dashboard = DashboardPage(window.db, window.bus)
    _add_page(window, window.today, "go_today")
    _add_page(window, window.dashboard, "go_dashboard")
    window.today.open_requested.connect(lambda target: open_target(window, target))
    go_menu = next((a.menu() for a in window.menuBar().actions() if a.text() == "&Go"), None)
    if go_menu is not None and go_menu.actions():
        go_menu.insertActions(go_menu.actions()[0], [window.actions_by_name["go_today"],
                                                     window.actions_by_name["go_dashboard"]])


def open_on_today(window: Any) -> None:
    """Show Today with the keyboard in its list (the page the window opens on)."""
    window.go_to(window.pages.index(window.today))
    window.today.table.setFocus()
