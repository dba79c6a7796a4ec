"""One window per database; command-line work and backups go on beside it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from app.domain.errors import EnvironmentProblem
from app.services import backup, workspace
from app.store import database
from app.store.database import UnitOfWork
from tests.builders import add_patient

ROOT = Path(__file__).resolve().parents[2]
WINDOW = """
import sys
from app.services import workspace
db = workspace.open_for_window(sys.argv[1])
print("open", flush=True)
sys.stdin.readline()
db.dispose()
"""


@pytest.mark.subprocess
def test_a_second_window_is_refused_naming_the_process(db_path: Path, tmp_path: Path) -> None:
    window = subprocess.Popen([sys.executable, "-c", WINDOW, str(db_path)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert window.stdout is not None and window.stdout.readline() == "open\n"
        with pytest.raises(EnvironmentProblem) as refused:
            workspace.open_for_window(db_path)
        assert f"process {window.pid} (-c)" in refused.value.message
        cli = workspace.open_database(db_path)  # the command line works beside the window
        add_patient(cli)
        assert backup.backup(cli, tmp_path / "while-open.sqlite3") > 0
        cli.dispose()
    finally:
        assert window.stdin is not None
        window.communicate("close\n", timeout=60)
    workspace.open_for_window(db_path).dispose()  # free again once the window closed


def test_a_busy_database_is_a_clear_message_not_a_traceback(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    db = workspace.open_database(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with pytest.raises(EnvironmentProblem, match="busy") as caught, UnitOfWork(db) as uow:
            uow.session.execute(text("INSERT INTO settings (key, value) VALUES ('k', 'v')"))
        assert caught.value.hint == "Try again in a moment."
    finally:
        other.execute("ROLLBACK")
        other.close()
        db.dispose()
