"""Questions the batch and remittance screens ask: files, folders, a reason, a date.

Screens call these module functions so tests can replace them (monkeypatch the attribute).
They belong beside ``app.ui.dialogs.ask_save_path``; they live here until that package
gains them.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.dialogs import files


def ask_open_path(parent: QWidget | None, title: str, folder: Path,
                  file_filter: str) -> Path | None:
    """Ask for an existing file to read; None when the user cancels."""
    return files.ask_open_path(parent, title, folder, file_filter)


def ask_folder(parent: QWidget | None, title: str, folder: Path) -> Path | None:
    """Ask for a folder; None when the user cancels."""
    return files.ask_folder(parent, title, folder)


def ask_reason(parent: QWidget | None, title: str, prompt: str, default: str = "") -> str | None:
    """Ask for a one-line reason; None when the user cancels or leaves it blank."""
    text, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Normal, default)
    return text.strip() if ok and text.strip() else None


def ask_date(parent: QWidget | None, title: str, prompt: str,
             default: date | None = None) -> date | None:
    """Ask for a date (a calendar pop-up); None when the user cancels."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("MM/dd/yyyy")
    start = default or date.today() + timedelta(days=14)
    edit.setDate(QDate(start.year, start.month, start.day))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    label = QLabel(prompt)
    label.setBuddy(edit)
    for widget in (label, edit, buttons):
        layout.addWidget(widget)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    picked = edit.date()
    return date(picked.year(), picked.month(), picked.day())
