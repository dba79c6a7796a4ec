"""The CMS-1500 and statement previews fit a 1366x768 screen with Print, Save and Close on it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QPushButton

from app.ui import ui_state
from app.ui.changes import ChangeBus
from tests.ui.test_billing_data import billing_db, settle  # noqa: F401 - fixture

AVAILABLE = QRect(0, 0, 1366, 768)


@pytest.fixture
def small_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(AVAILABLE))


@pytest.fixture
def page(billing_db: Any, qtbot: Any, small_screen: None) -> Iterator[Any]:  # noqa: F811
    from app.ui.billing.claims_page import ClaimsPage

    widget = ClaimsPage(billing_db, ChangeBus())
    qtbot.addWidget(widget)
    ui_state.fit_to_screen(widget, 1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    settle(widget)


def open_preview(qtbot: Any, printer: Any, start: Any) -> Any:
    with qtbot.waitSignal(printer.preview_opened, timeout=20_000) as blocker:
        start()
    dialog = blocker.args[0]
    qtbot.waitExposed(dialog)
    return dialog


def assert_fits(dialog: Any, shot: str, qtbot: Any) -> None:
    assert dialog.height() <= AVAILABLE.height() and dialog.width() <= AVAILABLE.width()
    inside = dialog.rect()
    for name in ("pdf_print", "pdf_save", "pdf_close"):
        button = dialog.findChild(QPushButton, name)
        assert button is not None and button.isVisible()
        box = QRect(button.mapTo(dialog, QPoint(0, 0)), button.size())
        assert inside.contains(box), (name, box, inside)
    qtbot.wait(1500)  # the PDF pages render in the background
    dialog.grab().save(f"/tmp/tripsa_{shot}.png")


def test_the_claim_preview_fits_1366x768(page: Any, qtbot: Any) -> None:
    ws = page.claims
    dialog = open_preview(qtbot, ws.printer, lambda: ws.printer.preview(ws.model.ids()[:2]))
    assert_fits(dialog, "cms1500_preview", qtbot)
    dialog.close()


def test_the_statement_preview_fits_1366x768_even_after_a_big_saved_size(
        page: Any, qtbot: Any) -> None:
    run = page.statements
    page.tabs.setCurrentWidget(run)
    run.min_balance.setText("0.01")
    with qtbot.waitSignal(run.previewed, timeout=20_000):
        run.preview_run()
    first = open_preview(qtbot, run.printer, run.preview_pdf)
    first.resize(1800, 1300)  # as if saved on a big monitor
    first.close()
    dialog = open_preview(qtbot, run.printer, run.preview_pdf)
    assert_fits(dialog, "statement_preview", qtbot)
    dialog.close()
