"""Today and the Dashboard in the window: opened first, worked to empty by keyboard."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.domain.claims import ClaimStatus
from app.services import claims, denials
from app.ui import dialogs
from app.ui.today import snooze_dialog
from tests.services import kpi_practice


@pytest.fixture
def win(db: Any, qtbot: Any) -> Any:
    from app.ui.app import create_main_window

    practice = kpi_practice.build(db)
    window = create_main_window(db)
    window.practice = practice
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_window_opens_on_today_and_models_pass_the_tester(win: Any, qtmodeltester: Any) -> None:
    assert win.stack.currentWidget() is win.today
    assert win.today.model.rowCount() == 6
    qtmodeltester.check(win.today.model)
    win.go_to(win.pages.index(win.dashboard))
    win.dashboard.drill(win.dashboard.tiles[3].kpi)  # days in A/R: C2, C5, C6
    assert win.dashboard.claim_model.rowCount() == 3
    for model in (win.dashboard.claim_model, win.dashboard.aging_model):
        qtmodeltester.check(model)
    assert "Days in A/R = " in win.dashboard.tiles[3].toolTip()


def _resolve_on_its_screen(win: Any, item: Any) -> None:
    """What the biller does on the screen Enter opened (through the same services)."""
    db = win.db
    if item.kind == "denial":
        assert win.stack.currentWidget() is win.remittances
        assert win.remittances.tabs.currentWidget() is win.remittances.denials
        assert win.remittances.denials.current_item().id == item.target.record_id
        win.bus.publish(denials.write_off(db, item.target.record_id, "not worth appealing"))
    elif item.kind == "scrub":
        assert win.stack.currentWidget() is win.billing
        assert win.billing.claims.claim_id == item.target.record_id
        claim, _ = claims.get_claim(db, item.target.record_id)
        win.bus.publish(claims.change_status(db, claim.id, ClaimStatus.VOID, claim.version,
                                             "visit entered twice")[1])
    else:
        raise AssertionError(item.kind)


def test_today_worked_to_empty_by_keyboard(win: Any, qtbot: Any, monkeypatch: Any) -> None:
    page = win.today
    monkeypatch.setattr(snooze_dialog, "ask_snooze",
                        lambda *_a: (date.today() + timedelta(days=5), "payer portal down"))
    snoozed = False
    for _ in range(12):
        if page.model.rowCount() == 0:
            break
        win.actions_by_name["go_today"].trigger()
        page.table.setFocus()
        page.table.select_row(0)
        item = page.current_item()
        before = page.model.rowCount()
        if item.can_mark_done and not snoozed:
            qtbot.keyClick(page.table, Qt.Key.Key_S)
            snoozed = True
        elif item.can_mark_done:
            qtbot.keyClick(page.table, Qt.Key.Key_D if before % 2 else Qt.Key.Key_Delete)
        else:
            qtbot.keyClick(page.table, Qt.Key.Key_Return)
            _resolve_on_its_screen(win, item)
            win.actions_by_name["go_today"].trigger()
        qtbot.waitUntil(lambda b=before: page.model.rowCount() == b - 1)
        assert item.key not in {i.key for i in page.model.rows()}
    assert page.model.rowCount() == 0
    assert "Nothing to do" in page.summary.text()


def test_today_list_exports_to_csv(win: Any, tmp_path: Path, monkeypatch: Any) -> None:
    out = tmp_path / "today.csv"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *_a: out)
    win.today.export()
    lines = out.read_text().splitlines()
    assert lines[0].startswith("Score,Queue,Item,Amount")
    assert len(lines) == 7
