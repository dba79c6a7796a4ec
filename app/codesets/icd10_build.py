"""Build the ICD-10-CM reference index from the ``simple_icd_10_cm`` package.

The package parses its 9.7 MB XML on import (~1.5 s), so it is imported here, lazily, and
only while building. The index is written to a temporary file next to the target and renamed
into place, so a cancelled or failed build leaves the previous index untouched.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import importlib.metadata
import os
import re
import sqlite3
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.codesets import index_db
from app.domain.progress import CancelToken, ProgressFn, no_progress
from app.paths import RESOURCES

SYNONYMS_CSV = RESOURCES / "codesets" / "synonyms.csv"
_CHUNK = 5000
_MONTHS = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"], start=1)}
_XML_NAME = re.compile(
    r"icd10c\w*-tabular-(?P<month>[A-Za-z]+)-(?:(?P<day>\d{1,2})-)?(?P<year>\d{4})"
)


@dataclass(frozen=True)
class IcdRelease:
    """The ICD-10-CM release shipped in the installed package.

    Attributes:
        name: e.g. ``ICD-10-CM FY2026, April 1, 2026 update``.
        valid_from: first date of service (the release date).
        valid_to: last date of service (the day before the next scheduled release).
        package_version: ``simple-icd-10-cm`` version.
        source_file: the tabular XML file name inside the package.
    """

    name: str
    valid_from: dt.date
    valid_to: dt.date
    package_version: str
    source_file: str

    @property
    def fingerprint(self) -> str:
        """What an index must have been built from to be current."""
        return "|".join((self.package_version, self.source_file, index_db.ICD_SCHEMA_VERSION,
                         index_db.file_sha256(SYNONYMS_CSV)[:16]))


def release_info() -> IcdRelease:
    """Describe the installed package's release without importing it (reads its metadata).

    ICD-10-CM takes effect every October 1 (start of the federal fiscal year) with an April 1
    update; a release is valid until the day before the next one. The package's data file
    ``icd10c-tabular-April-1-2026.xml`` is the FY2026 April 1 update, so it is valid for
    dates of service 2026-04-01 through 2026-09-30.

    Returns:
        The release facts.

    Raises:
        RuntimeError: the package is missing or its data file name is not recognised.
    """
    dist = importlib.metadata.distribution("simple-icd-10-cm")
    for item in dist.files or ():
        match = _XML_NAME.search(item.name)
        if match and item.name.endswith(".xml"):
            return _release_from_name(match, dist.version, item.name)
    raise RuntimeError("The simple-icd-10-cm package has no ICD-10-CM tabular XML.")


def _release_from_name(match: re.Match[str], version: str, file_name: str) -> IcdRelease:
    month = _MONTHS[match["month"].capitalize()]
    start = dt.date(int(match["year"]), month, int(match["day"] or 1))
    if start.month >= 10:
        fiscal_year, end = start.year + 1, dt.date(start.year + 1, 3, 31)
        name = f"ICD-10-CM FY{fiscal_year} ({start:%B} {start.day}, {start.year} release)"
    else:
        fiscal_year, end = start.year, dt.date(start.year, 9, 30)
        name = f"ICD-10-CM FY{fiscal_year} ({start:%B} {start.day}, {start.year} update)"
    return IcdRelease(name, start, end, version, file_name)


def is_index_current(path: Path) -> bool:
    """Whether ``path`` holds a complete index built from the installed release.

    Args:
        path: the ICD index file.

    Returns:
        True when it exists and its fingerprint matches.
    """
    if not path.exists():
        return False
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            return index_db.get_meta(conn, "fingerprint") == release_info().fingerprint
    except sqlite3.DatabaseError:
        return False


def build_icd_index(
    path: Path, progress: ProgressFn = no_progress, cancel: CancelToken | None = None
) -> IcdRelease:
    """Build the ICD-10-CM index into ``path`` (atomically replacing any old one).

    Args:
        path: target index file.
        progress: ``progress(done, total, label)`` callback, called between chunks.
        cancel: checked between chunks; a cancel leaves the old index as it was.

    Returns:
        The release that was indexed.

    Raises:
        Cancelled: the token was cancelled.
    """
    cancel = cancel or CancelToken()
    release = release_info()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.build-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        with contextlib.closing(sqlite3.connect(tmp, isolation_level=None)) as conn:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("BEGIN")
            index_db.create_icd_schema(conn)
            _fill(conn, release, progress, cancel)
            conn.execute("COMMIT")
            conn.execute("VACUUM")
        cancel.check()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return release


def _fill(conn: sqlite3.Connection, release: IcdRelease, progress: ProgressFn,
          cancel: CancelToken) -> None:
    progress(0, 0, "Loading the ICD-10-CM release")
    started = time.perf_counter()
    with warnings.catch_warnings():
        # The package reads its data with the legacy importlib.resources API.
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as cm  # noqa: PLC0415 - lazy on purpose: 1.5 s import

    cancel.check()
    entries = _read_entries(cm)
    total = len(entries)
    for done, chunk in _chunks(entries):
        cancel.check()
        _insert_chunk(conn, chunk)
        progress(done, total, "Indexing ICD-10-CM codes")
    cancel.check()
    _load_synonyms(conn)
    progress(total, total, "Finishing the index")
    meta = {
        "release": release.name, "valid_from": release.valid_from.isoformat(),
        "valid_to": release.valid_to.isoformat(), "package_version": release.package_version,
        "source_file": release.source_file, "fingerprint": release.fingerprint,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "build_seconds": f"{time.perf_counter() - started:.2f}",
    }
    for key, value in meta.items():
        index_db.set_meta(conn, key, value)


def _chunks(entries: list[dict[str, Any]]) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    for start in range(0, len(entries), _CHUNK):
        chunk = entries[start:start + _CHUNK]
        yield start + len(chunk), chunk


def _kind(cm: Any, code: str) -> str:
    if cm.is_chapter(code):
        return "chapter"
    if cm.is_category(code):
        return "category"
    if cm.is_block(code):
        return "block"
    return "extended" if cm.is_extended_subcategory(code) else "subcategory"


def _read_entries(cm: Any) -> list[dict[str, Any]]:
    """One dict per unique code, in tabular order, with ids ordered by search priority."""
    entries: dict[str, dict[str, Any]] = {}
    seven_defs: dict[str, dict[str, str]] = {}
    for ord_, code in enumerate(cm.get_all_codes(True)):
        if code in entries:
            continue
        kind = _kind(cm, code)
        ancestors = [a for a in cm.get_ancestors(code) if a != code]
        chain = [*reversed(ancestors), code]
        seven = cm.get_seven_chr_def(code) or cm.get_seven_chr_def(code, prioritize_blocks=True)
        if seven:
            seven_defs[code] = seven
        entries[code] = {
            "code": code, "kind": kind, "ord": ord_, "description": cm.get_description(code),
            "billable": int(kind not in ("chapter", "block") and cm.is_leaf(code)),
            "parent": ancestors[0] if ancestors else None, "chain": chain,
            "notes": _notes(cm, code), "seven": seven,
        }
    _derive(entries, seven_defs)
    ordered = sorted(entries.values(), key=_priority)
    for rowid, entry in enumerate(ordered, start=1):
        entry["id"] = rowid
    return sorted(ordered, key=lambda e: e["ord"])


def _derive(entries: dict[str, dict[str, Any]], seven_defs: dict[str, dict[str, str]]) -> None:
    for entry in entries.values():
        chain = entry["chain"]
        entry["n_billable"] = 0
        entry["seventh_from"] = next((c for c in reversed(chain) if c in seven_defs), None)
    for entry in entries.values():
        if entry["billable"]:
            for ancestor in entry["chain"][:-1]:
                entries[ancestor]["n_billable"] += 1


def _priority(entry: dict[str, Any]) -> tuple[int, int, int]:
    """Static search order: billable first, plain before 7th-character codes, short first."""
    if entry["kind"] in ("chapter", "block"):
        group = 4
    elif not entry["billable"]:
        group = 3
    elif entry["kind"] == "extended":
        group = 1 if entry["code"].endswith("A") else 2
    else:
        group = 0
    return group, len(entry["description"]), entry["ord"]


_LIST_NOTES = (("inclusion", "get_inclusion_term"), ("includes", "get_includes"),
               ("excludes1", "get_excludes1"), ("excludes2", "get_excludes2"))
_TEXT_NOTES = (("code_first", "get_code_first"), ("use_additional", "get_use_additional_code"),
               ("code_also", "get_code_also"), ("notes", "get_notes"),
               ("seventh_note", "get_seven_chr_note"))


def _notes(cm: Any, code: str) -> dict[str, list[str]]:
    """The code's own notes (both the block and the category for shared names like B99)."""
    notes: dict[str, list[str]] = {}
    for blocks_first in (False, True):
        for kind, getter in _LIST_NOTES:
            for text in getattr(cm, getter)(code, prioritize_blocks=blocks_first):
                _add_note(notes, kind, text)
        for kind, getter in _TEXT_NOTES:
            text = getattr(cm, getter)(code, prioritize_blocks=blocks_first)
            lines = [text] if kind == "seventh_note" else text.split("\n")
            for line in lines:
                _add_note(notes, kind, line)
    return notes


