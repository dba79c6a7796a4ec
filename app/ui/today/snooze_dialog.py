"""Ask for a snooze date and reason (module function so tests can replace it)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)


class SnoozeDialog(QDialog):
    """Snooze until (a date after today) and why."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Snooze")
        self.until = QDateEdit()
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("MM/dd/yyyy")
        tomorrow = date.today() + timedelta(days=7)
        self.until.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
        self.until.setMinimumDate(QDate.currentDate().addDays(1))
        self.reason = QLineEdit()
        self.reason.setObjectName("snooze_reason")
        self.reason.setPlaceholderText("Why it can wait (required)")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        label = QLabel(title)
        label.setWordWrap(True)
        form.addRow(label)
        form.addRow("Snooze &until:", self.until)
        form.addRow("&Reason:", self.reason)
        form.addRow(buttons)
        self.reason.setFocus()


def ask_snooze(parent: QWidget | None, title: str) -> tuple[date, str] | None:
    """The chosen date and reason, or None when cancelled."""
    dialog = SnoozeDialog(title, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    d = dialog.until.date()
    return date(d.year(), d.month(), d.day()), dialog.reason.text()
