"""Online backup and integrity-checked restore of the practice database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.domain.errors import UserError
from app.store.database import Database


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()


def backup(db: Database, out: Path) -> int:
    """Copy the live database to ``out`` with SQLite's online backup; returns its size.

    Raises:
        UserError: the copy failed its integrity check.
    """
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    tmp.unlink(missing_ok=True)
    source = sqlite3.connect(db.path)
    target = sqlite3.connect(tmp)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
        source.close()
    result = _integrity(tmp)
    if result != "ok":
        tmp.unlink(missing_ok=True)
        raise UserError(f"The backup failed its integrity check: {result}")
    tmp.replace(out)
    return out.stat().st_size


def restore(db: Database, source: Path) -> None:
    """Replace the live database with the backup at ``source`` after checking it.

    Raises:
        UserError: the file is missing, not a ClaimDesk database or damaged.
    """
    source = Path(source)
    if not source.is_file():
        raise UserError(f"Backup file not found: {source}")
    result = _integrity(source)
    if result != "ok":
        raise UserError(f"{source.name} is not a usable database: {result}")
    probe = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in probe.execute("SELECT name FROM sqlite_master")}
    finally:
        probe.close()
    if not {"practice", "patients", "ledger_entries"} <= tables:
        raise UserError(f"{source.name} is not a ClaimDesk backup.")
    db.dispose()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(db.path)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    db.migrate()
