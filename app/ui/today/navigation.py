"""Open a Today target: the screen, the record and the field that fixes the item."""

from __future__ import annotations

from typing import Any

from app.domain.today import TodayTarget


def _page(window: Any, page: Any) -> None:
    window.go_to(window.pages.index(page))


def _select(view: Any, record_id: int) -> None:
    view.reload()
    row = view.model.row_of_id(record_id)
    if row >= 0:
        view.table.select_row(row)
    view.table.setFocus()


def open_target(window: Any, target: TodayTarget) -> bool:
    """Show ``target`` in ``window`` (a MainWindow) with the existing open functions.

    Returns:
        False when the screen is unknown (nothing changed).
    """
    screen = target.screen
    if screen == "coding":
        _page(window, window.coding)
        window.coding.open_encounter(target.record_id)  # the answer is recorded there
    elif screen == "billing":
        _page(window, window.billing)
        page = window.billing
        page.tabs.setCurrentWidget(page.claims)
        page.claims.reload()
        page.claims._select(target.record_id)
        page.claims.show_claim(target.record_id)
        if target.field == "findings":
            page.claims.focus_findings()
    elif screen == "statements":
        _page(window, window.billing)
        window.billing.tabs.setCurrentWidget(window.billing.statements)
    elif screen.startswith("remittances"):
        page = window.remittances
        _page(window, page)
        if screen == "remittances.denials":
            page.tabs.setCurrentWidget(page.denials)
            _select(page.denials, target.record_id)
        else:
            page.tabs.setCurrentWidget(page.era)
            _select(page.era.held, target.record_id)
    else:
        return False
    return True
