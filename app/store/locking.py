"""The window lock: one ClaimDesk window per practice database.

The window holds an exclusive ``flock`` on a sidecar file ``<db>.lock`` (its pid and program
are written inside). ``flock`` locks belong to the open file description, so closing some other
descriptor of the same file (a file dialog sniffing it) does not drop them, unlike the POSIX
record locks SQLite uses on the database itself. Command-line runs do not take the lock: they
work beside the window through WAL and the busy timeout; ``restore`` refuses while it is held.
"""

from __future__ import annotations

import fcntl
import os
import sys
from pathlib import Path

from app.domain.errors import EnvironmentProblem

LOCK_SUFFIX = ".lock"


def lock_path(db_path: Path) -> Path:
    """The sidecar lock file of the database at ``db_path``."""
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def _program() -> str:
    return Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"


def _describe(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    pid, _, program = text.partition(" ")
    if not pid.isdigit():
        return "another ClaimDesk process"
    return f"process {pid} ({program or 'unknown program'})"


class WindowLock:
    """An exclusive, non-blocking ``flock`` on ``<db>.lock``, held until ``release``."""

    def __init__(self, db_path: Path) -> None:
        self.path = lock_path(Path(db_path))
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock and write this process's pid and program into the file.

        Raises:
            EnvironmentProblem: another process holds it (the message names that process).
        """
        if self._fd is not None:
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise EnvironmentProblem(
                f"The practice database is already open in {_describe(self.path)}.",
                hint="Switch to that ClaimDesk window, or close it and try again.") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {_program()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        """Give the lock up (the file stays; an unlocked file means nobody holds it)."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


def holder(db_path: Path) -> str | None:
    """Who holds the window lock of ``db_path`` ("process 123 (claimdesk)"), or None.

    A lock held by this process through another ``WindowLock`` counts as held.
    """
    path = lock_path(Path(db_path))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _describe(path)
    finally:
        os.close(fd)
    return None
