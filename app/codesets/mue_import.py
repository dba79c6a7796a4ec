"""Import the CMS practitioner Medically Unlikely Edits (MUE) CSV file.

The file opens with a quoted multi-line notice cell and a header whose first cell holds a
line break; Python's ``csv`` module reads both. Rows are kept per version (the effective date
in the file name); a new file for the same date replaces that version's rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from app.codesets import import_common as ic
from app.codesets import index_db
from app.codesets.models import ImportResult
from app.domain.errors import ImportRejected, Problem
from app.domain.progress import CancelToken, ProgressFn, no_progress

_CODE = re.compile(r"[0-9A-Z]{5}")
_EFFECTIVE = re.compile(r"Eff_(?P<m>\d{2})-(?P<d>\d{2})-(?P<y>\d{4})", re.IGNORECASE)


def version_from_name(path: Path, override: dt.date | None = None) -> str | None:
    """The effective date of an MUE file (ISO text), from ``..._Eff_MM-DD-YYYY.csv``.

    Args:
        path: the file.
        override: effective date to use instead of the name.

    Returns:
        ``YYYY-MM-DD`` or ``None`` when unknown.
    """
    if override:
        return override.isoformat()
    match = _EFFECTIVE.search(path.name)
    if not match:
        return None
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"])).isoformat()
    except ValueError:
        return None


def _rows(path: Path, problems: ic.Problems) -> Iterator[tuple[int, list[str]]]:
    with path.open(encoding="latin-1", newline="") as handle:
        reader = csv.reader(handle)
        started = False
        for cells in ic.csv_rows(reader, path.name):
            assert isinstance(cells, list)
            line_no = reader.line_num
            first = cells[0].strip() if cells else ""
            if not started:
                if not _CODE.fullmatch(first):
                    continue
                started = True
            if not any(c.strip() for c in cells):
                continue
            if len(cells) < 3:
                problems.add(line_no, "", f"expected at least 3 columns, got {len(cells)}.")
                continue
            yield line_no, cells
    if not started:
        problems.add(None, "", "No MUE rows found (is this a practitioner MUE CSV file?).")


def parse_row(problems: ic.Problems, line_no: int, cells: list[str]) -> tuple[object, ...] | None:
    """Check one MUE row.

    Args:
        problems: collector.
        line_no: line where the row ends.
        cells: the CSV cells.

    Returns:
        ``(code, max_units, adjudication, rationale)`` or ``None`` when bad.
    """
    code, units, mai = cells[0].strip(), cells[1].strip(), cells[2].strip()
    bad = False
    if not _CODE.fullmatch(code):
        problems.add(line_no, "HCPCS/CPT Code", f"'{code[:20]}' is not a 5-character code.")
        bad = True
    max_units = ic.whole_number(units, 1_000_000)
    if max_units is None:
        problems.add(line_no, "MUE Value", f"'{units[:20]}' is not a whole number of units "
                     "(0 to 999,999).")
        bad = True
    if mai[:1] not in ("1", "2", "3"):
        problems.add(line_no, "MUE Adjudication Indicator",
                     f"'{mai[:20]}' does not start with 1, 2 or 3.")
        bad = True
    if bad:
        return None
    rationale = " ".join(cells[3].split()) if len(cells) > 3 else ""
    return code, max_units, int(mai[0]), rationale


def import_mue(db_path: Path, path: Path, progress: ProgressFn = no_progress,
               cancel: CancelToken | None = None, effective: dt.date | None = None,
               ) -> ImportResult:
    """Import a practitioner MUE CSV (all or nothing, idempotent).

    Args:
        db_path: imports database.
        path: ``MCR_MUE_PractitionerServices_Eff_<MM-DD-YYYY>.csv``.
        progress: progress callback.
        cancel: cancel token.
        effective: effective date when the file name does not carry it.

    Returns:
        What was imported.

    Raises:
        ImportRejected: bad rows or unknown effective date; nothing was written.
        Cancelled: the user cancelled; nothing was written.
    """
    version = version_from_name(path, effective)
    if version is None:
        raise ImportRejected([Problem(path.name, "file name", "cannot tell the effective date; "
                                      "keep the CMS file name (..._Eff_MM-DD-YYYY.csv).")])
    sha = index_db.file_sha256(path)
    conn = ic.open_for_import(db_path)
    try:
        if (done := ic.already_imported(conn, "mue", sha)) is not None:
            return ImportResult("mue", path.name, done, 0, already_imported=True)
        rows = _read(path, progress, cancel)
        with ic.transaction(conn):
            replaced = _store(conn, version, rows)
            ic.record_import(conn, "mue", path, sha, version, len(rows))
        return ImportResult("mue", path.name, version, len(rows), replaced=replaced)
    finally:
        conn.close()


def _read(path: Path, progress: ProgressFn, cancel: CancelToken | None) -> list[tuple[object, ...]]:
    problems = ic.Problems(path.name)
    rows: list[tuple[object, ...]] = []
    seen: dict[str, int] = {}
    for line_no, cells in _rows(path, problems):
        if len(rows) % 5000 == 4999:
            if cancel:
                cancel.check()
            progress(len(rows), 0, "Reading MUE rows")
        row = parse_row(problems, line_no, cells)
        if row is None:
            continue
        code = str(row[0])
        if code in seen:
            problems.add(line_no, "HCPCS/CPT Code", f"{code} appears twice (line {seen[code]}).")
            continue
        seen[code] = line_no
        rows.append(row)
    problems.raise_if_any()
    if cancel:
        cancel.check()
    return rows


def _store(conn: sqlite3.Connection, version: str, rows: list[tuple[object, ...]]) -> int:
    replaced = conn.execute("DELETE FROM mue WHERE version = ?", (version,)).rowcount
    conn.execute("DELETE FROM imports WHERE kind = 'mue' AND version = ?", (version,))
    conn.executemany(
        "INSERT INTO mue (version, code, max_units, adjudication, rationale) VALUES (?,?,?,?,?)",
        [(version, *row) for row in rows],
    )
    return replaced
