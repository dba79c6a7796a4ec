"""Code look-up use cases for the GUI and the CLI: search, show, status, imports, ICD index.

Every function takes the code-set database path (default ``app.paths.codesets_db()``); the
ICD-10-CM index lives beside it. Reads share one cached connection per database (searches
run on the GUI thread); imports and index builds open their own connections and are meant
to run off the GUI thread. No Qt here.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from app import paths
from app.codesets import edits, hcpcs_import, icd10_build, index_db, lookup, mue_import, ncci_import
from app.codesets import search as code_search
from app.codesets.reference_lists import Modifier, PlaceOfService, modifiers, places_of_service
from app.domain.codes import (
    SYSTEMS,
    CodeDetail,
    CodeHit,
    CodeSetStatus,
    ImportRecord,
    ImportResult,
    MueLimit,
    PtpEdit,
    SeventhChar,
    Validity,
)
from app.domain.progress import CancelToken, ProgressFn, no_progress

__all__ = [
    "SYSTEMS", "CodeDetail", "CodeHit", "CodeSetStatus", "CptProvider", "ImportRecord",
    "ImportResult", "Modifier", "MueLimit", "PlaceOfService", "PtpEdit", "SeventhChar",
    "Validity", "ensure_icd_index", "icd_index_ready", "import_hcpcs", "import_mue",
    "import_ncci_ptp", "is_valid_on", "list_modifiers", "list_places_of_service", "mue_limit",
    "ptp_edit", "search", "show", "status",
]

#: ``extra_cpt(query, limit)`` returns CPT hits (code, practice label) from the fee schedule.
CptProvider = Callable[[str, int], list[CodeHit]]


class _Reader:
    """One shared read connection per database, guarded by a lock."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.lock = threading.Lock()
        self.conn, self.has_icd = index_db.open_reader(db)

    def refresh_if_built(self) -> None:
        if not self.has_icd and index_db.icd_index_path(self.db).exists():
            self.conn.close()
            self.conn, self.has_icd = index_db.open_reader(self.db)


T = TypeVar("T")
_readers: dict[Path, _Reader] = {}
_readers_lock = threading.Lock()


def _db(db: Path | None) -> Path:
    return Path(db) if db is not None else paths.codesets_db()


def _reader(db: Path | None) -> _Reader:
    path = _db(db).resolve()
    with _readers_lock:
        reader = _readers.get(path)
        if reader is None:
            reader = _readers[path] = _Reader(path)
        reader.refresh_if_built()
        return reader


def _forget(db: Path | None) -> None:
    path = _db(db).resolve()
    with _readers_lock:
        reader = _readers.pop(path, None)
    if reader is not None:
        with reader.lock:
            reader.conn.close()


def _read(db: Path | None, work: Callable[[sqlite3.Connection, bool], T]) -> T:
    reader = _reader(db)
    with reader.lock:
        return work(reader.conn, reader.has_icd)


def search(query: str, *, system: str = "all", billable_only: bool = False, limit: int = 50,
           extra_cpt: CptProvider | None = None, db: Path | None = None) -> list[CodeHit]:
    """Search every code system: exact code, then code prefix, then words and synonyms.

    Args:
        query: a code (``E1165`` or ``E11.65``) or words (``diab typ 2 hyperg``).
        system: ``all``, ``icd10cm``, ``hcpcs`` or ``cpt``.
        billable_only: leave out categories and terminated codes.
        limit: maximum hits.
        extra_cpt: provider of CPT rows from the practice fee schedule.
        db: code-set database (default: ``paths.codesets_db()``).

    Returns:
        Hits, best first (empty ICD-10-CM part until the index is built).
    """
    return _read(db, lambda conn, has_icd: code_search.search(
        conn, has_icd, query, system=system, billable_only=billable_only, limit=limit,
        extra_cpt=extra_cpt))


def show(code: str, *, system: str | None = None, db: Path | None = None) -> CodeDetail | None:
    """Everything about one code: description, billable, parents, notes, 7th characters.

    Args:
        code: ICD-10-CM (with or without dot) or HCPCS code.
        system: ``icd10cm`` or ``hcpcs`` to restrict the look-up.
        db: code-set database.

    Returns:
        The detail, or ``None`` when the code is unknown.
    """
    return _read(db, lambda conn, has_icd: lookup.detail(conn, has_icd, code, system))


def is_valid_on(code: str, dos: dt.date, *, system: str | None = None,
                db: Path | None = None) -> Validity:
    """Whether a code may be reported for a date of service (billable, in force).

    Args:
        code: ICD-10-CM or HCPCS code.
        dos: date of service.
        system: ``icd10cm`` or ``hcpcs`` to restrict the check.
        db: code-set database.

    Returns:
        The verdict with a message and maybe a suggested code.
    """
    return _read(db, lambda conn, has_icd: lookup.is_valid_on(conn, has_icd, code, dos, system))


