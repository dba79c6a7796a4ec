"""Shared plumbing for the all-or-nothing, idempotent code-set file imports."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.codesets import index_db
from app.domain.errors import Cancelled, ImportRejected, Problem

#: Stop collecting after this many problems (a wrong file would list millions).
MAX_PROBLEMS = 500


class Problems:
    """Collects every problem of one import, up to ``MAX_PROBLEMS`` plus a count of the rest."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[Problem] = []
        self.dropped = 0

    def add(self, line: int | None, field: str, message: str) -> None:
        """Record one problem.

        Args:
            line: 1-based line (or record) number in the file.
            field: the column concerned.
            message: plain sentence.
        """
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(self.source, field, message, line))
        else:
            self.dropped += 1

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        """Raise ``ImportRejected`` carrying every problem found.

        Raises:
            ImportRejected: at least one problem was recorded.
        """
        if not self.items:
            return
        items = list(self.items)
        if self.dropped:
            items.append(Problem(self.source, "", f"{self.dropped:,} more problems not listed."))
        raise ImportRejected(items)


def parse_yyyymmdd(text: str) -> int | None:
    """Check an 8-digit ``YYYYMMDD`` date and return it as an integer, ``None`` if invalid.

    Args:
        text: the field, already stripped.

    Returns:
        The integer date or ``None`` when it is not a real date.
    """
    if len(text) != 8 or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    try:
        dt.date(value // 10000, value // 100 % 100, value % 100)
    except ValueError:
        return None
    return value


def already_imported(conn: sqlite3.Connection, kind: str, sha256: str) -> str | None:
    """The version recorded for a file with this hash, or ``None`` if it is new.

    Args:
        conn: imports database.
        kind: import kind.
        sha256: the file's hash.

    Returns:
        The recorded version or ``None``.
    """
    row = conn.execute(
        "SELECT version FROM imports WHERE kind = ? AND sha256 = ?", (kind, sha256)
    ).fetchone()
    return row[0] if row else None


def record_import(conn: sqlite3.Connection, kind: str, path: Path, sha256: str,
                  version: str, rows: int) -> None:
    """Add one row to the import history (inside the import's transaction).

    Args:
        conn: imports database.
        kind: ``hcpcs``, ``ncci_ptp`` or ``mue``.
        path: the imported file.
        sha256: its hash (UNIQUE with kind: the database refuses a double import).
        version: release / quarter recorded.
        rows: data rows stored.
    """
    conn.execute(
        "INSERT INTO imports (kind, file_name, sha256, version, rows, imported_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (kind, path.name, sha256, version, rows,
         dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
    )


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: commit at the end, roll back on any exception.

    Args:
        conn: an autocommit-mode connection.

    Yields:
        The same connection, inside ``BEGIN IMMEDIATE``.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def open_for_import(db_path: Path) -> sqlite3.Connection:
    """Open the imports database for a write job.

    Args:
        db_path: imports database file.

    Returns:
        A fresh connection (the caller closes it).
    """
    return index_db.connect_imports(db_path)


def read_text_lines(path: Path) -> Iterator[str]:
    """Stream a Latin-1 text file line by line without the line ending.

    Args:
        path: the file.

    Yields:
        Lines without their line ending.
    """
    with path.open(encoding="latin-1", newline="") as handle:
        for line in handle:
            yield line.rstrip("\r\n")


def whole_number(text: str, limit: int = 10**9) -> int | None:
    """An ASCII whole number below ``limit`` (``²`` and ``1e3`` are not), ``None`` otherwise.

    Args:
        text: the field, already stripped.
        limit: the first value refused (the store holds 64-bit integers).

    Returns:
        The number or ``None``.
    """
    if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if value < limit else None


def csv_rows(reader: Any, source: str) -> Iterator[list[str] | dict[str, str]]:
    """Iterate a ``csv`` reader; a malformed line becomes a located ``ImportRejected``.

    Args:
        reader: a ``csv.reader`` or ``csv.DictReader``.
        source: the file name, for the message.

    Yields:
        The reader's rows.

    Raises:
        ImportRejected: a field over the size limit, a NUL byte or an unclosed quote.
    """
    try:
        yield from reader
    except csv.Error as exc:
        raise ImportRejected([Problem(source, "", _csv_message(exc),
                                      reader.line_num + 1)]) from None  # the line being read


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a field is longer than {csv.field_size_limit():,} characters."
    return f"not readable as CSV ({text[:80]})."


def decoding_problem(path: Path, exc: UnicodeDecodeError) -> ImportRejected:
    """The located error for a file that is not in its expected encoding.

    Args:
        path: the file.
        exc: the decoding error (its byte offset is reported, not the bytes).

    Returns:
        An ``ImportRejected`` to raise.
    """
    return ImportRejected([Problem(path.name, "", f"is not {exc.encoding.upper()} text "
                                   f"(bad byte at offset {exc.start:,}); save it as UTF-8.")])


__all__ = ["Cancelled", "MAX_PROBLEMS", "Problems", "already_imported", "csv_rows",
           "decoding_problem", "open_for_import", "parse_yyyymmdd", "read_text_lines",
           "record_import", "transaction", "whole_number"]
