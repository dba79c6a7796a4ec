"""Backup and restore: a restore checks the backup in a new file and never wipes the practice."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from app.domain.errors import ClaimDeskError, EnvironmentProblem, UserError
from app.services import backup
from app.store.database import Database
from app.store.locking import WindowLock
from tests.builders import add_patient


def _content(path: Path) -> str:
    """A digest of everything the database holds, read through SQLite."""
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def _bent_backup(db: Database, tmp_path: Path, *sql: str) -> Path:
    out = tmp_path / "bent.sqlite3"
    backup.backup(db, out)
    conn = sqlite3.connect(out)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return out


@pytest.fixture
def live(db: Database) -> Database:
    add_patient(db, last="Livingston", account="LIVE1")
    return db


def _refused(live: Database, source: Path, tmp_path: Path,
             error: type[ClaimDeskError] = UserError) -> str:
    before = _content(live.path)
    safety = tmp_path / "safety"
    safety.mkdir(exist_ok=True)
    with pytest.raises(error) as caught:
        backup.restore(live, source, safety)
    assert _content(live.path) == before
    assert list(safety.iterdir()) == []
    assert not live.path.with_name(live.path.name + ".restoring").exists()
    live.check()  # still opens
    return caught.value.message


def test_backup_then_restore_brings_the_data_back_and_keeps_a_safety_copy(
        demo_db: Database, tmp_path: Path) -> None:
    saved = tmp_path / "saved.sqlite3"
    backup.backup(demo_db, saved)
    expected = _content(saved)
    add_patient(demo_db, last="Afterwards", account="LATE1")
    changed = _content(demo_db.path)
    report = backup.restore(demo_db, saved, tmp_path)
    assert _content(demo_db.path) == expected
    assert report.counts["patients"] == 60 and report.counts["claims"] > 0
    assert report.safety_copy is not None and _content(report.safety_copy) == changed
    assert not any(p.name.endswith((".part", ".restoring")) for p in tmp_path.iterdir())


def test_a_failed_backup_leaves_no_part_file(live: Database, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from app.store import backup_files

    monkeypatch.setattr(backup_files, "integrity", lambda _path: "page 3 is damaged")
    out = tmp_path / "b.sqlite3"
    with pytest.raises(EnvironmentProblem, match="integrity"):
        backup.backup(live, out)
    assert list(tmp_path.glob("b.sqlite3*")) == []
    with pytest.raises(EnvironmentProblem, match="could not be written"):
        backup.backup(live, tmp_path / "no-such-folder" / "b.sqlite3")


@pytest.mark.parametrize(("bend", "words"), [
    (["UPDATE alembic_version SET version_num = '0099future'"], "0099future"),
    (["DROP TABLE alembic_version"], "no migration table"),
    (["DROP TRIGGER ledger_no_update"], "ledger_no_update"),
    (["DROP TRIGGER audit_no_delete"], "audit_no_delete"),
    (["ALTER TABLE patients DROP COLUMN phone"], "do not match"),
])
def test_a_bent_backup_is_refused_and_the_practice_untouched(
        live: Database, tmp_path: Path, bend: list[str], words: str) -> None:
    assert words in _refused(live, _bent_backup(live, tmp_path, *bend), tmp_path)


def test_a_foreign_sqlite_file_with_the_right_table_names_is_refused(
        live: Database, tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    names = [r[0] for r in sqlite3.connect(live.path).execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")]
    for name in names:
        conn.execute(f'CREATE TABLE "{name}" (id INTEGER PRIMARY KEY, version_num TEXT)')
    conn.execute("INSERT INTO alembic_version (version_num) VALUES ('0001')")
    conn.commit()
    conn.close()
    assert "foreign.sqlite3 was not restored" in _refused(live, foreign, tmp_path)


def test_junk_and_missing_files_are_refused(live: Database, tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 300)
    assert "not a usable SQLite database" in _refused(live, junk, tmp_path)
    assert "not found" in _refused(live, tmp_path / "none.sqlite3", tmp_path)


def test_an_older_schema_is_migrated_in_the_new_file(live: Database, tmp_path: Path) -> None:
    from alembic import command

    from app.store.database import alembic_config

    old_path = tmp_path / "old.sqlite3"
    old = Database(old_path, migrate=False)
    command.upgrade(alembic_config(old.engine), "0001")  # a practice from the first release
    old.dispose()
    report = backup.restore(live, old_path, tmp_path)
    assert report.revision == "0001"
    assert live.schema_revision() == live.head_revision()
    live.check()


def test_restore_is_refused_while_a_window_holds_the_practice(
        live: Database, tmp_path: Path) -> None:
    good = _bent_backup(live, tmp_path)
    window = WindowLock(live.path)
    window.acquire()
    try:
        message = _refused(live, good, tmp_path, EnvironmentProblem)
    finally:
        window.release()
    assert f"process {os.getpid()}" in message


def test_the_window_itself_may_restore(live: Database, tmp_path: Path) -> None:
    good = _bent_backup(live, tmp_path)
    live.hold_window_lock()
    backup.restore(live, good, tmp_path)
    assert live.window_lock.held

