"""The visit note as text, or the attached PDF shown with QtPdf (read from the database)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QStackedWidget, QVBoxLayout, QWidget


class NoteView(QWidget):
    """Shows the typed note, or the PDF when the visit has one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QPlainTextEdit(readOnly=True)
        self.text.setObjectName("note_text")
        self.document = QPdfDocument(self)
        self.pdf = QPdfView(self)
        self.pdf.setObjectName("note_pdf")
        self.pdf.setDocument(self.document)
        self.pdf.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.caption = QLabel()
        self.caption.setObjectName("note_caption")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.text)
        self.stack.addWidget(self.pdf)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.stack, 1)
        self.buffer: QBuffer | None = None

    def show_note(self, text: str, pdf: tuple[str, bytes] | None) -> None:
        self.text.setPlainText(text or "(no typed note)")
        self.document.close()
        if self.buffer is not None:
            self.buffer.close()
            self.buffer = None
        if pdf is None:
            self.caption.setText("Typed note")
            self.stack.setCurrentWidget(self.text)
            return
        name, content = pdf
        self.buffer = QBuffer(self)
        self.buffer.setData(QByteArray(content))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self.buffer)
        if self.document.status() == QPdfDocument.Status.Error:
            self.caption.setText(f"{name}: the PDF cannot be shown; the typed note follows.")
            self.stack.setCurrentWidget(self.text)
            return
        pages = self.document.pageCount()
        self.caption.setText(f"{name} · {pages} page{'s' if pages != 1 else ''}")
        self.stack.setCurrentWidget(self.pdf)

    def showing_pdf(self) -> bool:
        return self.stack.currentWidget() is self.pdf
