"""Coding dialogs: provider query, answer, warnings to accept with a reason, leave unsaved.

The query, answer and warning dialogs are opened non-modally (``open()``) and report through
``accepted``; ``ask_save`` is a module function so tests can replace it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.findings import Finding
from app.services.encounters import ProviderQuery
from app.ui.coding.findings_view import place_text, severity_icon

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_save(parent: QWidget | None, what: str) -> str:
    """Save / discard / keep editing for unsaved codes; returns SAVE, DISCARD or CANCEL."""
    box = QMessageBox(QMessageBox.Icon.Question, "Unsaved codes",
                      f"The codes of {what} are not saved.", QMessageBox.StandardButton.NoButton,
                      parent)
    save = box.addButton("&Save", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    clicked = box.clickedButton()
    return SAVE if clicked is save else DISCARD if clicked is discard else CANCEL


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class QueryDialog(QDialog):
    """The coder's question to the provider, with optional answer choices (one per line)."""

    def __init__(self, parent: QWidget | None, visit: str) -> None:
        super().__init__(parent)
        self.setObjectName("query_dialog")
        self.setWindowTitle("Query the provider")
        self.question = QPlainTextEdit()
        self.question.setObjectName("query_question")
        self.question.setTabChangesFocus(True)
        self.question.setPlaceholderText("What does the documentation need to say?")
        self.choices = QPlainTextEdit()
        self.choices.setObjectName("query_choices")
        self.choices.setTabChangesFocus(True)
        self.choices.setPlaceholderText("Optional: one answer choice per line")
        form = QFormLayout(self)
        form.addRow(QLabel(visit))
        form.addRow("&Question:", self.question)
        form.addRow("&Choices:", self.choices)
        form.addRow(_buttons(self, "Send query"))
        self.resize(520, 320)

    def values(self) -> tuple[str, list[str]]:
        choices = [c.strip() for c in self.choices.toPlainText().splitlines() if c.strip()]
        return self.question.toPlainText().strip(), choices


class AnswerDialog(QDialog):
    """Record the provider's answer (pick a choice or type it)."""

    def __init__(self, parent: QWidget | None, query: ProviderQuery, visit: str) -> None:
        super().__init__(parent)
        self.setObjectName("answer_dialog")
        self.setWindowTitle("Provider's answer")
        self.query = query
        self.answer = QComboBox()
        self.answer.setObjectName("query_answer")
        self.answer.setEditable(True)
        self.answer.addItems(["", *query.choices])
        question = QLabel(query.question)
        question.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(QLabel(visit))
        form.addRow("Question:", question)
        form.addRow("&Answer:", self.answer)
        form.addRow(_buttons(self, "Record answer"))
        self.resize(480, 200)

    def value(self) -> str:
        return self.answer.currentText().strip()


class AcceptWarningsDialog(QDialog):
    """Each remaining warning with a reason field; OK only when every reason is given."""

    def __init__(self, parent: QWidget | None, warnings: list[Finding]) -> None:
        super().__init__(parent)
        self.setObjectName("accept_warnings_dialog")
        self.setWindowTitle("Accept warnings")
        self.warnings = warnings
        self.reasons: list[QLineEdit] = []
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("These warnings remain. Give the reason for accepting each "
                                "one; the reasons are kept in the audit trail."))
        form = QFormLayout()
        for n, finding in enumerate(warnings):
            label = QLabel(f"<b>{place_text(finding.location)}</b>: "
                           f"{html.escape(finding.message)}<br><i>{html.escape(finding.hint)}</i>")
            label.setWordWrap(True)
            icon = QLabel()
            icon.setPixmap(severity_icon(finding.severity).pixmap(16, 16))
            reason = QLineEdit()
            reason.setObjectName(f"reason_{n}")
            reason.setPlaceholderText("Reason (required)")
            reason.textChanged.connect(self._update)
            self.reasons.append(reason)
            form.addRow(icon, label)
            form.addRow("Reason:", reason)
        layout.addLayout(form)
        self.buttons = _buttons(self, "Accept and mark coded")
        layout.addWidget(self.buttons)
        self.resize(620, 160 + 70 * len(warnings))
        self._update()

    @Slot()
    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(all(r.text().strip() for r in self.reasons))

    def accepted_reasons(self) -> dict[tuple[str, str], str]:
        return {(f.rule_id, f.location): r.text().strip()
                for f, r in zip(self.warnings, self.reasons, strict=True)}
