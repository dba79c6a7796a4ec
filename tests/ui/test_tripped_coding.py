"""What a biller tripped over in the coding view: Save, and Mark coded on a visit without lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.encounters import CodingStatus
from app.services import encounters
from app.ui.changes import ChangeBus
from app.ui.coding.queue_page import CodingQueuePage
from tests.ui.test_coding_builders import CodingPractice, coding_practice


@pytest.fixture
def practice(db: Any, codesets: Path, tmp_path: Path) -> CodingPractice:
    return coding_practice(db, tmp_path)


@pytest.fixture
def page(db: Any, practice: CodingPractice, qtbot: Any) -> CodingQueuePage:
    widget = CodingQueuePage(db, ChangeBus())
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


def test_the_save_button_and_ctrl_s_save_the_codes(page: CodingQueuePage, db: Any,
                                                  qtbot: Any, error_reports: list[Any]) -> None:
    view = page.view
    page.open_encounter(page.queue.model.id_at(0))
    view.add_dx("E11.9")
    button = next(a for a in view.toolbar.actions() if a.objectName() == "button_save")
    button.trigger()  # the toolbar button passes ``checked`` to the action
    qtbot.waitUntil(lambda: not view.editor.dirty, timeout=5000)
    assert encounters.get(db, view.encounter_id or 0).diagnoses == ("E11.9",)
    view.add_dx("I10")
    view.dx.table.setFocus()
    qtbot.waitUntil(lambda: view.dx.table.hasFocus())
    qtbot.keyClick(view.dx.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not view.editor.dirty, timeout=5000)
    assert encounters.get(db, view.encounter_id or 0).diagnoses == ("E11.9", "I10")
    assert not error_reports


def test_mark_coded_without_lines_names_the_lines_and_focuses_them(
        page: CodingQueuePage, db: Any, qtbot: Any, error_reports: list[Any]) -> None:
    view = page.view
    page.open_encounter(page.queue.model.id_at(0))
    view.add_dx("E11.9")
    assert not view.editor.lines
    view.ops.mark_coded()
    assert error_reports
    message = error_reports[-1].message.lower()
    assert "procedure" in message and "line" in message
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.lines.entry)
    assert encounters.get(db, view.encounter_id or 0).coding_status == CodingStatus.UNCODED
