"""Start-up: the first run creates the demo practice off the GUI thread, then shows the window."""

from __future__ import annotations

import logging
from typing import Any

from app import paths
from app.services import workspace
from app.ui import app as ui_app
from tests.ui.conftest import populate


def test_first_run_creates_the_demo_then_shows_the_window(db: Any, qtbot: Any,
                                                          monkeypatch: Any,
                                                          codesets: Any) -> None:
    calls: list[str] = []

    def fake_demo(database: Any, progress: Any, cancel: Any) -> str:
        calls.append("demo")
        progress(0, 1, "Generating")
        cancel.check()
        populate(database, patients=3)
        return "/somewhere/samples"  # where the sample EHR exports went

    monkeypatch.setattr(ui_app, "_create_demo", fake_demo)
    assert workspace.needs_setup(db)
    startup = ui_app.Startup(db)
    startup.start()
    assert startup.window is None  # still working
    qtbot.waitUntil(lambda: startup.window is not None)
    qtbot.addWidget(startup.window)
    assert calls == ["demo"] and not workspace.needs_setup(db)
    assert "Test Family Practice" in startup.window.windowTitle()
    assert "/somewhere/samples" in startup.window.statusBar().currentMessage()


def test_demo_failure_still_opens_the_window_and_reports(db: Any, qtbot: Any, monkeypatch: Any,
                                                        error_reports: list[Any],
                                                        codesets: Any) -> None:
    def broken(*_args: Any) -> None:
        raise ImportError("no generator")

    monkeypatch.setattr(ui_app, "_create_demo", broken)
    startup = ui_app.Startup(db)
    startup.start()
    qtbot.waitUntil(lambda: startup.window is not None)
    qtbot.addWidget(startup.window)
    assert error_reports and error_reports[0].crash


def test_existing_practice_opens_directly(practice_db: Any, qtbot: Any, codesets: Any) -> None:
    startup = ui_app.Startup(practice_db)
    startup.start()
    assert startup.window is not None
    qtbot.addWidget(startup.window)


def test_missing_code_index_is_built_before_the_window(practice_db: Any, qtbot: Any,
                                                       monkeypatch: Any) -> None:
    from app.services import codes

    built: list[bool] = []
    monkeypatch.setattr(codes, "icd_index_ready", lambda **_: bool(built))

    def fake_build(progress: Any, cancel: Any, **_: Any) -> bool:
        progress(1, 2, "Indexing ICD-10-CM codes")
        built.append(True)
        return True

    monkeypatch.setattr(codes, "ensure_icd_index", fake_build)
    startup = ui_app.Startup(practice_db)
    startup.start()
    assert startup.window is None  # the index job runs first
    qtbot.waitUntil(lambda: startup.window is not None)
    qtbot.addWidget(startup.window)
    assert built == [True]


def test_logging_goes_to_the_log_file() -> None:
    root = logging.getLogger()
    level = root.level
    path = ui_app.configure_logging()
    try:
        logging.getLogger("claimdesk.test").warning("hello log")
        for handler in root.handlers:
            handler.flush()
        assert path.parent == paths.logs_dir()
        assert "hello log" in path.read_text(encoding="utf-8")
    finally:
        root.setLevel(level)
        for handler in list(root.handlers):
            if getattr(handler, "baseFilename", "") == str(path):
                root.removeHandler(handler)
                handler.close()