def _add_note(notes: dict[str, list[str]], kind: str, text: str) -> None:
    text = " ".join(text.split())
    if text and text not in notes.setdefault(kind, []):
        notes[kind].append(text)


def _insert_chunk(conn: sqlite3.Connection, chunk: list[dict[str, Any]]) -> None:
    conn.executemany(
        "INSERT INTO icd_code (id, code, nodot, kind, description, billable, parent, chapter,"
        " block, category, seventh_from, n_billable, ord) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(e["id"], e["code"], e["code"].replace(".", ""), e["kind"], e["description"],
          e["billable"], e["parent"], e["chain"][0], _at(e["chain"], 1), _at(e["chain"], 2),
          e["seventh_from"], e["n_billable"], e["ord"]) for e in chunk],
    )
    conn.executemany(
        "INSERT INTO icd_note (code, kind, seq, text) VALUES (?, ?, ?, ?)",
        [(e["code"], kind, seq, text) for e in chunk
         for kind, texts in e["notes"].items() for seq, text in enumerate(texts)],
    )
    conn.executemany(
        "INSERT INTO icd_seventh (code, char, meaning) VALUES (?, ?, ?)",
        [(e["code"], char, " ".join(meaning.split()).replace("/ ", "; "))
         for e in chunk for char, meaning in e["seven"].items()],
    )
    conn.executemany(
        "INSERT INTO icd_fts (rowid, description, terms) VALUES (?, ?, ?)",
        [(e["id"], e["description"], " | ".join(e["notes"].get("inclusion", ())))
         for e in chunk if e["kind"] not in ("chapter", "block")],
    )


def _at(chain: list[str], index: int) -> str | None:
    return chain[index] if len(chain) > index else None


def _load_synonyms(conn: sqlite3.Connection) -> None:
    with SYNONYMS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = [(r["term"].strip(), r["code"].strip().upper()) for r in csv.DictReader(handle)]
    conn.executemany("INSERT INTO synonym (term, code) VALUES (?, ?)", rows)
    conn.execute("INSERT INTO syn_fts (syn_fts) VALUES ('rebuild')")
