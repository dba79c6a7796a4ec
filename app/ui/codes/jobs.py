"""Run code-set imports and the ICD-10-CM index build off the GUI thread, with progress."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import Cancelled, ClaimDeskError, Problem, ValidationFailed
from app.domain.progress import CancelToken, ProgressFn
from app.services import codes

Work = Callable[[ProgressFn, CancelToken], object]

#: Code-set writes go one at a time (SQLite has one writer).
_POOL: QThreadPool | None = None
#: Finished jobs are kept until the pool is idle: the worker thread may still be returning from
#: ``run()`` (and its signal object may still have queued events) when the GUI learns the result.
_RETIRED: list[object] = []


def write_pool() -> QThreadPool:
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool()
        _POOL.setMaxThreadCount(1)
    return _POOL


@dataclass
class JobOutcome:
    """What a finished job produced: a result, problems, a cancel or an error message."""

    title: str
    result: object = None
    problems: list[Problem] = field(default_factory=list)
    cancelled: bool = False
    error: str = ""

    @property
    def ok(self) -> bool:
        return not (self.problems or self.cancelled or self.error)

    def summary(self) -> str:
        if self.cancelled:
            return "Cancelled; nothing was changed."
        if self.error:
            return self.error
        if self.problems:
            return f"The file was rejected ({len(self.problems)} problems); nothing was imported."
        results = self.result if isinstance(self.result, list) else [self.result]
        return "\n".join(getattr(r, "message", "Done.") for r in results)


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Work, cancel: CancelToken) -> None:
        super().__init__()
        self.work, self.cancel, self.signals = work, cancel, _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit, self.cancel)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class JobRunner(QObject):
    """Runs one job with a delayed progress dialog whose Cancel works.

    ``done`` is emitted on the GUI thread with a ``JobOutcome``; ``report`` (replaceable in
    tests) shows it to the user.
    """

    done = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.report: Callable[[JobOutcome], None] = self.show_outcome
        self._job: _Job | None = None
        self._dialog: QProgressDialog | None = None
        self._title = ""

    @property
    def busy(self) -> bool:
        return self._job is not None

    def start(self, title: str, work: Work) -> None:
        if write_pool().activeThreadCount() == 0:
            _RETIRED.clear()
        cancel = CancelToken()
        self._title = title
        dialog = QProgressDialog(title, "Cancel", 0, 0, self.parent_widget)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(cancel.cancel)
        self._dialog = dialog
        job = _Job(work, cancel)
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished)
        job.signals.failed.connect(self._on_failed)
        self._job = job
        write_pool().start(job)

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, label: str) -> None:
        if self._dialog is None:
            return
        scaled_total = 1000 if total else 0
        self._dialog.setMaximum(scaled_total)
        self._dialog.setValue(done * 1000 // total if total else 0)
        self._dialog.setLabelText(label)

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self._finish(JobOutcome(self._title, result=result))

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        outcome = JobOutcome(self._title)
        if isinstance(exc, Cancelled):
            outcome.cancelled = True
        elif isinstance(exc, ValidationFailed):
            outcome.problems = list(exc.problems)
        elif isinstance(exc, ClaimDeskError | OSError):
            outcome.error = str(exc)
        else:
            outcome.error = f"Unexpected error: {exc!r}"
        self._finish(outcome)

    def _finish(self, outcome: JobOutcome) -> None:
        if self._dialog is not None:
            self._dialog.canceled.disconnect()
            self._dialog.close()
            self._dialog.deleteLater()
        if self._job is not None:
            _RETIRED.append(self._job)
        self._dialog, self._job = None, None
        self.done.emit(outcome)
        self.report(outcome)

    def show_outcome(self, outcome: JobOutcome) -> None:
        if outcome.problems:
            ProblemReportDialog(outcome, self.parent_widget).open()
        elif outcome.error:
            QMessageBox.warning(self.parent_widget, outcome.title, outcome.summary())
        else:
            QMessageBox.information(self.parent_widget, outcome.title, outcome.summary())


class ProblemReportDialog(QDialog):
    """Readable list of every problem that rejected a file (copyable text)."""

    def __init__(self, outcome: JobOutcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(outcome.title)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(outcome.summary()))
        self.text = QPlainTextEdit("\n".join(str(p) for p in outcome.problems))
        self.text.setReadOnly(True)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 360)


def import_work(kind: str, files: Sequence[Path], db: Path | None) -> Work:
    """The service call for an import kind: ``hcpcs``, ``ncci_ptp`` or ``mue``."""
    def work(progress: ProgressFn, cancel: CancelToken) -> object:
        if kind == "hcpcs":
            return codes.import_hcpcs(files[0], progress, cancel, db=db)
        if kind == "ncci_ptp":
            return codes.import_ncci_ptp(list(files), progress, cancel, db=db)
        if kind == "mue":
            return codes.import_mue(files[0], progress, cancel, db=db)
        raise ValueError(kind)
    return work


def build_index_work(db: Path | None) -> Work:
    def work(progress: ProgressFn, cancel: CancelToken) -> object:
        codes.ensure_icd_index(progress, cancel, db=db)
        return None
    return work


IMPORT_KINDS = {
    "hcpcs": ("Import HCPCS file", "HCPCS ANWEB text (*.txt *.TXT)"),
    "ncci_ptp": ("Import NCCI PTP files", "NCCI PTP text (*.txt *.TXT)"),
    "mue": ("Import MUE file", "MUE CSV (*.csv *.CSV)"),
}
