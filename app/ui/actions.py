"""Every keyboard shortcut in one table, and a helper that turns rows into QActions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class Shortcut:
    """One named action with its key sequence and a description for menus and tooltips."""

    name: str
    keys: str
    text: str
    description: str


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("go_coding", "Ctrl+1", "&Coding", "Show the coding work queue"),
    Shortcut("go_billing", "Ctrl+2", "&Billing", "Show the claim list"),
    Shortcut("go_patients", "Ctrl+3", "&Patients", "Show the patient list"),
    Shortcut("go_settings", "Ctrl+4", "&Settings", "Practice, providers, payers, clearinghouse"),
    Shortcut("find", "Ctrl+F", "&Find", "Focus the search or filter box of the page"),
    Shortcut("new_patient", "Ctrl+N", "&New patient...", "Register a new patient"),
    Shortcut("refresh", "F5", "&Refresh", "Reload the current page from the database"),
    Shortcut("save", "Ctrl+S", "&Save", "Save the form"),
    Shortcut("save_close", "Ctrl+Return", "Save && &Close", "Save the form and close it"),
    Shortcut("backup", "Ctrl+Shift+B", "&Backup...", "Copy the database to a backup file"),
    Shortcut("export_json", "Ctrl+Shift+E", "&Export JSON...", "Write the whole practice as JSON"),
    Shortcut("quit", "Ctrl+Q", "&Quit", "Close ClaimDesk"),
)

_BY_NAME = {s.name: s for s in SHORTCUTS}


def shortcut(name: str) -> Shortcut:
    """The table row named ``name`` (KeyError for an unknown name)."""
    return _BY_NAME[name]


def key_sequence(name: str) -> QKeySequence:
    return QKeySequence(_BY_NAME[name].keys)


def make_action(parent: QWidget, name: str, slot: Callable[[], object] | None = None,
                *, widget_scope: bool = False) -> QAction:
    """A QAction for table row ``name``, added to ``parent`` so its shortcut works there."""
    row = _BY_NAME[name]
    action = QAction(row.text, parent)
    action.setObjectName(f"action_{name}")
    action.setShortcut(QKeySequence(row.keys))
    action.setToolTip(f"{row.description} ({row.keys})")
    action.setStatusTip(row.description)
    if widget_scope:
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    if slot is not None:
        action.triggered.connect(slot)
    parent.addAction(action)
    return action
