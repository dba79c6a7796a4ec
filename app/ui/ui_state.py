"""Window geometry, header and splitter state in QSettings: one key per widget."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QWidget

ORGANIZATION = "ClaimDesk"
APPLICATION = "ClaimDesk"


def settings() -> QSettings:
    return QSettings(ORGANIZATION, APPLICATION)


def _bytes(key: str) -> QByteArray | None:
    value = settings().value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def save_geometry(widget: QWidget, key: str) -> None:
    settings().setValue(f"{key}/geometry", widget.saveGeometry())


def restore_geometry(widget: QWidget, key: str) -> bool:
    data = _bytes(f"{key}/geometry")
    return data is not None and widget.restoreGeometry(data)


def save_window(window: QMainWindow, key: str) -> None:
    save_geometry(window, key)
    settings().setValue(f"{key}/state", window.saveState())


def restore_window(window: QMainWindow, key: str) -> bool:
    restored = restore_geometry(window, key)
    state = _bytes(f"{key}/state")
    if state is not None:
        window.restoreState(state)
    return restored


def save_header(header: QHeaderView, key: str) -> None:
    settings().setValue(f"{key}/header", header.saveState())


def restore_header(header: QHeaderView, key: str) -> bool:
    data = _bytes(f"{key}/header")
    return data is not None and header.restoreState(data)


def save_splitter(splitter: QSplitter, key: str) -> None:
    settings().setValue(f"{key}/splitter", splitter.saveState())


def restore_splitter(splitter: QSplitter, key: str) -> bool:
    data = _bytes(f"{key}/splitter")
    return data is not None and splitter.restoreState(data)


def last_folder(key: str, default: str) -> str:
    value = settings().value(f"folders/{key}")
    return value if isinstance(value, str) and value else default


def set_last_folder(key: str, folder: str) -> None:
    settings().setValue(f"folders/{key}", folder)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to ``width`` x ``height``, but never past the screen's available area.

    At 1366x768 the taskbar and title bar leave about 1366x728; a fixed size bigger than that
    puts the status bar and dialog buttons off-screen.
    """
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        width, height = min(width, area.width()), min(height, area.height() - 40)
    widget.resize(width, height)
