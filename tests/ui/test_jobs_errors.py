"""Jobs, progress and errors: failures reach ui.errors, a cancel is not an error, crashes log."""

from __future__ import annotations

import logging
import sys
import threading
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from app.domain.errors import Cancelled, StaleEdit, UserError, ValidationFailed
from app.domain.progress import CancelToken
from app.ui import errors, jobs


def _widget(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_error_raised_in_a_job_is_shown(qtbot: Any, error_reports: list[Any]) -> None:
    def work() -> None:
        raise UserError("The claim is locked.", hint="Wait for the batch to finish.")

    jobs.run_op(_widget(qtbot), work)
    qtbot.waitUntil(lambda: len(error_reports) == 1)
    report = error_reports[0]
    assert (report.message, report.hint, report.crash) == (
        "The claim is locked.", "Wait for the batch to finish.", False)


def test_bug_in_a_job_shows_crash_report_with_log_path(qtbot: Any, error_reports: list[Any],
                                                       caplog: Any) -> None:
    def work() -> None:
        raise ZeroDivisionError("boom")

    with caplog.at_level(logging.ERROR, logger="claimdesk.ui"):
        jobs.run_op(_widget(qtbot), work)
        qtbot.waitUntil(lambda: len(error_reports) == 1)
    report = error_reports[0]
    assert report.crash
    assert "ZeroDivisionError" in report.details and "boom" in report.message
    assert errors.log_path() in report.hint
    assert any(r.exc_info for r in caplog.records)


def test_cancelled_is_not_shown_as_an_error(qtbot: Any, error_reports: list[Any]) -> None:
    cancelled: list[bool] = []

    def work(_progress: Any, cancel: CancelToken) -> None:
        raise Cancelled()

    jobs.run_long(_widget(qtbot), work, label="Working", on_cancel=lambda: cancelled.append(True))
    qtbot.waitUntil(lambda: cancelled == [True])
    assert error_reports == []


def test_progress_dialog_appears_late_and_cancel_stops_the_work(
        qtbot: Any, error_reports: list[Any], monkeypatch: Any) -> None:
    monkeypatch.setattr(jobs, "PROGRESS_DELAY_MS", 50)
    started = threading.Event()
    outcome: list[str] = []

    def work(progress: Any, cancel: CancelToken) -> str:
        started.set()
        for step in range(2000):
            progress(step, 2000, f"Step {step}")
            cancel.check()
            threading.Event().wait(0.005)
        return "done"

    op = jobs.run_long(_widget(qtbot), work, label="Long work",
                       on_success=outcome.append, on_cancel=lambda: outcome.append("cancelled"))
    assert op.dialog is None  # not at once
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.isVisible())
    assert isinstance(op.dialog, QProgressDialog)
    qtbot.mouseClick(op.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)  # Cancel
    qtbot.waitUntil(lambda: outcome == ["cancelled"])
    assert op.dialog is None and error_reports == []


def test_validation_failure_handled_by_the_form_is_not_shown_twice(
        qtbot: Any, error_reports: list[Any]) -> None:
    handled: list[BaseException] = []

    def work() -> None:
        raise ValidationFailed([])

    jobs.run_op(_widget(qtbot), work, on_failure=lambda exc: handled.append(exc) or True)
    qtbot.waitUntil(lambda: len(handled) == 1)
    assert error_reports == []


def test_excepthook_shows_crash_dialog_and_logs(qtbot: Any, error_reports: list[Any],
                                                caplog: Any) -> None:
    try:
        raise RuntimeError("slot exploded")
    except RuntimeError:
        kind, exc, tb = sys.exc_info()
    with caplog.at_level(logging.ERROR, logger="claimdesk.ui"):
        errors.excepthook(kind, exc, tb)  # type: ignore[arg-type]
    assert error_reports and error_reports[0].crash
    assert "slot exploded" in error_reports[0].details
    assert "slot exploded" in caplog.text


def test_real_dialogs_are_readable(qtbot: Any) -> None:
    report = errors.report_for(StaleEdit())
    assert "Someone else changed" in report.message and not report.crash
    crash = errors.report_for(KeyError("x"))
    dialog = errors.CrashDialog(None, crash)
    qtbot.addWidget(dialog)
    assert "KeyError" in dialog.details.toPlainText()
    dialog._copy()
    from PySide6.QtWidgets import QApplication

    assert "KeyError" in QApplication.clipboard().text()
