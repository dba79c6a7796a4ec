"""File dialogs never open the files they list, so the window's SQLite locks hold."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QFileSystemModel
from pytestqt.qtbot import QtBot

from app.services import workspace
from app.ui.dialogs import files
from tests.builders import add_patient

ROOT = Path(__file__).resolve().parents[2]
COUNT = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
         "print(c.execute('SELECT count(*) FROM patients').fetchone()[0]); c.close()")


def _other_process_count(db_path: Path) -> int:
    """Another program opens the database, reads, and closes its connection."""
    out = subprocess.run([sys.executable, "-c", COUNT, str(db_path)], cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=60)
    return int(out.stdout)


def _posix_locks() -> set[str]:
    """The POSIX record locks this process holds (SQLite's), from /proc/locks."""
    pid = str(os.getpid())
    held = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "POSIX" in fields and pid in fields:
            held.add(" ".join(fields[fields.index(pid) + 1:]))  # inode and byte range
    return held


def _show_and_wait_listed(qtbot: QtBot, dialog: QFileDialog, name: str) -> None:
    dialog.show()
    model = dialog.findChild(QFileSystemModel)
    assert model is not None

    def listed() -> bool:
        index = model.index(str(Path(dialog.directory().absolutePath()) / name))
        return index.isValid() and bool(model.data(index.siblingAtColumn(2)))

    qtbot.waitUntil(listed, timeout=10_000)


def test_a_file_dialog_on_the_database_folder_leaves_the_window_locks_intact(
        qtbot: QtBot, tmp_path: Path) -> None:
    db = workspace.open_for_window(tmp_path / "practice.sqlite3")
    try:
        add_patient(db)
        wal = db.path.with_name(db.path.name + "-wal")
        assert wal.exists()
        locks = _posix_locks()
        assert locks  # the window's connection holds SQLite's locks
        dialog = files.file_dialog(None, "Import", tmp_path, "All files (*)",
                                   QFileDialog.FileMode.ExistingFile)
        qtbot.addWidget(dialog)
        for name in (db.path.name, wal.name, wal.name.replace("-wal", "-shm")):
            _show_and_wait_listed(qtbot, dialog, name)
        assert _posix_locks() == locks  # no descriptor of the database files was closed
        assert _other_process_count(db.path) == 1
        assert wal.exists()  # the other program's close did not take the WAL away
        add_patient(db, last="Second", account="T0002")
        assert _other_process_count(db.path) == 2  # the window's commit is visible
        model = dialog.findChild(QFileSystemModel)
        assert model is not None
        assert model.data(model.index(str(db.path)).siblingAtColumn(2)) == "SQLITE3 File"
        dialog.close()
    finally:
        db.dispose()


def test_the_dialog_hides_sqlite_side_files(qtbot: QtBot, tmp_path: Path) -> None:
    for name in ("a.sqlite3", "a.sqlite3-wal", "a.sqlite3-shm", "a.sqlite3.lock", "x.835"):
        (tmp_path / name).write_text("synthetic")
    dialog = files.file_dialog(None, "Open", tmp_path, "All files (*)",
                               QFileDialog.FileMode.ExistingFile)
    qtbot.addWidget(dialog)
    for name in ("a.sqlite3", "a.sqlite3-wal", "a.sqlite3-shm", "a.sqlite3.lock", "x.835"):
        _show_and_wait_listed(qtbot, dialog, name)
    proxy = dialog.proxyModel()
    root = proxy.mapFromSource(dialog.findChild(QFileSystemModel).index(str(tmp_path)))  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: proxy.rowCount(root) == 2, timeout=10_000)
    shown = sorted(str(proxy.index(r, 0, root).data()) for r in range(proxy.rowCount(root)))
    assert shown == ["a.sqlite3", "x.835"]
    dialog.close()


def test_each_dialog_starts_in_the_folder_last_used_for_its_purpose(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    default, used, other = (tmp_path / n for n in ("exports", "eras", "letters"))
    for folder in (default, used, other):
        folder.mkdir()
    started: list[Path] = []
    answers: list[list[Path]] = [[used / "a.835"], [], [other / "x.pdf"], [], []]

    def run(dialog: QFileDialog) -> list[Path]:
        started.append(Path(dialog.directory().absolutePath()))
        dialog.deleteLater()
        return answers.pop(0)

    monkeypatch.setattr(files, "_run", run)
    assert files.ask_open_path(None, "Import an ERA (835)", default, "*") == used / "a.835"
    assert files.ask_open_path(None, "Import an ERA (835)", default, "*") is None
    assert started[-1] == used  # the ERA dialog comes back to the ERA folder
    assert files.ask_save_path(None, "Save the appeal letter", default / "appeal.pdf",
                               "*") == other / "x.pdf"
    assert started[-1] == default  # another purpose: its own default until used
    files.ask_save_path(None, "Save the appeal letter", default / "appeal-2.pdf", "*")
    assert started[-1] == other
    other.rmdir()  # a remembered folder that is gone: back to the default
    files.ask_save_path(None, "Save the appeal letter", default / "appeal-3.pdf", "*")
    assert started[-1] == default
