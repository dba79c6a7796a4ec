"""Run code-set imports and the ICD-10-CM index build off the GUI thread, with progress."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import Cancelled, ClaimDeskError, Problem, ValidationFailed
from app.domain.progress import CancelToken, ProgressFn
from app.services import codes, fees
from app.ui import jobs as app_jobs

Work = Callable[[ProgressFn, CancelToken], object]

#: Code-set writes go one at a time (SQLite has one writer).
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
        self._job: app_jobs.Operation | None = None
        self._title = ""

    @property
    def busy(self) -> bool:
        return self._job is not None

    def start(self, title: str, work: Work) -> None:
        """Run ``work`` on the application's one-thread job pool (delayed progress, Cancel)."""
        self._title = title
        self._job = app_jobs.run_long(
            self.parent_widget, work, label=title,
            on_success=lambda result: self._finish(JobOutcome(title, result=result)),
            on_failure=self._on_failed_handled,
            on_cancel=lambda: self._finish(JobOutcome(title, cancelled=True)))

    def _on_failed_handled(self, exc: BaseException) -> bool:
        self._on_failed(exc)
        return True

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
        self._job = None
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


def import_work(kind: str, files: Sequence[Path], db: Path | None,
                practice_db: object | None = None) -> Work:
    """The service call for an import kind (code-set files, or the practice's fee CSVs)."""
    def work(progress: ProgressFn, cancel: CancelToken) -> object:
        if kind in ("fees", "contracts"):
            if practice_db is None:
                raise ValueError("no practice database for a fee import")
            importer = fees.import_fee_schedule if kind == "fees" else fees.import_contracts
            return importer(practice_db, files[0])[0]  # type: ignore[arg-type]
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
    "fees": ("Import the practice fee schedule", "Fee schedule CSV (*.csv *.CSV)"),
    "contracts": ("Import payer contract rates", "Contract CSV (*.csv *.CSV)"),
}
