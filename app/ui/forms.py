"""Form binder: dotted field paths <-> widgets, typed values, field-level problem messages.

``binder.add("address.zip", QLineEdit(), Kind.ZIP)`` returns a small container (the widget
with a red message label under it) to put in a layout. ``values()`` reads a nested dict for a
service, ``write(record)`` fills the widgets, ``show_problems`` puts each ``Problem`` under the
field it names (outlining the field) and returns the ones no field claims.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import Problem
from app.ui.presenters.form_values import ConversionError, Kind, friendly, from_text, nest, to_text

Enabled = Callable[[], bool]


class _Field:
    def __init__(self, path: str, widget: QWidget, kind: Kind, error: QLabel) -> None:
        self.path, self.widget, self.kind, self.error = path, widget, kind, error

    def raw(self) -> Any:
        w = self.widget
        if isinstance(w, QLineEdit):
            return w.text()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QSpinBox):
            return w.value()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        raise TypeError(f"unsupported widget for {self.path}: {type(w).__name__}")

    def value(self) -> Any:
        raw = self.raw()
        return from_text(self.kind, raw) if isinstance(raw, str) else raw

    def set(self, value: Any) -> None:
        w = self.widget
        if isinstance(value, Enum):
            value = value.value
        if isinstance(w, QLineEdit):
            w.setText(to_text(self.kind, value))
            w.setCursorPosition(0)
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(to_text(self.kind, value))
        elif isinstance(w, QComboBox):
            index = w.findData(value)
            w.setCurrentIndex(max(index, 0) if w.count() else -1)
        elif isinstance(w, QSpinBox):
            w.setValue(int(value or 0))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))

    def changed_signal(self) -> Any:
        w = self.widget
        if isinstance(w, QLineEdit):
            return w.textEdited
        if isinstance(w, QPlainTextEdit):
            return w.textChanged
        if isinstance(w, QComboBox):
            return w.currentIndexChanged
        if isinstance(w, QSpinBox):
            return w.valueChanged
        return w.toggled  # type: ignore[attr-defined]


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        out[path] = value
        if isinstance(value, dict):
            out.update(_flatten(value, f"{path}."))
    return out


class FormBinder(QObject):
    """Binds widgets to dotted field paths of one record."""

    edited = Signal()

    def __init__(self, source: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.fields: dict[str, _Field] = {}
        self.groups: dict[str, Enabled] = {}
        self.fixed: dict[str, Any] = {}
        self._snapshot: dict[str, Any] = {}

    # building -----------------------------------------------------------------------------
    def add(self, path: str, widget: QWidget, kind: Kind = Kind.TEXT, *,
            detached: bool = False) -> QWidget:
        """Register ``widget`` for ``path``; returns the widget with its message label.

        With ``detached`` the widget is returned alone and the caller places
        ``error_label(path)`` (used where fields share a row, like city / state / ZIP).
        """
        error = QLabel()
        error.setObjectName(f"error_{path}")
        error.setProperty("role", "field-error")
        error.setStyleSheet("color: #c62828; font-size: 8.5pt;")
        error.setWordWrap(True)
        error.hide()
        widget.setObjectName(f"field_{path}")
        field = _Field(path, widget, kind, error)
        self.fields[path] = field
        field.changed_signal().connect(lambda *_: self._on_edit(field))
        if detached:
            return widget
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        layout.addWidget(error)
        return box

    def error_label(self, path: str) -> QLabel:
        return self.fields[path].error

    def optional_group(self, prefix: str, enabled: Enabled) -> None:
        """Fields under ``prefix`` read as ``None`` while ``enabled()`` is false."""
        self.groups[prefix] = enabled

    def widget(self, path: str) -> QWidget:
        return self.fields[path].widget

    def error_text(self, path: str) -> str:
        label = self.fields[path].error
        return label.text() if not label.isHidden() else ""

    # values -------------------------------------------------------------------------------
    def _disabled_prefixes(self) -> list[str]:
        return [p for p, enabled in self.groups.items() if not enabled()]

    def values(self) -> tuple[dict[str, Any], list[Problem]]:
        """The nested dict for the service, and problems found converting text."""
        off = self._disabled_prefixes()
        flat: dict[str, Any] = {}
        problems: list[Problem] = []
        for path, field in self.fields.items():
            if any(path.startswith(prefix + ".") for prefix in off):
                continue
            try:
                value = field.value()
            except ConversionError as exc:
                problems.append(Problem(self.source, path, str(exc)))
                continue
            if value is None and field.kind == Kind.DATE:
                continue  # missing -> "This field is required." from the service
            flat[path] = value
        data = {**self.fixed, **nest(flat)}
        for prefix in off:
            data.update(nest({prefix: None}))
        return data, problems

    def write(self, record: BaseModel | dict[str, Any] | None) -> None:
        """Fill the widgets from ``record`` (None clears them) and remember it as unchanged."""
        data = record.model_dump() if isinstance(record, BaseModel) else dict(record or {})
        flat = _flatten(data)
        for path, field in self.fields.items():
            field.set(flat.get(path))
        self.fixed = {k: data[k] for k in ("id", "version") if k in data}
        self.clear_problems()
        self.mark_clean()

    # dirty tracking -----------------------------------------------------------------------
    def _state(self) -> dict[str, Any]:
        return {path: field.raw() for path, field in self.fields.items()}

    def mark_clean(self) -> None:
        self._snapshot = self._state()

    def is_dirty(self) -> bool:
        """Whether any field differs from the last write/save (False before the first)."""
        if not self._snapshot:
            return False
        state = self._state()
        return any(state.get(path) != value for path, value in self._snapshot.items())

    # problems -----------------------------------------------------------------------------
    def _target(self, field_path: str) -> _Field | None:
        if field_path in self.fields:
            return self.fields[field_path]
        under = [f for p, f in self.fields.items() if p.startswith(field_path + ".")]
        if field_path and under:
            return under[0]
        parts = field_path.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            if (parent := ".".join(parts[:cut])) in self.fields:
                return self.fields[parent]
        return None

    def show_problems(self, problems: list[Problem], *, focus: bool = True) -> list[Problem]:
        """Show each problem under its field; returns the problems no field claims.

        The first field with a problem gets the focus unless ``focus`` is false (live checks
        while the user types).
        """
        self.clear_problems()
        unplaced: list[Problem] = []
        first: QWidget | None = None
        for problem in problems:
            field = self._target(problem.field)
            if field is None:
                unplaced.append(problem)
                continue
            message = friendly(problem.message)
            text = field.error.text() if not field.error.isHidden() else ""
            field.error.setText(f"{text}\n{message}" if text else message)
            field.error.show()
            self._outline(field.widget, True)
            first = first or field.widget
        if first is not None and focus:
            first.setFocus()
        return unplaced

    def clear_problems(self) -> None:
        for field in self.fields.values():
            self._clear(field)

    def has_problems(self) -> bool:
        return any(not f.error.isHidden() for f in self.fields.values())

    def _clear(self, field: _Field) -> None:
        field.error.clear()
        field.error.hide()
        self._outline(field.widget, False)

    def _on_edit(self, field: _Field) -> None:
        if not field.error.isHidden():
            self._clear(field)
        self.edited.emit()

    @staticmethod
    def _outline(widget: QWidget, invalid: bool) -> None:
        widget.setProperty("invalid", invalid)
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)
