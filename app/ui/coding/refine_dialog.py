"""Refine a picked category to a billable code: children, side, or the 7th character."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import CodeDetail
from app.ui.presenters.coding_codes import Choice, RefineStep, refine_step

Lookup = Callable[[str], CodeDetail | None]
KINDS = {"children": "Choose the billable code",
         "laterality": "Which side? Press R, L, B or U",
         "seventh": "7th character (placeholder X pads short codes). Press its letter"}


class RefineDialog(QDialog):
    """Walks from a category down to a billable code; ``picked(code, description)``."""

    picked = Signal(str, str)

    def __init__(self, step: RefineStep, lookup: Lookup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refine_dialog")
        self.setWindowTitle("Choose the billable code")
        self.lookup = lookup
        self.step = step
        self.trail: list[str] = []
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: 600;")
        self.help = QLabel()
        self.help.setStyleSheet("color: #555;")
        self.list = QListWidget()
        self.list.setObjectName("refine_list")
        self.list.itemDoubleClicked.connect(self._activated)
        self.list.installEventFilter(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.help, self.list, buttons):
            layout.addWidget(widget)
        self.resize(640, 380)
        self.show_step(step)

    def show_step(self, step: RefineStep) -> None:
        self.step = step
        self.title.setText(step.title)
        self.help.setText(KINDS[step.kind] + " - Enter chooses, Esc cancels.")
        self.list.clear()
        for choice in step.choices:
            prefix = f"[{choice.key}]  " if choice.key else ""
            item = QListWidgetItem(f"{prefix}{choice.code}   {choice.text}")
            item.setData(Qt.ItemDataRole.UserRole, choice)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.setFocus()

    def choose(self, choice: Choice) -> None:
        """Finish with a 7th-character code, or look the child up and ask again."""
        if choice.final:
            self._finish(choice.code, choice.text)
            return
        detail = self.lookup(choice.code)
        following = refine_step(detail) if detail is not None else None
        if following is None:
            self._finish(choice.code, detail.description if detail else choice.text)
        else:
            self.trail.append(self.step.code)
            self.show_step(following)

    def _finish(self, code: str, description: str) -> None:
        self.picked.emit(code, description)
        self.accept()

    @Slot(QListWidgetItem)
    def _activated(self, item: QListWidgetItem) -> None:
        self.choose(item.data(Qt.ItemDataRole.UserRole))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter chooses the current row; a choice's key (R, L, A...) chooses it at once."""
        if watched is not self.list or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.list.currentItem()
            if item is not None:
                self._activated(item)
            return True
        text = event.text().upper()
        if self.step.kind != "children" and text and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            for choice in self.step.choices:
                if choice.key == text:
                    self.choose(choice)
                    return True
        return False
