"""The code-set SQLite files: schema, connections and the meta table.

Two files live side by side:

* the *imports* database (``codesets.sqlite3``): HCPCS, NCCI PTP, MUE, import history;
* the *ICD-10-CM index* (``codesets-icd10cm.sqlite3``): rebuilt per release into a temporary
  file and renamed into place, so a cancelled or failed build leaves the old index intact.

Search opens the imports database and attaches the ICD index as ``icd``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

from app.paths import RESOURCES

SCHEMA_VERSION = "1"
ICD_SCHEMA_VERSION = "1"

IMPORTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS imports (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('hcpcs', 'ncci_ptp', 'mue')),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    version TEXT NOT NULL,
    rows INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (kind, sha256)
);
CREATE TABLE IF NOT EXISTS hcpcs (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    is_modifier INTEGER NOT NULL DEFAULT 0 CHECK (is_modifier IN (0, 1)),
    long_desc TEXT NOT NULL,
    short_desc TEXT NOT NULL,
    pricing TEXT NOT NULL DEFAULT '',
    coverage TEXT NOT NULL DEFAULT '',
    added INTEGER,
    action_effective INTEGER,
    termination INTEGER,
    action TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS hcpcs_fts USING fts5(
    long_desc, short_desc, content='hcpcs', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
);
CREATE TABLE IF NOT EXISTS ptp_rationale (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS ptp (
    quarter TEXT NOT NULL,
    version TEXT NOT NULL,
    part INTEGER NOT NULL,
    col1 TEXT NOT NULL,
    col2 TEXT NOT NULL,
    effective INTEGER NOT NULL,
    deletion INTEGER,
    indicator INTEGER NOT NULL CHECK (indicator IN (0, 1, 9)),
    rationale_id INTEGER NOT NULL REFERENCES ptp_rationale (id)
);
CREATE INDEX IF NOT EXISTS ptp_pair ON ptp (col1, col2);
CREATE TABLE IF NOT EXISTS mue (
    version TEXT NOT NULL,
    code TEXT NOT NULL,
    max_units INTEGER NOT NULL CHECK (max_units >= 0),
    adjudication INTEGER NOT NULL CHECK (adjudication IN (1, 2, 3)),
    rationale TEXT NOT NULL,
    PRIMARY KEY (version, code)
) WITHOUT ROWID;
"""

