"""An inline settings form (not a dialog): field-level problems, Save and Revert."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.base import Record
from app.domain.changes import Changes
from app.domain.errors import Problem, StaleEdit, ValidationFailed
from app.ui import actions, jobs
from app.ui.changes import ChangeBus
from app.ui.dialogs.record_dialog import banner_label, banner_text
from app.ui.forms import FormBinder
from app.ui.presenters.form_values import other_problems

SaveFn = Callable[[dict[str, Any]], tuple[Any, Changes]]
LoadFn = Callable[[], Any]


class FormPanel(QWidget):
    """Subclasses fill ``self.form_body`` with fields bound through ``self.binder``."""

    saved = Signal(object)

    def __init__(self, bus: ChangeBus, source: str, load: LoadFn, save: SaveFn,
                 parent: QWidget | None = None, record_type: type[Record] | None = None) -> None:
        super().__init__(parent)
        self.record_type = record_type
        self.bus, self.load_fn, self.save_fn = bus, load, save
        self.binder = FormBinder(source, self)
        self.banner = banner_label()
        self.status = QLabel()
        self.status.setObjectName("form_status")
        self.save_button = QPushButton("&Save")
        self.save_button.setObjectName("save_button")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        revert = QPushButton("&Revert")
        revert.setToolTip("Throw away unsaved changes and show what is saved")
        revert.clicked.connect(self.revert)
        actions.make_action(self, "save", self.save, widget_scope=True)
        inner = QWidget()
        inner.setMaximumWidth(860)
        self.form_body = QVBoxLayout(inner)
        self.form_body.setContentsMargins(4, 4, 4, 4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(revert)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(bar)
        self.busy = False
        self.loaded = False
        self.last_data: dict[str, Any] = {}

    def extra_problems(self, data: dict[str, Any]) -> list[Problem]:
        """Checks the model only runs once every field is valid, to show all problems at once."""
        return []

    def load(self, *, force: bool = False) -> None:
        """Show the saved record, unless the user has unsaved changes (kept unless forced)."""
        if self.binder.is_dirty() and not force:
            return
        record = self.load_fn()
        self.binder.write(record if record is not None else self.blank())
        self.after_write(record)
        self.show_banner("")
        self.loaded = True

    def blank(self) -> dict[str, Any]:
        return {}

    def after_write(self, record: Any) -> None:
        """Subclasses sync widgets the binder does not own (optional groups)."""

    @Slot()
    def revert(self) -> None:
        self.load(force=True)
        self.status.setText("Reverted to the saved settings.")

    @Slot()
    def save(self) -> None:
        if self.busy:
            return
        data, problems = self.binder.values()
        if problems:
            skip = {p.field for p in problems}
            more = other_problems(self.record_type, data, skip, self.binder.source)
            named = skip | {p.field for p in more}
            extra = [p for p in self.extra_problems(data) if p.field not in named]
            self._problems([*problems, *more, *extra])
            return
        self.busy = True
        self.last_data = data
        self.save_button.setEnabled(False)
        self.status.setText("Saving...")
        jobs.run_op(self, lambda: self.save_fn(data), on_success=self._saved,
                    on_failure=self._failed)

    def _problems(self, problems: list[Any]) -> None:
        unplaced = self.binder.show_problems(problems)
        self.show_banner(banner_text(problems, unplaced))
        self.status.setText("Not saved.")

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _saved(self, result: tuple[Any, Changes]) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        record, changes = result
        self.binder.write(record)
        self.after_write(record)
        self.show_banner("")
        self.status.setText("Saved.")
        self.bus.publish(changes)
        self.saved.emit(record)

    def _failed(self, exc: BaseException) -> bool:
        self.busy = False
        self.save_button.setEnabled(True)
        self.status.setText("Not saved.")
        if isinstance(exc, ValidationFailed):
            named = {p.field for p in exc.problems}
            extra = [p for p in self.extra_problems(self.last_data) if p.field not in named]
            self._problems([*exc.problems, *extra])
            return True
        if isinstance(exc, StaleEdit):
            self.show_banner(f"{exc.message}\nWhat you typed is still here; note it, press "
                             "Revert to load the saved settings, then redo the edit.")
            return True
        return False
