"""File and folder dialogs that never open the files they list.

Qt's file dialogs sniff MIME types by opening files in the listed folder. Closing any
descriptor of a file drops every POSIX lock this process holds on it, SQLite's included, and
SQLite then deletes the ``-wal``/``-shm`` of a database the window still has open. So every
dialog of ``app.ui`` is built here: Qt's own (non-native) dialog, an icon provider that decides
icon and type from the file name alone, and SQLite's side files hidden from the list.

Each dialog remembers the last folder per purpose (``purpose``, by default its title) in
``QSettings`` (``ui_state.last_folder``) and starts there next time.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileInfo, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFileIconProvider,
    QFileSystemModel,
    QStyle,
    QWidget,
)

from app.ui import ui_state

HIDDEN_SUFFIXES = ("-wal", "-shm", "-journal", ".lock", ".part", ".restoring")


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from the file name only: files are never opened to look inside."""

    def icon(self, what: object) -> QIcon:  # type: ignore[override]
        style = QApplication.style()
        if isinstance(what, QFileInfo):
            pixmap = (QStyle.StandardPixmap.SP_DirIcon if what.isDir()
                      else QStyle.StandardPixmap.SP_FileIcon)
            return style.standardIcon(pixmap)
        if what == QFileIconProvider.IconType.Folder:
            return style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        return style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} File" if suffix else "File"


class HideSideFiles(QSortFilterProxyModel):
    """Leaves SQLite's journal and lock files (and half-written copies) out of the list."""

    def filterAcceptsRow(self, row: int,  # noqa: N802
                         parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        name = str(model.index(row, 0, parent).data())
        if isinstance(model, QFileSystemModel) and model.isDir(model.index(row, 0, parent)):
            return True
        return not name.endswith(HIDDEN_SUFFIXES)


def file_dialog(parent: QWidget | None, title: str, start: Path, file_filter: str,
                mode: QFileDialog.FileMode,
                accept: QFileDialog.AcceptMode = QFileDialog.AcceptMode.AcceptOpen
                ) -> QFileDialog:
    """A configured, not yet shown file dialog (tests show it without blocking)."""
    dialog = QFileDialog(parent, title, str(start), file_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
    provider = NameOnlyIconProvider()
    dialog.setIconProvider(provider)
    dialog.setProxyModel(HideSideFiles(dialog))
    dialog.setFileMode(mode)
    dialog.setAcceptMode(accept)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setProperty("claimdesk_icon_provider", provider)  # keep the Python object alive
    dialog._claimdesk_provider = provider  # type: ignore[attr-defined]
    return dialog


def _run(dialog: QFileDialog) -> list[Path]:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return []
        return [Path(name) for name in dialog.selectedFiles() if name]
    finally:
        dialog.deleteLater()


def _key(title: str, purpose: str | None) -> str:
    """The QSettings key a dialog's last folder is kept under."""
    if purpose:
        return purpose
    return "dialog-" + "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())


def _start(key: str, folder: Path) -> Path:
    """The remembered folder for ``key`` if it still exists, else ``folder``."""
    remembered = Path(ui_state.last_folder(key, ""))
    return remembered if str(remembered) not in ("", ".") and remembered.is_dir() else folder


def _remember(key: str, chosen: list[Path], *, folder: bool = False) -> list[Path]:
    if chosen:
        ui_state.set_last_folder(key, str(chosen[0] if folder else chosen[0].parent))
    return chosen


def ask_open_path(parent: QWidget | None, title: str, folder: Path,
                  file_filter: str, *, purpose: str | None = None) -> Path | None:
    """Ask for an existing file to read; None when the user cancels."""
    key = _key(title, purpose)
    chosen = _remember(key, _run(file_dialog(parent, title, _start(key, folder), file_filter,
                                             QFileDialog.FileMode.ExistingFile)))
    return chosen[0] if chosen else None


def ask_open_paths(parent: QWidget | None, title: str, folder: Path,
                   file_filter: str, *, purpose: str | None = None) -> list[Path]:
    """Ask for one or more existing files; empty when the user cancels."""
    key = _key(title, purpose)
    return _remember(key, _run(file_dialog(parent, title, _start(key, folder), file_filter,
                                           QFileDialog.FileMode.ExistingFiles)))


def ask_save_path(parent: QWidget | None, title: str, default: Path,
                  file_filter: str, *, purpose: str | None = None) -> Path | None:
    """Ask where to save (``default``'s name in the remembered folder); None when cancelled."""
    key = _key(title, purpose)
    start = _start(key, default.parent) / default.name if default.name else default
    chosen = _remember(key, _run(file_dialog(parent, title, start, file_filter,
                                             QFileDialog.FileMode.AnyFile,
                                             QFileDialog.AcceptMode.AcceptSave)))
    return chosen[0] if chosen else None


def ask_folder(parent: QWidget | None, title: str, folder: Path, *,
               purpose: str | None = None) -> Path | None:
    """Ask for a folder; None when the user cancels."""
    key = _key(title, purpose)
    chosen = _remember(key, _run(file_dialog(parent, title, _start(key, folder), "",
                                             QFileDialog.FileMode.Directory)), folder=True)
    return chosen[0] if chosen else None
