"""Small dialog helpers.

Screens call these instead of QFileDialog/QMessageBox directly (every file dialog is built
by ``files``) so tests can replace them
(monkeypatch the module attribute).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from app.domain.money import parse_money
from app.ui.dialogs import files


def ask_save_path(parent: QWidget | None, title: str, default: Path,
                  file_filter: str) -> Path | None:
    """Ask where to save; None when the user cancels (``files``: never opens listed files)."""
    return files.ask_save_path(parent, title, default, file_filter)


def confirm(parent: QWidget | None, title: str, text: str, *, yes: str = "Discard") -> bool:
    """Ask a yes/no question; True when the user chose ``yes``."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    accept = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is accept


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user something finished (non-blocking)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok,
                      parent)
    box.open()


def choose(parent: QWidget | None, title: str, text: str,
           options: list[tuple[str, str]]) -> str | None:
    """Ask the user to pick one of ``options`` (key, button label); None when closed."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    buttons = {box.addButton(label, QMessageBox.ButtonRole.AcceptRole): key
               for key, label in options}
    box.setDefaultButton(next(iter(buttons)))
    box.exec()
    return buttons.get(box.clickedButton())  # type: ignore[call-overload]


def edit_text(parent: QWidget | None, title: str, label: str, text: str) -> str | None:
    """Let the user edit a multi-line text; None when cancelled."""
    value, ok = QInputDialog.getMultiLineText(parent, title, label, text)
    return value if ok and value.strip() else None


def ask_amount(parent: QWidget | None, title: str, label: str,
               default: Decimal) -> Decimal | None:
    """Ask for an amount (prefilled with ``default``); None when cancelled.

    What the user types is parsed exactly (no float); a bad amount is asked again.
    """
    text = f"{default:.2f}"
    while True:
        text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
        if not ok:
            return None
        try:
            return parse_money(text)
        except ValueError:
            label = f"{text!r} is not an amount. {label}"
