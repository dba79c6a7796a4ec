"""Engine, pragmas, schema migrations and the unit of work."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.domain.errors import EnvironmentProblem
from app.store import audit
from app.store.locking import WindowLock
from app.store.schema_check import check_triggers

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
_WRITE = "claimdesk_write"


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # The driver's own implicit transactions are switched off: SQLAlchemy's "begin" event
    # below emits BEGIN, so DDL (migrations) is transactional and writers start IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _begin(conn: Connection) -> None:
    # A writer takes the write lock at BEGIN, so two writers wait (busy timeout) for each
    # other instead of one failing when its read transaction upgrades.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE)
                         else "BEGIN")


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite's "database is locked" / "busy"."""
    orig = getattr(exc, "orig", exc)
    text = str(orig).lower()
    return isinstance(orig, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def busy_problem() -> EnvironmentProblem:
    """The message for a database another process kept busy past the timeout."""
    return EnvironmentProblem(
        "The practice database is busy: another ClaimDesk program is writing to it.",
        hint="Try again in a moment.")


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration bound to ``engine`` (no ini file needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def known_revisions() -> set[str]:
    """Every migration revision this version of ClaimDesk knows."""
    script = ScriptDirectory.from_config(alembic_config(create_engine("sqlite://")))
    return {rev.revision for rev in script.walk_revisions()}


class Database:
    """One practice database file: engine, sessions and migrations.

    Opening checks that the append-only triggers of the ledger and the audit log are present
    (``schema_check.check_triggers``) and refuses the file otherwise.
    """

    def __init__(self, path: Path, *, migrate: bool = True) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(
            f"sqlite:///{self.path}", connect_args={"check_same_thread": False}
        )
        event.listen(self.engine, "connect", _set_pragmas)
        event.listen(self.engine, "begin", _begin)
        self.write_engine = self.engine.execution_options(**{_WRITE: True})
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self.write_engine, expire_on_commit=False)
        self._lock = threading.Lock()
        self.window_lock = WindowLock(self.path)
        if migrate:
            self.migrate()
            self.check()

    def migrate(self) -> None:
        """Bring the schema to the newest migration (creates it in an empty file).

        All migrations run in one transaction: a kill leaves the previous state.

        Raises:
            EnvironmentProblem: the file is not a database, is busy, or its schema is newer
                than this version of ClaimDesk.
        """
        try:
            current = self.schema_revision()
            if current is not None and current not in known_revisions():
                raise EnvironmentProblem(
                    f"The database {self.path.name} has schema revision {current}, which this "
                    "version of ClaimDesk does not know (a newer version made it).",
                    hint="Install the newer ClaimDesk to open it.")
            command.upgrade(alembic_config(self.write_engine), "head")
        except OperationalError as exc:
            if is_busy(exc):
                raise busy_problem() from exc
            raise EnvironmentProblem(f"Cannot open the database {self.path}: {exc.orig}") from exc
        except sqlite3.DatabaseError as exc:
            raise EnvironmentProblem(f"Cannot open the database {self.path}: {exc}") from exc

    def check(self) -> None:
        """Refuse the database when its ledger or audit triggers are missing.

        Raises:
            EnvironmentProblem: names the missing trigger.
        """
        with self.engine.connect() as conn:
            check_triggers(conn, f"The database {self.path.name}")

    def schema_revision(self) -> str | None:
        """The Alembic revision the database is at."""
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def head_revision(self) -> str | None:
        """The newest revision the code knows."""
        return ScriptDirectory.from_config(alembic_config(self.engine)).get_current_head()

    def hold_window_lock(self) -> None:
        """Take the window lock (one window per database) until ``dispose``.

        Raises:
            EnvironmentProblem: another process holds it; the message names it.
        """
        self.window_lock.acquire()

    def session(self) -> Session:
        """A new session (caller closes it). Screens use ``reading``; writes use ``UnitOfWork``."""
        session = self._sessions()
        audit.install(session)
        return session

    def write_session(self) -> Session:
        """A new audited session whose transaction starts with ``BEGIN IMMEDIATE``."""
        session = self._write_sessions()
        audit.install(session)
        return session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A short read-only session."""
        session = self._sessions()
        try:
            yield session
        except OperationalError as exc:
            if is_busy(exc):
                raise busy_problem() from exc
            raise
        finally:
            session.rollback()
            session.close()

    def dispose(self) -> None:
        """Close every pooled connection and give up the window lock."""
        self.engine.dispose()
        self.window_lock.release()


class UnitOfWork:
    """One transaction: rollback unless ``commit()`` is reached, and exactly one commit.

    The transaction starts with ``BEGIN IMMEDIATE``; a database kept busy by another process
    past the busy timeout ends in ``EnvironmentProblem`` ("busy, try again").

    Usage::

        with UnitOfWork(db) as uow:
            uow.session.add(...)
            uow.commit()
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self.session: Session
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        self.db._lock.acquire()  # one writer at a time within this process
        self.session = self.db.write_session()
        self.session.begin()
        return self

    def commit(self) -> None:
        """Commit the transaction (once)."""
        if self._committed:
            raise RuntimeError("a unit of work commits exactly once")
        try:
            self.session.commit()
        except OperationalError as exc:
            if is_busy(exc):
                raise busy_problem() from exc
            raise EnvironmentProblem(f"The database refused the change: {exc.orig}") from exc
        self._committed = True

    def __exit__(self, exc_type: object, exc: BaseException | None, _tb: object) -> None:
        try:
            if not self._committed:
                self.session.rollback()
            self.session.close()
        finally:
            self.db._lock.release()
        if isinstance(exc, OperationalError) and is_busy(exc):
            raise busy_problem() from exc
