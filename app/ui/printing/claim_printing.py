"""CMS-1500 printing: preview (changes nothing), print (paper submission), alignment page.

Rendering runs as a job; the result opens in the in-app PDF preview.

Print goes through ``services.printing.print_claims``: ready claims become submitted on paper
once the PDF is complete; reprinting claims in any other status changes nothing.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app import paths
from app.domain.claims import ClaimStatus
from app.domain.progress import CancelToken, ProgressFn
from app.printing.cms1500 import render_claims
from app.services import claim_queries, printing, sent_claims
from app.ui import dialogs, jobs
from app.ui.changes import ChangeBus
from app.ui.printing.pdf_preview import PdfPreviewDialog


def print_dir() -> Path:
    """Rendered PDFs wait here (inside the data folder: they hold patient data)."""
    folder = paths.data_dir() / "print"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_pdf(prefix: str) -> Path:
    handle, name = tempfile.mkstemp(prefix=f"{prefix}-", suffix=".pdf", dir=print_dir())
    os.close(handle)
    return Path(name)


def render_preview(db: Any, ids: list[int], out: Path, *, data_only: bool, offset_x: int,
                   offset_y: int, progress: ProgressFn, cancel: CancelToken) -> int:
    """Render claims without any status change (the preview)."""
    data = sent_claims.as_billed_many(db, ids)  # a claim with the payer: as it was sent
    with out.open("wb") as handle:
        return render_claims(data, handle, mode="data" if data_only else "replica",
                             offset_x_tenths=offset_x, offset_y_tenths=offset_y,
                             progress=progress, cancel=cancel)


def _discard(path: Path) -> bool:
    """Remove a half-written render; the error is still shown (returns False)."""
    path.unlink(missing_ok=True)
    return False


class ClaimPrinter(QObject):
    """Runs the print jobs for ``parent`` and opens the preview of each result."""

    preview_opened = Signal(object)  # PdfPreviewDialog
    printed = Signal(object)  # printing.PrintResult

    def __init__(self, parent: QWidget, db: Any, bus: ChangeBus) -> None:
        super().__init__(parent)
        self.widget, self.db, self.bus = parent, db, bus
        self.data_only = False
        self.offsets: tuple[int, int] | None = None  # None: the saved offsets
        self.last_preview: PdfPreviewDialog | None = None

    def _offsets(self) -> tuple[int, int]:
        return self.offsets if self.offsets is not None else printing.printer_offsets(self.db)

    def _stamp(self) -> str:
        return datetime.now().strftime("%Y%m%d-%H%M")

    def open_preview(self, path: Path, title: str, save_name: str, *,
                     temporary: bool = True) -> PdfPreviewDialog:
        dialog = PdfPreviewDialog(self.widget, path, title, save_name=save_name,
                                  temporary=temporary)
        self.last_preview = dialog
        dialog.destroyed.connect(self._forget)
        dialog.show()
        self.preview_opened.emit(dialog)
        return dialog

    def _forget(self) -> None:
        self.last_preview = None

    def preview(self, ids: list[int]) -> None:
        """Render ``ids`` for a look; no claim changes status."""
        if not ids:
            return
        out, (x, y), data_only = new_pdf("preview"), self._offsets(), self.data_only
        jobs.run_long(self.widget, lambda p, c: render_preview(
            self.db, ids, out, data_only=data_only, offset_x=x, offset_y=y, progress=p,
            cancel=c), label="Rendering the CMS-1500 preview...",
            on_success=lambda _pages: self.open_preview(
                out, f"CMS-1500 preview ({len(ids)} claim{'s' if len(ids) != 1 else ''})",
                f"cms1500-{self._stamp()}.pdf"),
            on_failure=lambda _exc: _discard(out),
            on_cancel=lambda: out.unlink(missing_ok=True))

    def print_claims(self, ids: list[int]) -> bool:
        """Render ``ids`` through the service (ready ones are submitted on paper), then preview.

        Returns False when the user declined.
        """
        if not ids:
            return False
        rows = claim_queries.claim_rows(self.db, ids)
        ready = sum(1 for r in rows if r.status == ClaimStatus.READY)
        if ready and not dialogs.confirm(
                self.widget, "Submit on paper",
                f"{ready} ready claim{'s' if ready != 1 else ''} will be marked submitted on "
                "paper once the forms are rendered. Print them?", yes="Print and submit"):
            return False
        out, (x, y), data_only = new_pdf("cms1500"), self._offsets(), self.data_only
        jobs.run_long(self.widget, lambda p, c: printing.print_claims(
            self.db, ids, out, data_only=data_only, offset_x=x, offset_y=y, progress=p,
            cancel=c), label=f"Rendering {len(ids)} claim form(s)...",
            on_success=lambda result: self._printed(result, out),
            on_cancel=lambda: out.unlink(missing_ok=True))
        return True

    def _printed(self, result: Any, out: Path) -> None:
        print_result, changes = result
        self.bus.publish(changes)
        self.printed.emit(print_result)
        self.open_preview(out, f"CMS-1500: {print_result.claims} claim(s), "
                          f"{print_result.submitted} submitted on paper",
                          f"cms1500-{self._stamp()}.pdf")

    def alignment(self, offset_x: int, offset_y: int) -> None:
        """The red-form alignment page with the given offsets."""
        out = new_pdf("alignment")
        jobs.run_long(self.widget, lambda _p, _c: printing.print_alignment(
            self.db, out, offset_x, offset_y), label="Rendering the alignment page...",
            on_success=lambda _pages: self.open_preview(
                out, "CMS-1500 alignment page", "cms1500-alignment.pdf"))
