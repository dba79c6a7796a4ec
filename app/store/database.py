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
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.domain.errors import EnvironmentProblem
from app.store import audit

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration bound to ``engine`` (no ini file needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


class Database:
    """One practice database file: engine, sessions and migrations."""

    def __init__(self, path: Path, *, migrate: bool = True) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(
            f"sqlite:///{self.path}", connect_args={"check_same_thread": False}
        )
        event.listen(self.engine, "connect", _set_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._lock = threading.Lock()
        if migrate:
            self.migrate()

    def migrate(self) -> None:
        """Bring the schema to the newest migration (creates it in an empty file)."""
        try:
            command.upgrade(alembic_config(self.engine), "head")
        except OperationalError as exc:
            raise EnvironmentProblem(f"Cannot open the database {self.path}: {exc.orig}") from exc

    def schema_revision(self) -> str | None:
        """The Alembic revision the database is at."""
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def head_revision(self) -> str | None:
        """The newest revision the code knows."""
        return ScriptDirectory.from_config(alembic_config(self.engine)).get_current_head()

    def session(self) -> Session:
        """A new session (caller closes it). Screens use ``reading``; writes use ``UnitOfWork``."""
        session = self._sessions()
        audit.install(session)
        return session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A short read-only session."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


class UnitOfWork:
    """One transaction: rollback unless ``commit()`` is reached, and exactly one commit.

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
        self.session = self.db.session()
        self.session.begin()
        return self

    def commit(self) -> None:
        """Commit the transaction (once)."""
        if self._committed:
            raise RuntimeError("a unit of work commits exactly once")
        try:
            self.session.commit()
        except OperationalError as exc:
            raise EnvironmentProblem(f"The database refused the change: {exc.orig}") from exc
        self._committed = True

    def __exit__(self, *exc_info: object) -> None:
        try:
            if not self._committed:
                self.session.rollback()
            self.session.close()
        finally:
            self.db._lock.release()
