"""Print preview inside the app: a rendered PDF in a QPdfView with Print and Save as PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import paths
from app.domain.errors import EnvironmentProblem
from app.ui import dialogs, errors, ui_state
from app.ui.printing import printer as printer_helpers

STATE_KEY = "pdf_preview"


class PdfPreviewDialog(QDialog):
    """Shows ``path``; deletes it on close when ``temporary`` (renders for preview)."""

    def __init__(self, parent: QWidget | None, path: Path, title: str, *,
                 save_name: str, temporary: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("pdf_preview")
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.path, self.save_name, self.temporary = Path(path), save_name, temporary
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.info = QLabel()
        self.info.setObjectName("pdf_info")
        self.print_button = QPushButton("&Print...")
        self.print_button.setObjectName("pdf_print")
        self.print_button.clicked.connect(self.print_pdf)
        save = QPushButton("Save as P&DF...")
        save.setObjectName("pdf_save")
        save.clicked.connect(self.save_pdf)
        close = QPushButton("Close")
        close.setObjectName("pdf_close")
        close.clicked.connect(self.close)
        bar = QHBoxLayout()
        bar.addWidget(self.info, 1)
        for button in (self.print_button, save, close):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        ui_state.fit_to_screen(self, 900, 1000)
        if ui_state.restore_geometry(self, STATE_KEY):  # saved on a bigger screen: shrink
            ui_state.fit_to_screen(self, self.width(), self.height())
        self.load()

    def load(self) -> None:
        error = self.document.load(str(self.path))
        pages = self.document.pageCount()
        if error != QPdfDocument.Error.None_:
            self.info.setText(f"Cannot open {self.path.name}: {error.name}")
            self.print_button.setEnabled(False)
            return
        self.info.setText(f"{self.path.name} · {pages} page{'s' if pages != 1 else ''}")

    def page_count(self) -> int:
        return self.document.pageCount()

    @Slot()
    def print_pdf(self) -> int:
        printer = printer_helpers.ask_printer(self, self.page_count())
        if printer is None:
            return 0
        printed = printer_helpers.print_document(self.document, printer)
        self.info.setText(f"Sent {printed} page{'s' if printed != 1 else ''} to "
                          f"{printer.printerName() or printer.outputFileName() or 'the printer'}")
        return printed

    @Slot()
    def save_pdf(self) -> Path | None:
        folder = Path(ui_state.last_folder("print_pdf", str(paths.exports_dir())))
        target = dialogs.ask_save_path(self, "Save as PDF", folder / self.save_name,
                                       "PDF (*.pdf)")
        if target is None:
            return None
        try:
            shutil.copyfile(self.path, target)
        except OSError as exc:
            errors.show_error(self, EnvironmentProblem(f"Cannot write {target}: {exc.strerror}"))
            return None
        ui_state.set_last_folder("print_pdf", str(target.parent))
        self.info.setText(f"Saved {target}")
        return target

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        ui_state.save_geometry(self, STATE_KEY)
        self.document.close()
        if self.temporary:
            self.path.unlink(missing_ok=True)
        super().closeEvent(event)
