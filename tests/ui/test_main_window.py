"""Main window: status bar, navigation shortcuts, the shortcut table, saved geometry."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from app.services import settings
from app.ui import actions
from app.ui.app import create_main_window


def test_status_bar_names_database_and_test_mode(window: Any, practice_db: Any) -> None:
    text = window.db_label.text()
    assert str(practice_db.path) in text
    assert "TEST MODE" in text


def test_shortcut_table_has_no_duplicate_key_sequences() -> None:
    keys = [QKeySequence(s.keys).toString(QKeySequence.SequenceFormat.PortableText)
            for s in actions.SHORTCUTS]
    assert all(keys), "every shortcut parses"
    assert len(keys) == len(set(keys)), f"duplicate shortcuts: {keys}"
    names = [s.name for s in actions.SHORTCUTS]
    assert len(names) == len(set(names))


def test_every_window_shortcut_comes_from_the_table(window: Any) -> None:
    table = {QKeySequence(s.keys) for s in actions.SHORTCUTS}
    for action in window.actions():
        if not action.shortcut().isEmpty():
            assert action.shortcut() in table


def test_ctrl_digits_switch_pages_and_ctrl_f_focuses_search(window: Any, qtbot: Any) -> None:
    window.activateWindow()
    for digit, page in zip("123456709", window.pages, strict=True):
        window.actions_by_name[f"go_{page.title.lower()}"].trigger()
        assert window.stack.currentWidget() is page, digit
        assert window.nav.currentRow() == window.pages.index(page)
    window.go_to(2)
    window.actions_by_name["find"].trigger()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.patients.search)


def test_main_window_restores_geometry_from_qsettings(practice_db: Any, qtbot: Any) -> None:
    first = create_main_window(practice_db)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    # a size the window can take whatever its pages' minimum width (earlier tests' saved
    # header states can widen it), and never the default
    target = first.minimumSizeHint().expandedTo(QSize(703, 517)) + QSize(13, 7)
    area = first.screen().availableGeometry()
    if target.width() > area.width() or target.height() > area.height():
        pytest.skip("the pages' minimum size does not fit the offscreen test screen")
    first.resize(target)
    qtbot.waitUntil(lambda: first.size() == target, timeout=15000)
    first.go_to(3)
    first.close()
    second = create_main_window(practice_db)
    qtbot.addWidget(second)
    assert second.size() == target
    assert second.stack.currentWidget() is second.today  # the window opens on Today


def test_header_state_is_saved_per_table(practice_db: Any, qtbot: Any) -> None:
    first = create_main_window(practice_db)
    qtbot.addWidget(first)
    first.patients.table.horizontalHeader().resizeSection(1, 333)
    first.close()
    second = create_main_window(practice_db)
    qtbot.addWidget(second)
    assert second.patients.table.horizontalHeader().sectionSize(1) == 333


def test_production_mode_shows_in_status_bar(window: Any, practice_db: Any, qtbot: Any) -> None:
    window.go_to(3)
    form = window.settings.clearinghouse
    b = form.binder
    for path, text in (("name", "Claims Hub"), ("submitter_name", "Test Family Practice"),
                       ("submitter_id", "SUB123"), ("contact_name", "Pat Biller"),
                       ("contact_phone", "2175550100"), ("receiver_name", "Claims Hub"),
                       ("receiver_id", "HUB01")):
        widget = b.widget(path)
        widget.clear()
        qtbot.keyClicks(widget, text)
    usage = b.widget("usage")
    usage.setCurrentIndex(usage.findData("P"))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "PRODUCTION MODE" in window.db_label.text())
    assert settings.get_clearinghouse(practice_db).usage == "P"


def test_backup_and_export_run_as_jobs(window: Any, qtbot: Any, tmp_path: Any,
                                       monkeypatch: Any, error_reports: list[Any]) -> None:
    from app.ui import dialogs

    targets = iter([tmp_path / "copy.sqlite3", tmp_path / "practice.json", None])
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *args: next(targets))
    window.actions_by_name["backup"].trigger()
    qtbot.waitUntil(lambda: "Backup written" in window.statusBar().currentMessage())
    window.actions_by_name["export_json"].trigger()
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage())
    window.actions_by_name["backup"].trigger()  # the user cancels the file dialog
    assert (tmp_path / "copy.sqlite3").stat().st_size > 0
    assert '"claimdesk.practice"' in (tmp_path / "practice.json").read_text(encoding="utf-8")
    assert error_reports == []
