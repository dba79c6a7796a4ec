"""A paper EOB with a paid line and a denial line, keyed in the dialog, previewed and posted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem

from app.services import claims, denials
from app.ui import jobs
from app.ui.changes import ChangeBus
from app.ui.remits.paper_eob_dialog import PaperEobDialog
from tests.services.test_paper_eob import _practice

ROWS = [("PCN0005", "1", "99214", "200", "160", "48", "CO-45 40, PR-1 100, PR-2 12", "112"),
        ("", "2", "36415", "45", "", "0", "CO-97 45", "")]


def test_paper_eob_keyed_previewed_and_posted(db: Any, qtbot: Any) -> None:
    made = _practice(db)
    bus = ChangeBus()
    dialog = PaperEobDialog(None, bus, db, today=date(2025, 2, 5))
    qtbot.addWidget(dialog)
    dialog.resize(1366 - 40, 600)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.payer
    qtbot.keyClicks(dialog.payer, "12345")
    qtbot.keyClick(dialog.payer, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.focusWidget(), "00012345")
    grid = dialog.grid
    for row, cells in enumerate(ROWS):
        for column, text in enumerate(cells):
            if text:
                grid.setItem(row, column, QTableWidgetItem(text))
    assert grid.rowCount() == 3 and grid.item(1, 0).text() == "PCN0005"  # filled down
    assert grid.item(0, 8).text() == "balanced" and dialog.post_button.isEnabled()
    grid.setItem(1, 6, QTableWidgetItem("CO-97 40"))
    assert grid.item(1, 8).text() == "out by 5.00" and not dialog.post_button.isEnabled()
    grid.setItem(1, 6, QTableWidgetItem("CO-97 45"))
    dialog.grab().save("/tmp/paper_eob_dialog.png")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Preview" in dialog.result_label.text(), timeout=10_000)
    assert "paid 48.00" in dialog.result_label.text() \
        and "1 denial(s)" in dialog.result_label.text()
    assert claims.get_claim(db, made["PCN0005"].id)[1].paid == Decimal("0.00")
    seen: list[Any] = []
    bus.changed.connect(seen.append)
    qtbot.keyClick(dialog.post_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    jobs.wait_idle()
    assert seen[0].payments and dialog.result() == 1
    assert claims.get_claim(db, made["PCN0005"].id)[1].paid == Decimal("48.00")
    assert {i.reason_code for i in denials.work_queue(db)} == {"97"}


def test_remittances_page_opens_the_dialog(db: Any, qtbot: Any) -> None:
    from app.ui.remits.remits_page import RemittancesPage

    page = RemittancesPage(db, ChangeBus())
    qtbot.addWidget(page)
    page.paper_eob_button.click()
    found = page.findChild(PaperEobDialog)
    assert found is not None and found.isVisible()
    found.reject()
