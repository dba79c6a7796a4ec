"""Open the practice database, create the demo practice on first run, describe the workspace."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app import paths
from app.store import repository as repo
from app.store.database import Database
from app.store.document_io import is_empty
from app.store.locking import WindowLock


@dataclass(frozen=True)
class WorkspaceInfo:
    """What the status bar shows."""

    path: Path
    practice_name: str
    mode: str  # "TEST" or "PRODUCTION"
    schema_revision: str


def open_database(path: Path | None = None) -> Database:
    """Open (and migrate) the practice database at ``path`` or the default location."""
    return Database(Path(path) if path else paths.default_db())


def open_for_window(path: Path | None = None) -> Database:
    """Open the database for the window: one window per database (the window lock).

    Command-line runs use ``open_database`` and work beside the window.

    Raises:
        EnvironmentProblem: another window holds the database (the message names its
            process), or the database cannot be opened.
    """
    target = Path(path) if path else paths.default_db()
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = WindowLock(target)
    lock.acquire()  # before migrating: two windows never migrate at once
    try:
        db = Database(target)
    except BaseException:
        lock.release()
        raise
    db.window_lock = lock
    return db


def needs_setup(db: Database) -> bool:
    """True when the database holds no practice yet (first run)."""
    with db.reading() as session:
        return is_empty(session)


def describe(db: Database) -> WorkspaceInfo:
    """Database path, practice name and test/production mode."""
    with db.reading() as session:
        practice = repo.get_practice(session)
        ch = repo.get_clearinghouse(session)
    mode = "PRODUCTION" if ch is not None and ch.usage == "P" else "TEST"
    return WorkspaceInfo(path=db.path, practice_name=practice.legal_name if practice else "",
                         mode=mode, schema_revision=db.schema_revision() or "")
