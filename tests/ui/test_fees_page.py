"""The Fees page: add, change and end a fee and a contracted amount by keyboard."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.services import fees
from app.ui.changes import ChangeBus
from app.ui.fees.fees_page import FeesPage
from tests import builders
from tests.ui.test_coding_builders import add_fee_schedule

CTRL = Qt.KeyboardModifier.ControlModifier
TOMORROW = date.today() + timedelta(days=1)


@pytest.fixture
def page(db: Any, qtbot: Any, tmp_path: Path) -> FeesPage:
    builders.add_payer(db)
    add_fee_schedule(db, tmp_path)
    widget = FeesPage(db, ChangeBus())
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def fill(qtbot: Any, dialog: Any, values: dict[str, str]) -> None:
    for path, text in values.items():
        widget = dialog.binder.widget(path)
        widget.setFocus()
        qtbot.waitUntil(lambda w=widget: focus() is w)
        if hasattr(widget, "selectAll"):
            widget.selectAll()
        qtbot.keyClicks(widget, text)


def save(qtbot: Any, page: FeesPage, dialog: Any) -> None:
    qtbot.waitExposed(dialog)
    qtbot.keyClick(focus(), Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible() or dialog.banner.isVisible())
    assert not dialog.isVisible(), (dialog.banner.text(), {
        p: dialog.binder.error_text(p) for p in dialog.binder.fields})
    page.refresh()


def test_fee_schedule_change_and_end_keep_history(page: FeesPage, db: Any,
                                                  qtbot: Any, qtmodeltester: Any) -> None:
    panel = page.fees
    qtmodeltester.check(panel.model)
    assert "99213" in [r.code for r in panel.model.rows()]
    panel.search.setText("99213")
    assert [r.code for r in panel.model.rows()] == ["99213"]
    panel.buttons["change"].click()
    dialog = page.dialog
    qtbot.waitExposed(dialog)
    fill(qtbot, dialog, {"charge": "150.00", "effective_date": TOMORROW.strftime("%m/%d/%Y")})
    save(qtbot, page, dialog)
    assert [(r.amount, r.status) for r in panel.history_model.rows()] == [
        (Decimal("150.00"), "future"), (Decimal("145.00"), "in force")]
    panel.buttons["end"].click()
    dialog = page.dialog
    fill(qtbot, dialog, {"last_day": (TOMORROW + timedelta(days=30)).strftime("%m/%d/%Y")})
    save(qtbot, page, dialog)
    assert [r.status for r in panel.history_model.rows()] == ["future", "future", "in force"]
    assert fees.charge_for(db, "99213", on=TOMORROW + timedelta(days=31)) is None
    assert fees.charge_for(db, "99213") == Decimal("145.00")


def test_a_price_in_force_cannot_be_rewritten(page: FeesPage, qtbot: Any, db: Any) -> None:
    page.fees.search.setText("99214")
    page.fees.buttons["change"].click()
    dialog = page.dialog
    qtbot.waitExposed(dialog)
    fill(qtbot, dialog, {"charge": "1.00", "effective_date": "01/01/2024"})
    qtbot.keyClick(focus(), Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: dialog.banner.isVisible())
    assert "already in force" in dialog.binder.error_text("effective_date")
    assert fees.charge_for(db, "99214") == Decimal("205.00")


def test_add_a_contracted_amount(page: FeesPage, qtbot: Any, db: Any) -> None:
    page.tabs.setCurrentWidget(page.contracts)
    page.contracts.buttons["add"].click()
    dialog = page.dialog
    qtbot.waitExposed(dialog)
    payer = dialog.binder.widget("payer_id")
    payer.setFocus()
    qtbot.waitUntil(lambda: focus() is payer)
    qtbot.keyClick(payer, Qt.Key.Key_Down)
    fill(qtbot, dialog, {"code": "99213", "allowed": "88.10",
                         "effective_date": "01/01/2025"})
    save(qtbot, page, dialog)
    [row] = page.contracts.model.rows()
    assert (row.payer, row.code, row.amount, row.label, row.status) == (
        "Acme Health Plan", "99213", Decimal("88.10"), "Office visit est. low", "in force")