def ptp_edit(code_a: str, code_b: str, dos: dt.date, *, db: Path | None = None) -> PtpEdit | None:
    """The NCCI PTP edit between two codes in force on a date of service, if any.

    Args:
        code_a: one code.
        code_b: the other code.
        dos: date of service.
        db: code-set database.

    Returns:
        The edit or ``None``.
    """
    return _read(db, lambda conn, _: edits.ptp_edit(conn, code_a.upper(), code_b.upper(), dos))


def mue_limit(code: str, dos: dt.date, *, db: Path | None = None) -> MueLimit | None:
    """The medically unlikely edit for a code on a date of service, if any.

    Args:
        code: 5-character code.
        dos: date of service.
        db: code-set database.

    Returns:
        The limit or ``None``.
    """
    return _read(db, lambda conn, _: edits.mue_limit(conn, code, dos))


def status(*, db: Path | None = None) -> CodeSetStatus:
    """What reference data is available (ICD release and dates, HCPCS, NCCI, MUE, imports).

    Args:
        db: code-set database.

    Returns:
        The status summary.
    """
    return _read(db, edits.status)


def icd_index_ready(*, db: Path | None = None) -> bool:
    """Whether the ICD-10-CM index exists and matches the installed release.

    Args:
        db: code-set database.

    Returns:
        True when no build is needed.
    """
    return icd10_build.is_index_current(index_db.icd_index_path(_db(db)))


def ensure_icd_index(progress: ProgressFn = no_progress, cancel: CancelToken | None = None, *,
                     db: Path | None = None, force: bool = False) -> bool:
    """Build the ICD-10-CM index if it is missing or from another release (run off the GUI).

    Args:
        progress: ``progress(done, total, label)``.
        cancel: cancel token; a cancel keeps the previous index.
        db: code-set database (the index is written beside it).
        force: rebuild even when current.

    Returns:
        True when a build ran, False when the index was already current.

    Raises:
        Cancelled: the user cancelled.
    """
    target = index_db.icd_index_path(_db(db))
    if not force and icd10_build.is_index_current(target):
        return False
    icd10_build.build_icd_index(target, progress, cancel)
    _forget(db)
    return True


def import_hcpcs(path: Path, progress: ProgressFn = no_progress,
                 cancel: CancelToken | None = None, *, db: Path | None = None) -> ImportResult:
    """Import a CMS HCPCS ANWEB file (replaces the HCPCS codes; idempotent).

    Args:
        path: the ``HCPC<YYYY>_<MON>_ANWEB*.txt`` file.
        progress: progress callback.
        cancel: cancel token.
        db: code-set database.

    Returns:
        The import result.

    Raises:
        ImportRejected: bad records; nothing imported.
        Cancelled: cancelled; nothing imported.
    """
    return hcpcs_import.import_hcpcs(_db(db), Path(path), progress, cancel)


def import_ncci_ptp(paths_: Sequence[Path], progress: ProgressFn = no_progress,
                    cancel: CancelToken | None = None, *, version: str | None = None,
                    db: Path | None = None) -> list[ImportResult]:
    """Import NCCI practitioner PTP text files, all in one transaction.

    Args:
        paths_: the ``.TXT`` files (parts of one quarter).
        progress: progress callback (bytes).
        cancel: cancel token.
        version: ``2026Q3 v32.2r0`` when the file names are not the CMS ones.
        db: code-set database.

    Returns:
        One result per file.

    Raises:
        ImportRejected: bad rows; nothing imported.
        Cancelled: cancelled; nothing imported.
    """
    return ncci_import.import_ncci_ptp(_db(db), [Path(p) for p in paths_], progress, cancel,
                                       version)


def import_mue(path: Path, progress: ProgressFn = no_progress, cancel: CancelToken | None = None,
               *, effective: dt.date | None = None, db: Path | None = None) -> ImportResult:
    """Import a CMS practitioner MUE CSV file.

    Args:
        path: ``MCR_MUE_PractitionerServices_Eff_<MM-DD-YYYY>.csv``.
        progress: progress callback.
        cancel: cancel token.
        effective: the effective date when the file name lacks it.
        db: code-set database.

    Returns:
        The import result.

    Raises:
        ImportRejected: bad rows; nothing imported.
        Cancelled: cancelled; nothing imported.
    """
    return mue_import.import_mue(_db(db), Path(path), progress, cancel, effective)


def list_modifiers() -> tuple[Modifier, ...]:
    """The shipped CPT and HCPCS modifiers (with the NCCI-associated flag).

    Returns:
        Modifiers.
    """
    return modifiers()


def list_places_of_service() -> tuple[PlaceOfService, ...]:
    """The 52 CMS places of service.

    Returns:
        Places of service.
    """
    return places_of_service()
