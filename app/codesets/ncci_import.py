"""Import CMS NCCI practitioner PTP edit files (tab-delimited ``.TXT``), streaming.

A quarter comes as up to four parts (``-f1`` ... ``-f4``). Each row keeps the quarter
version (``2026Q3 v32.2r0``) so the scrubber can name its source. Importing a new version of
a quarter replaces that quarter's rows; re-importing the same file is a no-op. All files given
to one call go in one transaction: one bad row anywhere and nothing is written.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.codesets import import_common as ic
from app.codesets import index_db
from app.codesets.models import ImportResult
from app.domain.errors import ImportRejected, Problem
from app.domain.progress import CancelToken, ProgressFn, no_progress

CHUNK_ROWS = 50_000
_CODE = re.compile(r"[0-9A-Z]{5}")
_QUARTER = re.compile(r"(?P<year>\d{4})[qQ](?P<q>[1-4])")
_VERSION = re.compile(r"v(?P<major>\d{2})(?P<minor>\d)r(?P<rev>\d+)", re.IGNORECASE)
_PART = re.compile(r"-f(?P<part>\d+)", re.IGNORECASE)
_QUARTER_TEXT = re.compile(r"(?P<year>\d{4})Q(?P<q>[1-4]) v(?P<ver>\d+\.\d+r\d+)")


@dataclass(frozen=True)
class PtpFileVersion:
    """Quarter, version and part of one PTP file, from its CMS file name."""

    quarter: str  # e.g. 2026Q3
    version: str  # e.g. 32.2r0
    part: int

    @property
    def label(self) -> str:
        """Quarter and version as recorded with each row: ``2026Q3 v32.2r0``."""
        return f"{self.quarter} v{self.version}"


def version_from_name(path: Path, override: str | None = None) -> PtpFileVersion | None:
    """Read quarter, version and part from a CMS PTP file name.

    Args:
        path: e.g. ``medicare-ncci-2026q3-practitioner-ptp-edits-ccipra-v322r0-f1.txt``.
        override: ``2026Q3 v32.2r0`` to use instead of the name (part still from the name).

    Returns:
        The version, or ``None`` when neither the name nor the override tells it.
    """
    part_match = _PART.search(path.stem)
    part = int(part_match["part"]) if part_match else 1
    if override:
        match = _QUARTER_TEXT.fullmatch(override.strip())
        if not match:
            return None
        return PtpFileVersion(f"{match['year']}Q{match['q']}", match["ver"], part)
    quarter, version = _QUARTER.search(path.name), _VERSION.search(path.name)
    if not quarter or not version:
        return None
    return PtpFileVersion(f"{quarter['year']}Q{quarter['q']}",
                          f"{version['major']}.{version['minor']}r{version['rev']}", part)


class _RowReader:
    """Turns data lines into table tuples, collecting problems; rationale ids on the fly."""

    def __init__(self, conn: sqlite3.Connection, problems: ic.Problems,
                 version: PtpFileVersion) -> None:
        self.conn, self.problems, self.version = conn, problems, version
        self.rationales = dict(conn.execute("SELECT text, id FROM ptp_rationale"))

    def rationale_id(self, text: str) -> int:
        found = self.rationales.get(text)
        if found is None:
            cur = self.conn.execute("INSERT INTO ptp_rationale (text) VALUES (?)", (text,))
            found = self.rationales[text] = int(cur.lastrowid or 0)
        return found

    def row(self, line_no: int, fields: list[str]) -> tuple[object, ...] | None:
        add, bad = self.problems.add, False
        col1, col2 = fields[0].strip(), fields[1].strip()
        if not _CODE.fullmatch(col2):
            add(line_no, "Column 2", f"'{col2[:20]}' is not a 5-character code.")
            bad = True
        effective = ic.parse_yyyymmdd(fields[3].strip())
        if effective is None:
            add(line_no, "Effective Date", f"'{fields[3].strip()[:20]}' is not a date (YYYYMMDD).")
            bad = True
        deletion_text = fields[4].strip()
        deletion = None if deletion_text == "*" else ic.parse_yyyymmdd(deletion_text)
        if deletion_text != "*" and deletion is None:
            add(line_no, "Deletion Date", f"'{deletion_text[:20]}' is not a date or '*'.")
            bad = True
        indicator = fields[5].strip()
        if indicator not in ("0", "1", "9"):
            add(line_no, "Modifier Indicator", f"'{indicator[:20]}' is not 0, 1 or 9.")
            bad = True
        if effective and deletion and deletion < effective:
            add(line_no, "Deletion Date", "is before the effective date.")
            bad = True
        if bad:
            return None
        rationale = " ".join(fields[6].split()) if len(fields) > 6 else ""
        v = self.version
        return (v.quarter, v.version, v.part, col1, col2, effective, deletion, int(indicator),
                self.rationale_id(rationale))


def _data_lines(path: Path, problems: ic.Problems) -> Iterator[tuple[int, list[str]]]:
    """Skip the notice/header preamble, then yield (line number, fields) of data lines."""
    started = False
    for line_no, line in enumerate(ic.read_text_lines(path), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        first = fields[0].strip()
        if not started:
            if len(fields) < 6 or not _CODE.fullmatch(first):
                continue
            started = True
        if len(fields) < 6:
            problems.add(line_no, "", f"expected 6 or 7 tab-separated fields, got {len(fields)}.")
        elif not _CODE.fullmatch(first):
            problems.add(line_no, "Column 1", f"'{first[:20]}' is not a 5-character code.")
        else:
            yield line_no, fields
    if not started:
        problems.add(None, "", "No PTP edit rows found (is this an NCCI PTP text file?).")


def import_ncci_ptp(db_path: Path, paths: Sequence[Path], progress: ProgressFn = no_progress,
                    cancel: CancelToken | None = None, version: str | None = None,
                    ) -> list[ImportResult]:
    """Import one or more PTP text files in one transaction (all or nothing).

    Args:
        db_path: imports database.
        paths: the ``.TXT`` files (the parts of a quarter, usually).
        progress: ``progress(bytes_done, bytes_total, label)``.
        cancel: checked between chunks of 50,000 rows.
        version: ``2026Q3 v32.2r0`` when the file names are not CMS names.

    Returns:
        One result per file, in the order given.

    Raises:
        ImportRejected: any bad row or unrecognised file name; nothing was written.
        Cancelled: the user cancelled; nothing was written.
    """
    cancel = cancel or CancelToken()
    versions = {p: version_from_name(p, version) for p in paths}
    unnamed = [p for p, v in versions.items() if v is None]
    if unnamed:
        raise ImportRejected([Problem(p.name, "file name", "cannot tell the NCCI quarter and "
                                      "version; keep the CMS file name or give the version "
                                      "(e.g. 2026Q3 v32.2r0).") for p in unnamed])
    total = sum(p.stat().st_size for p in paths) or 1
    conn = ic.open_for_import(db_path)
    try:
        with ic.transaction(conn):
            return _import_all(conn, paths, versions, _Progress(progress, total), cancel)
    finally:
        conn.close()


class _Progress:
    def __init__(self, progress: ProgressFn, total: int) -> None:
        self.progress, self.total, self.done, self.base = progress, total, 0, 0

    def advance(self, size: int, label: str) -> None:
        self.done += size
        self.progress(min(self.base + self.done, self.total), self.total, label)

    def end_file(self, path: Path, label: str) -> None:
        self.base += path.stat().st_size
        self.done = 0
        self.progress(min(self.base, self.total), self.total, label)


def _import_all(conn: sqlite3.Connection, paths: Sequence[Path],
                versions: dict[Path, PtpFileVersion | None], progress: _Progress,
                cancel: CancelToken) -> list[ImportResult]:
    results: list[ImportResult] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for path in paths:
        sha = index_db.file_sha256(path)
        ptp_version = versions[path]
        assert ptp_version is not None
        done = ic.already_imported(conn, "ncci_ptp", sha)
        if done is not None or sha in seen:
            results.append(ImportResult("ncci_ptp", path.name, done or ptp_version.label, 0,
                                        already_imported=True))
            progress.end_file(path, f"{path.name}: already imported")
            continue
        seen.add(sha)
        replaced = _delete_replaced(conn, ptp_version)
        file_problems = ic.Problems(path.name)
        rows = _stream_rows(conn, path, ptp_version, file_problems, progress, cancel)
        problems.extend(file_problems.items)
        if file_problems.dropped:
            problems.append(Problem(path.name, "", f"{file_problems.dropped:,} more problems."))
        ic.record_import(conn, "ncci_ptp", path, sha, _record_label(ptp_version), rows)
        results.append(ImportResult("ncci_ptp", path.name, ptp_version.label, rows,
                                    replaced=replaced))
        progress.end_file(path, f"Imported {path.name}")
    if problems:
        raise ImportRejected(problems)
    cancel.check()
    return results


def _record_label(version: PtpFileVersion) -> str:
    return f"{version.label} part {version.part}"


def _delete_replaced(conn: sqlite3.Connection, version: PtpFileVersion) -> int:
    """Drop rows of another version of the quarter, and of an earlier copy of this part."""
    cur = conn.execute(
        "DELETE FROM ptp WHERE quarter = ? AND (version <> ? OR part = ?)",
        (version.quarter, version.version, version.part),
    )
    conn.execute(
        "DELETE FROM imports WHERE kind = 'ncci_ptp' AND version LIKE ? AND"
        " (version NOT LIKE ? OR version = ?)",
        (f"{version.quarter} %", f"{version.label} %", _record_label(version)),
    )
    return cur.rowcount


def _stream_rows(conn: sqlite3.Connection, path: Path, version: PtpFileVersion,
                 problems: ic.Problems, progress: _Progress, cancel: CancelToken) -> int:
    reader = _RowReader(conn, problems, version)
    insert = "INSERT INTO ptp VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    chunk: list[tuple[object, ...]] = []
    count = size = 0
    for line_no, fields in _data_lines(path, problems):
        size += sum(len(f) for f in fields) + len(fields) + 1
        row = reader.row(line_no, fields)
        if row is None or problems:
            continue
        chunk.append(row)
        if len(chunk) >= CHUNK_ROWS:
            cancel.check()
            conn.executemany(insert, chunk)
            count += len(chunk)
            chunk.clear()
            progress.advance(size, f"Importing {path.name}")
            size = 0
    cancel.check()
    if chunk and not problems:
        conn.executemany(insert, chunk)
        count += len(chunk)
    progress.advance(size, f"Importing {path.name}")
    return count
