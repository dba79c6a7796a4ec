"""Run service calls off the GUI thread, with a delayed progress dialog and a working Cancel.

``run_op`` is for quick writes (save a form); ``run_long`` for work that reports progress and
honours a cancel token (demo creation, backup, export). Database jobs share a one-thread pool
because SQLite has one writer. Outcomes come back on the GUI thread: success to ``on_success``,
``Cancelled`` to ``on_cancel`` (never an error), anything else to ``on_failure`` and, when that
does not handle it, to :func:`app.ui.errors.show_error`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.domain.errors import Cancelled
from app.domain.progress import CancelToken, ProgressFn
from app.ui import errors

log = logging.getLogger("claimdesk.jobs")

LongWork = Callable[[ProgressFn, CancelToken], Any]
PROGRESS_DELAY_MS = 500

_POOL: QThreadPool | None = None
_RUNNING: set[Operation] = set()


def db_pool() -> QThreadPool:
    """The one-thread pool every database job runs on."""
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool()
        _POOL.setMaxThreadCount(1)
        _POOL.setObjectName("claimdesk-db")
    return _POOL


def wait_idle(timeout_ms: int = 10_000) -> bool:
    """Block until every job has finished and its outcome was delivered (tests, shutdown)."""
    done = db_pool().waitForDone(timeout_ms)
    for _ in range(20):
        if not _RUNNING:
            break
        QCoreApplication.processEvents()
    return done and not _RUNNING


class JobSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    """Calls ``work(progress, cancel)`` on a pool thread and reports through ``signals``."""

    def __init__(self, work: LongWork, cancel: CancelToken) -> None:
        super().__init__()
        self.work = work
        self.cancel = cancel
        self.signals = JobSignals()
        self.setAutoDelete(False)  # the Operation keeps it until the outcome is delivered

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit, self.cancel)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class Operation(QObject):
    """One running job: owns its cancel token and the delayed progress dialog."""

    def __init__(self, parent: QWidget | None, work: LongWork, label: str | None,
                 on_success: Callable[[Any], None] | None,
                 on_failure: Callable[[BaseException], bool] | None,
                 on_cancel: Callable[[], None] | None) -> None:
        super().__init__()
        self.parent_widget = parent
        self.label = label
        self.on_success, self.on_failure, self.on_cancel = on_success, on_failure, on_cancel
        self.token = CancelToken()
        self.job = Job(work, self.token)
        self.job.signals.progress.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        self.job.signals.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self.job.signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.dialog: QProgressDialog | None = None
        self.done = False
        self._last = (0, 0, label or "")

    def start(self) -> None:
        _RUNNING.add(self)
        if self.label is not None:
            QTimer.singleShot(PROGRESS_DELAY_MS, self, self._show_dialog)
        db_pool().start(self.job)

    @Slot()
    def _show_dialog(self) -> None:
        if self.done or self.dialog is not None:
            return
        parent = self.parent_widget if self._parent_alive() else None
        dialog = QProgressDialog(self.label or "", "Cancel", 0, 0, parent)
        dialog.setWindowTitle("ClaimDesk")
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(380)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        self._progress(*self._last)
        dialog.show()

    @Slot()
    def cancel(self) -> None:
        if self.done:
            return
        self.token.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("Cancelling...")
            self.dialog.setCancelButton(None)  # type: ignore[arg-type]
            self.dialog.show()

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, label: str) -> None:
        self._last = (done, total, label)
        dialog = self.dialog
        if dialog is None or self.token.cancelled:
            return
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)  # modal: may run the finish slot
        if label and self.dialog is dialog:
            dialog.setLabelText(label)

    def _parent_alive(self) -> bool:
        return self.parent_widget is None or shiboken6.isValid(self.parent_widget)

    def _close(self) -> None:
        self.done = True
        _RUNNING.discard(self)
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    @Slot(object)
    def _finished(self, result: object) -> None:
        self._close()
        if self.on_success is not None and self._parent_alive():
            self.on_success(result)

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self._close()
        if isinstance(exc, Cancelled):
            log.info("Cancelled: %s", self.label or "operation")
            if self.on_cancel is not None and self._parent_alive():
                self.on_cancel()
            return
        if self.on_failure is not None and self._parent_alive() and self.on_failure(exc):
            return
        errors.show_error(self.parent_widget if self._parent_alive() else None, exc)


def run_long(parent: QWidget | None, work: LongWork, *, label: str,
             on_success: Callable[[Any], None] | None = None,
             on_failure: Callable[[BaseException], bool] | None = None,
             on_cancel: Callable[[], None] | None = None) -> Operation:
    """Run ``work(progress, cancel)`` with a progress dialog after ~500 ms."""
    op = Operation(parent, work, label, on_success, on_failure, on_cancel)
    op.start()
    return op


def run_op(parent: QWidget | None, work: Callable[[], Any], *,
           on_success: Callable[[Any], None] | None = None,
           on_failure: Callable[[BaseException], bool] | None = None) -> Operation:
    """Run a quick service call off the GUI thread (no progress dialog)."""
    op = Operation(parent, lambda _progress, _cancel: work(), None, on_success, on_failure,
                   None)
    op.start()
    return op