ICD_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE icd_code (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    nodot TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    billable INTEGER NOT NULL,
    parent TEXT,
    chapter TEXT,
    block TEXT,
    category TEXT,
    seventh_from TEXT,
    n_billable INTEGER NOT NULL DEFAULT 0,
    ord INTEGER NOT NULL
);
CREATE INDEX icd_code_nodot ON icd_code (nodot);
CREATE INDEX icd_code_parent ON icd_code (parent);
CREATE TABLE icd_note (
    code TEXT NOT NULL, kind TEXT NOT NULL, seq INTEGER NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (code, kind, seq)
) WITHOUT ROWID;
CREATE TABLE icd_seventh (
    code TEXT NOT NULL, char TEXT NOT NULL, meaning TEXT NOT NULL,
    PRIMARY KEY (code, char)
) WITHOUT ROWID;
CREATE TABLE synonym (id INTEGER PRIMARY KEY, term TEXT NOT NULL, code TEXT NOT NULL);
CREATE VIRTUAL TABLE icd_fts USING fts5(
    description, terms, content='', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
);
CREATE VIRTUAL TABLE syn_fts USING fts5(
    term, content='synonym', content_rowid='id', tokenize='unicode61 remove_diacritics 2',
    prefix='1 2 3'
);
"""


def icd_index_path(codesets_db: Path) -> Path:
    """The ICD-10-CM index file that sits beside the imports database.

    Args:
        codesets_db: path of the code-set imports database.

    Returns:
        ``<stem>-icd10cm.sqlite3`` in the same folder.
    """
    return codesets_db.with_name(f"{codesets_db.stem}-icd10cm.sqlite3")


def _pragmas(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")


def connect_imports(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the imports database in WAL mode, schema in place.

    A new database gets the starter HCPCS list so the demo works without an import.

    Args:
        path: the imports database file.

    Returns:
        A connection in autocommit mode (``isolation_level=None``); callers open their own
        ``BEGIN`` / ``COMMIT``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    _pragmas(conn)
    conn.execute("PRAGMA journal_mode = WAL")
    if get_meta(conn, "schema_version") != SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if get_meta(conn, "schema_version") != SCHEMA_VERSION:
                for statement in _statements(IMPORTS_SCHEMA):
                    conn.execute(statement)
                set_meta(conn, "schema_version", SCHEMA_VERSION)
                load_hcpcs_starter(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return conn


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";\n") if s.strip()]


def create_icd_schema(conn: sqlite3.Connection) -> None:
    """Create the ICD-10-CM index tables in an empty database (inside the caller's transaction).

    Args:
        conn: connection to the new, empty index file.
    """
    for statement in _statements(ICD_SCHEMA):
        conn.execute(statement)
    set_meta(conn, "schema_version", ICD_SCHEMA_VERSION)


def get_meta(conn: sqlite3.Connection, key: str, schema: str = "main") -> str | None:
    """Read one meta value, ``None`` when the key or the table is missing.

    Args:
        conn: an open connection.
        key: meta key.
        schema: ``main`` or an attached schema name such as ``icd``.

    Returns:
        The stored value or ``None``.
    """
    try:
        row = conn.execute(f"SELECT value FROM {schema}.meta WHERE key = ?", (key,)).fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Insert or replace one meta value.

    Args:
        conn: an open connection (inside the caller's transaction).
        key: meta key.
        value: value to store.
    """
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB blocks.

    Args:
        path: the file.

    Returns:
        Lower-case hex digest.
    """
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_hcpcs_starter(conn: sqlite3.Connection) -> int:
    """Fill the HCPCS table with the shipped starter list (our own short labels).

    Args:
        conn: imports database connection inside a transaction.

    Returns:
        Number of starter codes loaded.
    """
    path = RESOURCES / "codesets" / "hcpcs_starter.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            (r["code"].strip().upper(), r["label"].strip(), r["label"].strip()[:28],
             int(r["added"].replace("-", "")))
            for r in csv.DictReader(handle)
        ]
    conn.executemany(
        "INSERT OR IGNORE INTO hcpcs (code, long_desc, short_desc, added, source)"
        " VALUES (?, ?, ?, ?, 'starter')",
        rows,
    )
    conn.execute("INSERT INTO hcpcs_fts (hcpcs_fts) VALUES ('rebuild')")
    return len(rows)


def yyyymmdd(value: int | None) -> dt.date | None:
    """Turn an integer ``YYYYMMDD`` into a date (``None`` stays ``None``).

    Args:
        value: date as stored.

    Returns:
        The date or ``None``.
    """
    if value is None:
        return None
    return dt.date(value // 10000, value // 100 % 100, value % 100)


def date_int(day: dt.date) -> int:
    """A date as the integer ``YYYYMMDD`` used in the tables.

    Args:
        day: the date.

    Returns:
        e.g. ``20260401``.
    """
    return day.year * 10000 + day.month * 100 + day.day


def open_reader(db_path: Path) -> tuple[sqlite3.Connection, bool]:
    """Open the imports database with the ICD-10-CM index attached as ``icd`` when built.

    Args:
        db_path: imports database file (created if missing).

    Returns:
        The connection (shareable across threads behind the caller's lock) and whether the
        ICD index is attached.
    """
    conn = connect_imports(db_path)
    conn.execute("PRAGMA query_only = ON")
    icd = icd_index_path(db_path)
    if icd.exists():
        conn.execute("ATTACH DATABASE ? AS icd", (str(icd),))
        if get_meta(conn, "fingerprint", "icd") is not None:
            return conn, True
        conn.execute("DETACH DATABASE icd")
    return conn, False


def normalize_code(text: str) -> str:
    """A code as typed, reduced to upper case without dot or spaces (``e11.65`` -> ``E1165``).

    Args:
        text: user input.

    Returns:
        The normalized code.
    """
    return "".join(text.split()).replace(".", "").upper()
