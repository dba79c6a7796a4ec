"""A refund from the Credits tab: pick the credit, type check and reason, Refund, save letter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app.services import refunds
from app.ui import dialogs, jobs
from app.ui.changes import ChangeBus
from app.ui.remits.remits_page import RemittancesPage
from tests.services.test_refunds import _patient_credit


def test_refund_a_patient_credit_from_the_credits_tab(db: Any, qtbot: Any, tmp_path: Path,
                                                      monkeypatch: Any) -> None:
    p = _patient_credit(db)
    letter = tmp_path / "letter.pdf"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *_: letter)
    page = RemittancesPage(db, ChangeBus())
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    page.tabs.setCurrentWidget(page.credits)
    view = page.credits
    assert view.model.rowCount() == 1 and view.current().key == f"P{p['patient']}"
    assert not view.refund_button.isEnabled()
    qtbot.keyClicks(view.check, "5001")
    qtbot.keyClicks(view.reason, "overpaid copay")
    assert view.refund_button.isEnabled()
    page.grab().save("/tmp/credits_tab.png")
    qtbot.keyClick(view.refund_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: letter.exists(), timeout=10_000)
    jobs.wait_idle()
    assert view.model.rowCount() == 0 and refunds.credit_list(db) == []
    assert letter.read_bytes().startswith(b"%PDF")
