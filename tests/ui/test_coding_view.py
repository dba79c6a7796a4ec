"""The coding page: keyboard-only coding, live checks inline, mark coded, leaving unsaved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.encounters import CodingStatus
from app.domain.findings import Severity
from app.services import encounters
from app.ui.changes import ChangeBus
from app.ui.coding import coding_dialogs
from app.ui.coding.queue_page import CodingQueuePage
from tests.ui.test_coding_builders import CodingPractice, coding_practice

NO_MOD = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def practice(db: Any, codesets: Path, tmp_path: Path) -> CodingPractice:
    return coding_practice(db, tmp_path)


@pytest.fixture
def page(db: Any, practice: CodingPractice, qtbot: Any) -> CodingQueuePage:
    widget = CodingQueuePage(db, ChangeBus())
    qtbot.addWidget(widget)
    widget.resize(1400, 860)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_text(qtbot: Any, text: str) -> None:
    qtbot.keyClicks(focus(), text)


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MOD) -> None:
    qtbot.keyClick(focus(), key, modifier)


def open_first(page: CodingQueuePage, qtbot: Any) -> None:
    page.queue.table.setFocus()
    qtbot.waitUntil(lambda: page.queue.table.hasFocus())
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.view)
    qtbot.waitUntil(lambda: focus() is page.view.dx.entry)


def test_a_visit_is_coded_with_the_keyboard_only(page: CodingQueuePage, db: Any,
                                                   practice: CodingPractice, qtbot: Any) -> None:
    view = page.view
    open_first(page, qtbot)
    encounter_id = view.encounter_id
    assert encounter_id == practice.encounter_ids[0]
    type_text(qtbot, "diab typ 2 hyperg")
    qtbot.waitUntil(lambda: view.dx.entry.popup.isVisible())
    press(qtbot, Qt.Key.Key_Down)
    assert view.dx.entry.popup.current_row() == 0
    press(qtbot, Qt.Key.Key_Return)
    assert view.editor.diagnoses == ["E11.65"]
    press(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Ctrl+L: add a line
    assert focus() is view.lines.entry
    type_text(qtbot, "99213")
    press(qtbot, Qt.Key.Key_Return)
    assert [d.code for d in view.editor.lines] == ["99213"]
    assert view.editor.lines[0].charge == "145.00"
    type_text(qtbot, "1")  # the units cell is open
    press(qtbot, Qt.Key.Key_Tab)  # -> charge
    press(qtbot, Qt.Key.Key_Tab)  # -> pointers
    assert view.lines.table.currentIndex().column() == view.lines.model.column_of("pointers")
    type_text(qtbot, "A")
    press(qtbot, Qt.Key.Key_Return)
    assert view.editor.lines[0].pointers == "A"
    press(qtbot, Qt.Key.Key_F9)  # mark coded
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.tabs, timeout=5000)
    saved = encounters.get(db, encounter_id or 0)
    assert saved.coding_status == CodingStatus.CODED
    assert saved.diagnoses == ("E11.65",)
    assert [(line.code, line.pointers) for line in saved.lines] == [("99213", (1,))]
    assert page.queue.model.row_of_id(encounter_id or 0) == -1  # left the "to do" filter
    assert page.queue.table.current_id() == practice.encounter_ids[1]


def test_live_checks_mark_the_row_and_the_cell(page: CodingQueuePage, qtbot: Any) -> None:
    view = page.view
    assert page.open_encounter(page.queue.model.id_at(0))
    view.add_dx("E11", "Type 2 diabetes mellitus")
    qtbot.waitUntil(lambda: bool(view.editor.dx_findings(0)), timeout=2000)
    finding = view.editor.dx_findings(0)[0]
    assert (finding.rule_id, finding.severity) == ("CODE-002", Severity.ERROR)
    index = view.dx.model.index(0, 1)
    assert "not a billable code" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    row = view.editor.add_line("99213")
    view.lines.model.setData(view.lines.cell(row, "pointers"), "AC")
    qtbot.waitUntil(lambda: bool(view.editor.cell_findings(0, "pointers")), timeout=2000)
    cell = view.lines.cell(0, "pointers")
    assert "points at C" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert view.lines.cell(0, "units").data(Qt.ItemDataRole.BackgroundRole) is None
    messages = [f.message for f in view.findings.findings_model.rows()]
    assert any("not a billable code" in m for m in messages)
    assert "error" in view.summary.text()


def test_mark_coded_is_blocked_by_an_error_then_allowed(page: CodingQueuePage, db: Any,
                                                         qtbot: Any, error_reports: list[Any]
                                                         ) -> None:
    view = page.view
    page.open_encounter(page.queue.model.id_at(0))
    view.add_dx("E11")
    view.editor.add_line("99213")
    view.changed()
    view.ops.mark_coded()
    assert error_reports and "coding error" in error_reports[-1].message
    assert encounters.get(db, view.encounter_id or 0).coding_status == CodingStatus.UNCODED
    view.dx.select(0)
    view.remove()
    view.add_dx("E11.9")
    view.editor.lines[0].pointers = "A"
    view.ops.mark_coded()
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.tabs, timeout=5000)
    assert encounters.get(db, view.encounter_id or 0).coding_status == CodingStatus.CODED


def test_a_warning_is_accepted_with_a_reason(page: CodingQueuePage, db: Any,
                                             qtbot: Any) -> None:
    view = page.view
    page.open_encounter(page.queue.model.id_at(0))
    view.add_dx("M17.11")
    for code in ("99213", "20610"):
        view.editor.add_line(code)
    view.changed()
    view.ops.mark_coded()
    dialog = view.dialog
    assert isinstance(dialog, coding_dialogs.AcceptWarningsDialog)
    assert [w.rule_id for w in dialog.warnings] == ["CODE-021"]
    qtbot.waitUntil(lambda: dialog.isVisible())
    qtbot.keyClicks(dialog.reasons[0], "Separate problem-oriented E/M documented")
    qtbot.keyClick(dialog.reasons[0], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.tabs, timeout=5000)
    assert encounters.get(db, view.encounter_id or 0).coding_status == CodingStatus.CODED


def test_leaving_unsaved_codes_asks_and_saves(page: CodingQueuePage, db: Any, qtbot: Any,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    view = page.view
    page.open_encounter(page.queue.model.id_at(0))
    view.add_dx("E11.9")
    asked: list[str] = []
    monkeypatch.setattr(coding_dialogs, "ask_save",
                        lambda _parent, what: asked.append(what) or coding_dialogs.CANCEL)
    view.request_leave()
    assert asked and page.stack.currentWidget() is view and view.editor.diagnoses == ["E11.9"]
    monkeypatch.setattr(coding_dialogs, "ask_save", lambda *_a: coding_dialogs.SAVE)
    view.request_leave()
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.tabs, timeout=5000)
    assert encounters.get(db, view.encounter_id or 0).diagnoses == ("E11.9",)


def test_a_stale_edit_keeps_the_input(page: CodingQueuePage, db: Any, qtbot: Any,
                                      error_reports: list[Any]) -> None:
    view = page.view
    page.open_encounter(page.queue.model.id_at(0))
    enc = encounters.get(db, view.encounter_id or 0)
    encounters.save(db, {**enc.model_dump(), "claim_note": "changed elsewhere"})
    view.add_dx("E11.9")
    view.ops.save()
    qtbot.waitUntil(lambda: bool(error_reports), timeout=5000)
    assert "Someone else changed" in error_reports[-1].message
    assert view.editor.diagnoses == ["E11.9"] and view.editor.dirty


def test_reorder_with_alt_arrows_moves_pointers(page: CodingQueuePage, qtbot: Any) -> None:
    view = page.view
    page.open_encounter(page.queue.model.id_at(0))
    for code in ("E11.9", "I10"):
        view.add_dx(code)
    view.editor.add_line("99213")
    view.editor.lines[0].pointers = "B"
    view.changed()
    view.dx.select(1)
    view.dx.table.setFocus()
    qtbot.waitUntil(lambda: view.dx.table.hasFocus())
    press(qtbot, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert view.editor.diagnoses == ["I10", "E11.9"]
    assert view.editor.lines[0].pointers == "A"
    assert view.dx.current_row() == 0
