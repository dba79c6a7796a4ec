"""Application look: Fusion style, a compact stylesheet, field-error outlines."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

STYLESHEET = """
QLineEdit[invalid="true"], QComboBox[invalid="true"], QPlainTextEdit[invalid="true"],
QSpinBox[invalid="true"] {
    border: 1px solid #c62828; border-radius: 2px; background: #fff6f6;
}
QListWidget#navigation {
    background: #24303f; color: #dfe6ee; border: none; font-size: 11pt; outline: 0;
}
QListWidget#navigation::item { padding: 9px 14px; }
QListWidget#navigation::item:selected { background: #3b5877; color: white; }
QListWidget#navigation::item:hover:!selected { background: #2e3d4f; }
QTableView { gridline-color: #e3e6ea; selection-background-color: #cfe3fa;
             selection-color: black; alternate-background-color: #f5f7fa; }
QHeaderView::section { padding: 3px 6px; }
QStatusBar QLabel { padding: 0 6px; }
QLabel#page_title { font-size: 13pt; font-weight: 600; }
"""


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setStyleSheet(STYLESHEET)
