"""Backup and restore of the practice database file, through SQLite only.

Nothing here opens the database file (or its ``-wal``/``-shm``) except SQLite: copies use the
online backup API, so the POSIX locks of a window that has the database open stay intact.
A restore is checked in a new file first and swapped in with ``os.replace`` only when it is a
sound ClaimDesk practice; the replaced database is kept as a dated safety copy.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from app.domain.errors import EnvironmentProblem, UserError
from app.store.database import Database, known_revisions
from app.store.locking import holder
from app.store.schema_check import table_names
from app.store.tables import Base

SIDE_FILES = ("-wal", "-shm", "-journal")
COUNTED = ("patients", "encounters", "claims", "ledger_entries", "audit_log")


@dataclass(frozen=True)
class RestoreReport:
    """What a restore did: the backup's schema revision, row counts, the safety copy."""

    revision: str
    counts: dict[str, int] = field(default_factory=dict)
    safety_copy: Path | None = None


def _remove(path: Path) -> None:
    for suffix in ("", *SIDE_FILES):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def copy_database(source: Path, target: Path, *, read_only: bool = False) -> None:
    """Copy ``source`` into ``target`` (replaced) with SQLite's backup API, in rollback mode.

    Raises:
        sqlite3.DatabaseError: ``source`` is not a readable SQLite database.
    """
    _remove(target)
    uri = f"file:{source}?mode=ro" if read_only else f"file:{source}"
    src = sqlite3.connect(uri, uri=True, timeout=30)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def integrity(path: Path) -> str:
    """``PRAGMA integrity_check`` of the file (``ok`` when sound), or SQLite's complaint."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        return "; ".join(str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchmany(3))
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()


def backup_to(db: Database, out: Path) -> int:
    """Copy the live database to ``out`` (``out.part`` first, then an atomic rename).

    Works while the window has the database open. A failure leaves neither ``out`` changed
    nor a ``.part`` file behind. Returns the size of ``out`` in bytes.

    Raises:
        EnvironmentProblem: the copy could not be written or failed its integrity check.
    """
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    try:
        copy_database(db.path, tmp)
        result = integrity(tmp)
        if result != "ok":
            raise EnvironmentProblem(f"The backup {out.name} failed its integrity check: "
                                     f"{result}")
        os.replace(tmp, out)
    except (OSError, sqlite3.Error) as exc:
        raise EnvironmentProblem(f"The backup {out.name} could not be written: {exc}") from exc
    finally:
        _remove(tmp)
    return out.stat().st_size


def _refuse(source: Path, why: str) -> UserError:
    return UserError(f"{source.name} was not restored: {why}",
                     hint="The practice database was left unchanged.")


def _check_candidate(source: Path, candidate: Path) -> str:
    """Checks that need no migration; returns the candidate's schema revision."""
    result = integrity(candidate)
    if result != "ok":
        raise _refuse(source, f"it failed the integrity check ({result}).")
    conn = sqlite3.connect(candidate)
    try:
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            raise _refuse(source, "it has no migration table (alembic_version), so it is not "
                                  "a ClaimDesk practice database.")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        conn.close()
    revision = str(row[0]) if row else ""
    if revision not in known_revisions():
        raise _refuse(source, f"its schema revision {revision or '(none)'} is unknown to this "
                              "version of ClaimDesk (a newer version made it).")
    return revision


def _migrate_and_count(source: Path, candidate: Path) -> dict[str, int]:
    """Migrate the candidate in place, compare it to the models, check its triggers."""
    cand = Database(candidate, migrate=False)
    try:
        cand.migrate()
        with cand.engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            if diffs:
                raise _refuse(source, "its tables do not match a ClaimDesk practice "
                                      f"({_first_diff(diffs)}).")
            cand.check()
            present = table_names(conn)
            return {name: int(conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one())
                    for name in COUNTED if name in present}
    except EnvironmentProblem as exc:
        raise _refuse(source, exc.message) from exc
    finally:
        cand.dispose()


def _first_diff(diffs: list[object]) -> str:
    first = diffs[0]
    while isinstance(first, list | tuple) and first and isinstance(first[0], list | tuple):
        first = first[0]
    if isinstance(first, tuple) and len(first) > 1:
        kind, what = first[0], first[1]
        name = getattr(what, "name", "")
        table = getattr(getattr(what, "table", None), "name", "")
        return f"{kind} {table + '.' if table else ''}{name}".strip()
    return str(first)[:80]


def _safety_copy(db: Database, folder: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{db.path.stem}-before-restore-{stamp}{db.path.suffix}"
    tmp = target.with_name(target.name + ".part")
    try:
        copy_database(db.path, tmp)
        os.replace(tmp, target)
    finally:
        _remove(tmp)
    return target


def _swap(db: Database, candidate: Path) -> None:
    """Replace the live file with ``candidate``: the old WAL is folded in and removed first."""
    db.engine.dispose()
    conn = sqlite3.connect(db.path, timeout=2, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise EnvironmentProblem("Another ClaimDesk program has the practice database open.",
                                     hint="Close it and restore again; nothing was changed.")
        conn.execute("BEGIN EXCLUSIVE")  # nobody opens the old file while it is swapped
        for suffix in SIDE_FILES:
            db.path.with_name(db.path.name + suffix).unlink(missing_ok=True)
        os.replace(candidate, db.path)
    except sqlite3.OperationalError as exc:
        raise EnvironmentProblem("Another ClaimDesk program has the practice database open.",
                                 hint="Close it and restore again; nothing was changed.") from exc
    finally:
        conn.close()


def restore_from(db: Database, source: Path, safety_folder: Path) -> RestoreReport:
    """Replace the practice database with the backup at ``source``, after checking it.

    The backup is copied into ``<db>.restoring`` and checked there (integrity, migration
    table, known revision, migrated to the newest schema, tables equal to the models, the
    append-only triggers). Only then is the live database copied to a dated safety copy in
    ``safety_folder`` and the checked file swapped in with ``os.replace``.

    Raises:
        UserError: the file is missing or not a sound ClaimDesk practice (nothing changed).
        EnvironmentProblem: another process holds the practice (nothing changed).
    """
    source = Path(source)
    if not source.is_file():
        raise UserError(f"Backup file not found: {source}")
    who = None if db.window_lock.held else holder(db.path)
    if who is not None:
        raise EnvironmentProblem(f"The practice database is open in {who}; it was not replaced.",
                                 hint="Close that ClaimDesk window and restore again.")
    candidate = db.path.with_name(db.path.name + ".restoring")
    try:
        try:
            copy_database(source, candidate, read_only=True)
        except sqlite3.Error as exc:
            raise _refuse(source, f"it is not a usable SQLite database ({exc}).") from exc
        revision = _check_candidate(source, candidate)
        counts = _migrate_and_count(source, candidate)
        _to_rollback_mode(candidate)
        safety = _safety_copy(db, safety_folder)
        _swap(db, candidate)
    finally:
        _remove(candidate)
    db.check()
    return RestoreReport(revision=revision, counts=counts, safety_copy=safety)


def _to_rollback_mode(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
