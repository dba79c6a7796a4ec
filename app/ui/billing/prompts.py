"""Questions the billing panel asks (a reason for a hold, a release, an accepted warning).

Screens call these module functions so tests can replace them (monkeypatch the attribute).
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget


def ask_reason(parent: QWidget | None, title: str, prompt: str, default: str = "") -> str | None:
    """Ask for a one-line reason; None when the user cancels or leaves it blank."""
    text, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Normal, default)
    return text.strip() if ok and text.strip() else None
