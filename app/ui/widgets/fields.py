"""Helpers that build form fields the same way everywhere."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.identifiers import US_STATES
from app.ui.forms import FormBinder
from app.ui.presenters.form_values import Kind


def buddy_label(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def line(placeholder: str = "", width: int | None = None, max_length: int = 0) -> QLineEdit:
    edit = QLineEdit()
    if placeholder:
        edit.setPlaceholderText(placeholder)
    if width:
        edit.setMaximumWidth(width)
    if max_length:
        edit.setMaxLength(max_length)
    return edit


def date_line() -> QLineEdit:
    edit = line("MM/DD/YYYY", 110, 10)
    edit.setToolTip("Date as MM/DD/YYYY (or MMDDYYYY)")
    return edit


def money_line() -> QLineEdit:
    edit = line("0.00", 110)
    edit.setAlignment(Qt.AlignmentFlag.AlignRight)
    return edit


def combo(items: Iterable[tuple[str, object]], width: int | None = None) -> QComboBox:
    box = QComboBox()
    for label, data in items:
        box.addItem(label, data)
    if width:
        box.setMinimumWidth(width)
    return box


def spin(maximum: int, width: int = 90) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, maximum)
    box.setMaximumWidth(width)
    return box


def make_form() -> QFormLayout:
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    form.setVerticalSpacing(4)
    form.setHorizontalSpacing(8)
    return form


def add_row(form: QFormLayout, binder: FormBinder, label: str, path: str, widget: QWidget,
            kind: Kind = Kind.TEXT) -> QWidget:
    """Add ``widget`` bound to ``path`` as a labelled row; returns the widget."""
    box = binder.add(path, widget, kind)
    form.addRow(buddy_label(label, widget), box)
    return widget


def address_grid(binder: FormBinder, prefix: str) -> QWidget:
    """Street 1/2, city, state, ZIP bound under ``prefix`` (``address``, ``subscriber.address``)."""
    holder = QWidget()
    grid = QGridLayout(holder)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(6)
    grid.setVerticalSpacing(2)
    street1 = line("Street", max_length=55)
    street2 = line("Suite, apartment (optional)", max_length=55)
    city = line("City", max_length=30)
    state = combo([("", "")] + [(s, s) for s in sorted(US_STATES)])
    state.setEditable(False)
    state.setMaximumWidth(70)
    zip_code = line("ZIP or ZIP+4", 110, 10)
    grid.addWidget(binder.add(f"{prefix}.street1", street1), 0, 0, 1, 3)
    grid.addWidget(binder.add(f"{prefix}.street2", street2), 1, 0, 1, 3)
    messages = QVBoxLayout()
    messages.setContentsMargins(0, 0, 0, 0)
    messages.setSpacing(1)
    for column, (name, widget, kind) in enumerate((("city", city, Kind.TEXT),
                                                   ("state", state, Kind.UPPER),
                                                   ("zip", zip_code, Kind.ZIP))):
        path = f"{prefix}.{name}"
        grid.addWidget(binder.add(path, widget, kind, detached=True), 2, column)
        messages.addWidget(binder.error_label(path))
    grid.addLayout(messages, 3, 0, 1, 3)
    grid.setColumnStretch(0, 1)
    return holder
