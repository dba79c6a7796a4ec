"""Import the CMS HCPCS Level II fixed-width ``ANWEB`` file (annual or quarterly).

The file holds every code with its long and short descriptions and dates (discontinued
codes keep their termination date). An import replaces the HCPCS table as a whole, in one
transaction; any bad record rejects the whole file.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from app.codesets import import_common as ic
from app.codesets import index_db
from app.codesets.models import ImportResult
from app.domain.progress import CancelToken, ProgressFn, no_progress

RECORD_LENGTH = 320
_CODE = re.compile(r"[A-Z][0-9A-Z]{4}")
_MODIFIER = re.compile(r" {3}[0-9A-Z]{2}")
_NAME = re.compile(r"HCPC(?P<year>\d{4})_?(?P<month>[A-Z]{3})?", re.IGNORECASE)
_ACTIONS = set("ABCDFNPRST ")


@dataclass
class _Record:
    code: str
    is_modifier: bool
    line: int
    parts: list[tuple[str, str]] = field(default_factory=list)  # (sequence, text)
    short: str = ""
    pricing: str = ""
    coverage: str = ""
    added: int | None = None
    action_effective: int | None = None
    termination: int | None = None
    action: str = ""

    def row(self, source: str) -> tuple[object, ...]:
        long_desc = " ".join("".join(t for _, t in sorted(self.parts)).split())
        code = self.code.strip()
        return (code, int(self.is_modifier), long_desc, self.short, self.pricing, self.coverage,
                self.added, self.action_effective, self.termination, self.action, source)


def release_from_name(path: Path) -> str:
    """The HCPCS release named in a CMS file name, e.g. ``HCPCS 2026 JAN``.

    Args:
        path: the file.

    Returns:
        Release label (the file stem when the name is not a CMS one).
    """
    match = _NAME.search(path.name)
    if not match:
        return path.stem
    month = (match["month"] or "").upper()
    return f"HCPCS {match['year']} {month}".strip()


def _date(problems: ic.Problems, line_no: int, name: str, text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    value = ic.parse_yyyymmdd(text)
    if value is None:
        problems.add(line_no, name, f"'{text[:20]}' is not a date (YYYYMMDD).")
    return value


def _first_line(problems: ic.Problems, line_no: int, line: str) -> _Record | None:
    code, is_modifier = line[0:5], line[10] == "7"
    if is_modifier and not _MODIFIER.fullmatch(code):
        problems.add(line_no, "HCPCS code", f"'{code.strip()}' is not a 2-character modifier.")
        return None
    if not is_modifier and not _CODE.fullmatch(code):
        problems.add(line_no, "HCPCS code",
                     f"'{code.strip()}' is not a HCPCS Level II code (letter + 4 characters).")
        return None
    record = _Record(code, is_modifier, line_no, short=" ".join(line[91:119].split()),
                     pricing=line[119:127].strip(), coverage=line[229].strip())
    record.added = _date(problems, line_no, "added date", line[268:276])
    record.action_effective = _date(problems, line_no, "action effective date", line[276:284])
    record.termination = _date(problems, line_no, "termination date", line[284:292])
    record.action = line[292].strip()
    if line[292] not in _ACTIONS:
        problems.add(line_no, "action code", f"'{line[292]}' is not a HCPCS action code.")
    if coverage := record.coverage:
        if coverage not in "CDIMS":
            problems.add(line_no, "coverage code", f"'{coverage}' is not a coverage code.")
    record.parts.append((line[5:10], line[11:91]))
    return record


def parse_hcpcs(path: Path, problems: ic.Problems, progress: ProgressFn = no_progress,
                cancel: CancelToken | None = None) -> list[_Record]:
    """Parse an ANWEB file into records, collecting every problem.

    Args:
        path: the fixed-width file (Latin-1).
        problems: collector for bad lines.
        progress: called every 5,000 lines.
        cancel: checked every 5,000 lines.

    Returns:
        The code and modifier records (D-codes, which are CDT, are skipped).
    """
    records: dict[str, _Record] = {}
    current: _Record | None = None
    for line_no, raw in enumerate(ic.read_text_lines(path), start=1):
        if line_no % 5000 == 0:
            if cancel:
                cancel.check()
            progress(line_no, 0, "Reading HCPCS codes")
        if not raw.strip():
            continue
        line = raw.ljust(RECORD_LENGTH)
        current = _take_line(problems, line_no, line, records, current)
    return [r for r in records.values() if r.is_modifier or not r.code.startswith("D")]


def _take_line(problems: ic.Problems, line_no: int, line: str, records: dict[str, _Record],
               current: _Record | None) -> _Record | None:
    record_id = line[10]
    if record_id in "37" and record_id != " ":
        record = _first_line(problems, line_no, line)
        if record is None:
            return None
        if record.code in records:
            problems.add(line_no, "HCPCS code",
                         f"{record.code.strip()} appears twice (first on line "
                         f"{records[record.code].line}).")
            return None
        records[record.code] = record
        return record
    if record_id in "48" and record_id != " ":
        if current is None or current.code != line[0:5]:
            problems.add(line_no, "record id",
                         f"continuation line for '{line[0:5].strip()}' without its first line.")
            return current
        current.parts.append((line[5:10], line[11:91]))
        return current
    problems.add(line_no, "record id", f"'{record_id}' is not a record id (3, 4, 7 or 8).")
    return current


def import_hcpcs(db_path: Path, path: Path, progress: ProgressFn = no_progress,
                 cancel: CancelToken | None = None) -> ImportResult:
    """Import an ANWEB file, replacing the HCPCS table (all or nothing, idempotent).

    Args:
        db_path: imports database.
        path: the CMS ``HCPC<YYYY>_<MON>_ANWEB*.txt`` file.
        progress: progress callback.
        cancel: cancel token checked while reading and before the commit.

    Returns:
        What was imported (or that the file was already imported).

    Raises:
        ImportRejected: the file has bad records; nothing was written.
        Cancelled: the user cancelled; nothing was written.
    """
    sha = index_db.file_sha256(path)
    version = release_from_name(path)
    conn = ic.open_for_import(db_path)
    try:
        if (done := ic.already_imported(conn, "hcpcs", sha)) is not None:
            return ImportResult("hcpcs", path.name, done, 0, already_imported=True)
        problems = ic.Problems(path.name)
        records = parse_hcpcs(path, problems, progress, cancel)
        if not problems and not any(not r.is_modifier for r in records):
            problems.add(None, "", "The file holds no HCPCS code records.")
        problems.raise_if_any()
        if cancel:
            cancel.check()
        with ic.transaction(conn):
            replaced = _store(conn, records, version)
            ic.record_import(conn, "hcpcs", path, sha, version, len(records))
        progress(len(records), len(records), "HCPCS import finished")
        return ImportResult("hcpcs", path.name, version, len(records), replaced=replaced)
    finally:
        conn.close()


def _store(conn: sqlite3.Connection, records: list[_Record], version: str) -> int:
    replaced = conn.execute("SELECT count(*) FROM hcpcs WHERE source <> 'starter'").fetchone()[0]
    conn.execute("DELETE FROM hcpcs")
    conn.execute("DELETE FROM imports WHERE kind = 'hcpcs'")
    conn.executemany(
        "INSERT INTO hcpcs (code, is_modifier, long_desc, short_desc, pricing, coverage, added,"
        " action_effective, termination, action, source) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [r.row(version) for r in records],
    )
    conn.execute("INSERT INTO hcpcs_fts (hcpcs_fts) VALUES ('rebuild')")
    return int(replaced)
