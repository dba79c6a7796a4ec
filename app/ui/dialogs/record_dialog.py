"""Base dialog for editing one record.

Field-level problems, save off the GUI thread, nothing typed is lost: errors keep the dialog
open and closing with changes asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.base import Record
from app.domain.changes import Changes
from app.domain.errors import Problem, StaleEdit, ValidationFailed
from app.ui import actions, dialogs, jobs, ui_state
from app.ui.changes import ChangeBus
from app.ui.forms import FormBinder
from app.ui.presenters.form_values import other_problems

SaveFn = Callable[[dict[str, Any]], tuple[Any, Changes]]


def banner_label() -> QLabel:
    label = QLabel()
    label.setObjectName("form_banner")
    label.setWordWrap(True)
    label.setStyleSheet("background: #fdecea; color: #8a1c1c; border: 1px solid #f5c2c0;"
                        "border-radius: 3px; padding: 5px 8px;")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def banner_text(problems: list[Problem], unplaced: list[Problem]) -> str:
    placed = len(problems) - len(unplaced)
    lines = []
    if placed:
        fields = "field" if placed == 1 else f"{placed} fields"
        lines.append(f"Nothing was saved: correct the marked {fields}.")
    lines.extend(p.message for p in unplaced)
    if unplaced and not placed:
        lines.insert(0, "Nothing was saved:")
    return "\n".join(lines)


class RecordDialog(QDialog):
    """Subclasses put widgets bound through ``self.binder`` into ``self.body``."""

    saved = Signal(object)

    def __init__(self, parent: QWidget | None, bus: ChangeBus, title: str, source: str,
                 save: SaveFn, state_key: str, record_type: type[Record] | None = None) -> None:
        super().__init__(parent)
        self.record_type = record_type
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.bus = bus
        self.save_fn = save
        self.state_key = state_key
        self.binder = FormBinder(source, self)
        self.banner = banner_label()
        self.body = QVBoxLayout()
        self.buttons = QDialogButtonBox()
        self.save_button: QPushButton = self.buttons.addButton(
            "&Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save_button")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for button in self.buttons.buttons():
            button.setAutoDefault(False)
        actions.make_action(self, "save", self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.buttons)
        self.busy = False

    def restore_size(self) -> None:
        ui_state.restore_geometry(self, self.state_key)

    # saving -------------------------------------------------------------------------------
    def extra_values(self, data: dict[str, Any]) -> dict[str, Any]:
        """Subclasses add values the binder does not hold (ids of parents...)."""
        return data

    @Slot()
    def save(self) -> None:
        if self.busy:
            return
        data, problems = self.binder.values()
        payload = self.extra_values(data)
        if problems:
            skip = {p.field for p in problems}
            self.show_problems(problems + other_problems(self.record_type, payload, skip,
                                                         self.binder.source))
            return
        self.busy = True
        self.save_button.setEnabled(False)
        jobs.run_op(self, lambda: self.save_fn(payload), on_success=self._saved,
                    on_failure=self._failed)

    def show_problems(self, problems: list[Problem]) -> None:
        unplaced = self.binder.show_problems(problems)
        self.show_banner(banner_text(problems, unplaced))
        self.grow_to_fit()

    def grow_to_fit(self) -> None:
        """Messages under fields need room: grow (never shrink) to the layout's wish."""
        layout = self.layout()
        layout.activate()
        hint = layout.totalSizeHint() if hasattr(layout, "totalSizeHint") else self.sizeHint()
        self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _saved(self, result: tuple[Any, Changes]) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        record, changes = result
        self.binder.write(record)
        self.show_banner("")
        self.bus.publish(changes)
        self.saved.emit(record)
        self.after_save(record)

    def after_save(self, record: Any) -> None:
        """Default: close once saved."""
        self.done(QDialog.DialogCode.Accepted)

    def _failed(self, exc: BaseException) -> bool:
        self.busy = False
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self.show_problems(exc.problems)
            return True
        if isinstance(exc, StaleEdit):
            self.show_banner(f"{exc.message}\nWhat you typed is still here; copy what you need, "
                             "close this window and open the record again.")
            return True
        self.show_banner("Nothing was saved. What you typed is still here.")
        return False

    # closing ------------------------------------------------------------------------------
    def reject(self) -> None:
        if self.binder.is_dirty() and not dialogs.confirm(
                self, "Discard changes?", "You have changes that are not saved. Discard them?"):
            return
        super().reject()

    def done(self, result: int) -> None:
        ui_state.save_geometry(self, self.state_key)
        super().done(result)
