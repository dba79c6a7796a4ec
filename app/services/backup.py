"""Online backup and checked restore of the practice database.

Both go through SQLite only (``app.store.backup_files``): the window can stay open during a
backup, and a restore checks the backup in a new file before anything is replaced.
"""

from __future__ import annotations

from pathlib import Path

from app.store.backup_files import RestoreReport, backup_to, restore_from
from app.store.database import Database

__all__ = ["RestoreReport", "backup", "restore"]


def backup(db: Database, out: Path) -> int:
    """Copy the live database to ``out`` with SQLite's online backup; returns its size.

    Raises:
        EnvironmentProblem: the copy could not be written or failed its integrity check
            (no ``.part`` file is left behind).
    """
    return backup_to(db, Path(out))


def restore(db: Database, source: Path, safety_folder: Path | None = None) -> RestoreReport:
    """Replace the live database with the backup at ``source`` after checking it.

    The replaced database is kept as a dated safety copy in ``safety_folder`` (default: a
    ``backups`` folder beside the practice database).

    Raises:
        UserError: the file is missing, not a ClaimDesk practice, damaged, of a newer schema
            or lacking its safety triggers; the live database is untouched.
        EnvironmentProblem: another ClaimDesk window holds the practice.
    """
    folder = safety_folder or db.path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return restore_from(db, Path(source), folder)
