"""Readable error boxes for known errors and a crash dialog (with the log path) for bugs.

Everything goes through :func:`show_error`, which builds an :class:`ErrorReport` and hands it
to the module-level ``display`` hook. Tests replace ``display`` to collect reports.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app import paths
from app.domain.errors import Cancelled, ClaimDeskError, EnvironmentProblem, ValidationFailed

log = logging.getLogger("claimdesk.ui")


@dataclass(frozen=True)
class ErrorReport:
    """What the user sees: a title, one sentence, what to do next and copyable details."""

    title: str
    message: str
    hint: str
    details: str
    crash: bool


def log_path() -> str:
    return str(paths.logs_dir() / "claimdesk.log")


def _details(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def report_for(exc: BaseException) -> ErrorReport:
    """Turn an exception into what the dialog shows."""
    if isinstance(exc, ValidationFailed):
        details = "\n".join(str(p) for p in exc.problems)
        return ErrorReport("Please check the data", exc.message, exc.hint, details, False)
    if isinstance(exc, EnvironmentProblem):
        hint = exc.hint or "Check the disk and that no other program holds the file, then retry."
        return ErrorReport("The computer refused", exc.message, hint, str(exc), False)
    if isinstance(exc, ClaimDeskError):
        return ErrorReport("ClaimDesk", exc.message, exc.hint, f"{type(exc).__name__}: {exc}",
                           False)
    return ErrorReport(
        "Unexpected error",
        f"Something went wrong inside ClaimDesk: {type(exc).__name__}: {exc}",
        "Your open forms keep what you typed; save them if you can. The details below were "
        f"written to the log:\n{log_path()}",
        _details(exc), True)


def _show_message_box(parent: QWidget | None, report: ErrorReport) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, report.title, report.message,
                      QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(report.hint)
    box.setDetailedText(report.details)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


class CrashDialog(QDialog):
    """A readable crash report: what happened, where the log is, copyable details."""

    def __init__(self, parent: QWidget | None, report: ErrorReport) -> None:
        super().__init__(parent)
        self.setWindowTitle(report.title)
        self.resize(680, 420)
        layout = QVBoxLayout(self)
        headline = QLabel(f"<b>{report.message}</b>")
        headline.setWordWrap(True)
        headline.setTextFormat(Qt.TextFormat.PlainText if "<" in report.message
                               else Qt.TextFormat.RichText)
        hint = QLabel(report.hint)
        hint.setWordWrap(True)
        hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(report.details)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy details", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        for widget in (headline, hint, self.details, buttons):
            layout.addWidget(widget)

    def _copy(self) -> None:
        QApplication.clipboard().setText(self.details.toPlainText())


def _show_crash_dialog(parent: QWidget | None, report: ErrorReport) -> None:
    dialog = CrashDialog(parent, report)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def _display(parent: QWidget | None, report: ErrorReport) -> None:
    if report.crash:
        _show_crash_dialog(parent, report)
    else:
        _show_message_box(parent, report)


#: The hook every error goes through; tests replace it with a collector.
display: Callable[[QWidget | None, ErrorReport], None] = _display


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show ``exc`` to the user (a cancel shows nothing); unknown errors are logged as bugs."""
    if isinstance(exc, Cancelled):
        return
    if not isinstance(exc, ClaimDeskError):
        log.error("Unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    else:
        log.info("User-facing error: %s", exc)
    display(parent, report_for(exc))


def excepthook(kind: type[BaseException], exc: BaseException,
               tb: TracebackType | None) -> None:
    """``sys.excepthook`` replacement: log, then show the crash dialog; the app keeps running."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    try:
        show_error(QApplication.activeWindow(), exc)
    except Exception:  # noqa: BLE001 - never let the hook itself fail silently
        sys.__excepthook__(kind, exc, tb)


def install_excepthook() -> None:
    sys.excepthook = excepthook
