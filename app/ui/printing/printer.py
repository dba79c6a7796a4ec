"""The system printer: a patchable dialog helper and PDF pages painted onto a QPrinter."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

#: Pages are rasterized at no more than this (a letter page at 300 dpi is about 34 MB).
MAX_RENDER_DPI = 300


def ask_printer(parent: QWidget | None, pages: int) -> QPrinter | None:
    """Show the system print dialog; the configured printer, or None when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFromTo(1, max(pages, 1))
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, max(pages, 1))
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def page_range(printer: QPrinter, pages: int) -> range:
    """0-based pages to print (the whole document unless the user chose a range)."""
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 or last <= 0:
        return range(pages)
    return range(max(first, 1) - 1, min(last, pages))


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint each page at actual size from the paper's corner; returns pages printed.

    Actual size keeps pre-printed red forms aligned (the offsets are already in the PDF).
    """
    pages = page_range(printer, document.pageCount())
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    dpi = min(printer.resolution(), MAX_RENDER_DPI)
    try:
        for n, page in enumerate(pages):
            if n:
                printer.newPage()
            size_pt = document.pagePointSize(page)
            size = QSize(int(size_pt.width() * dpi / 72), int(size_pt.height() * dpi / 72))
            image = document.render(page, size)
            res = printer.resolution()  # actual size from the paper corner: forms stay aligned
            painter.drawImage(QRect(0, 0, int(size_pt.width() * res / 72),
                                    int(size_pt.height() * res / 72)), image)
    finally:
        painter.end()
    return len(pages)
