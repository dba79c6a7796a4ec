"""Code detail (description, parents, notes, 7th-character table) and date-of-service checks."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3

from app.codesets.index_db import date_int, get_meta, normalize_code, yyyymmdd
from app.codesets.models import CodeDetail, SeventhChar, Validity

#: Notes that apply to every code below the one carrying them.
INHERITED_NOTES = ("includes", "excludes1", "excludes2", "code_first", "use_additional",
                   "code_also", "notes")
_ICD_ROW = ("SELECT code, kind, description, billable, parent, seventh_from, n_billable"
            " FROM icd.icd_code WHERE nodot = ?")


def icd_release(conn: sqlite3.Connection) -> tuple[str, dt.date | None, dt.date | None]:
    """The attached ICD-10-CM index's release name and validity dates.

    Args:
        conn: reader connection with ``icd`` attached.

    Returns:
        (name, valid_from, valid_to).
    """
    start, end = get_meta(conn, "valid_from", "icd"), get_meta(conn, "valid_to", "icd")
    return (get_meta(conn, "release", "icd") or "",
            dt.date.fromisoformat(start) if start else None,
            dt.date.fromisoformat(end) if end else None)


def detail(conn: sqlite3.Connection, has_icd: bool, code: str,
           system: str | None = None) -> CodeDetail | None:
    """Everything known about a code (ICD-10-CM first, then HCPCS), or ``None``.

    Args:
        conn: reader connection.
        has_icd: whether the ICD index is attached.
        code: the code, with or without dot, any case.
        system: restrict to ``icd10cm`` or ``hcpcs``.

    Returns:
        The detail or ``None`` when the code is unknown.
    """
    key = normalize_code(code)
    if has_icd and system in (None, "icd10cm"):
        row = conn.execute(_ICD_ROW, (key,)).fetchone()
        if row:
            return _icd_detail(conn, row)
    if system in (None, "hcpcs"):
        return _hcpcs_detail(conn, key)
    return None


def _icd_detail(conn: sqlite3.Connection, row: tuple[object, ...]) -> CodeDetail:
    code, kind, description, billable, parent, seventh_from, n_billable = row
    chain: list[tuple[str, str]] = []
    current = parent
    while current:
        found = conn.execute("SELECT code, description, parent FROM icd.icd_code WHERE code = ?",
                             (current,)).fetchone()
        if not found or found[0] in {c for c, _ in chain}:
            break
        chain.append((found[0], found[1]))
        current = found[2]
    chain.reverse()
    children = tuple(conn.execute(
        "SELECT code, description FROM icd.icd_code WHERE parent = ? AND code <> ? ORDER BY ord",
        (code, code)))
    name, start, end = icd_release(conn)
    return CodeDetail(
        "icd10cm", str(code), str(description), bool(billable), str(kind), tuple(chain),
        children, int(n_billable),  # type: ignore[call-overload]
        _icd_notes(conn, str(code), [c for c, _ in chain]),
        _seventh(conn, seventh_from), str(seventh_from or ""), valid_from=start, valid_to=end,
        extra={"release": name},
    )


def _icd_notes(conn: sqlite3.Connection, code: str,
               ancestors: list[str]) -> dict[str, tuple[str, ...]]:
    notes: dict[str, list[str]] = {}
    for kind, text in conn.execute(
            "SELECT kind, text FROM icd.icd_note WHERE code = ? ORDER BY kind, seq", (code,)):
        notes.setdefault(kind, []).append(text)
    for ancestor in reversed(ancestors):
        for kind, text in conn.execute(
                "SELECT kind, text FROM icd.icd_note WHERE code = ? ORDER BY kind, seq",
                (ancestor,)):
            if kind in INHERITED_NOTES or kind == "seventh_note" and "seventh_note" not in notes:
                notes.setdefault(kind, []).append(f"{text} [{ancestor}]")
    return {kind: tuple(texts) for kind, texts in notes.items()}


def _seventh(conn: sqlite3.Connection, seventh_from: object) -> tuple[SeventhChar, ...]:
    if not seventh_from:
        return ()
    return tuple(SeventhChar(c, m) for c, m in conn.execute(
        "SELECT char, meaning FROM icd.icd_seventh WHERE code = ? ORDER BY char",
        (seventh_from,)))


def _hcpcs_detail(conn: sqlite3.Connection, key: str) -> CodeDetail | None:
    row = conn.execute(
        "SELECT code, is_modifier, long_desc, short_desc, pricing, coverage, added,"
        " termination, action, source FROM hcpcs WHERE code = ?", (key,)).fetchone()
    if not row:
        return None
    code, is_mod, long_desc, short, pricing, coverage, added, term, action, source = row
    active = term is None or term >= date_int(dt.date.today())
    return CodeDetail(
        "hcpcs", code, long_desc, active, "modifier" if is_mod else "hcpcs",
        short_description=short, valid_from=yyyymmdd(added), valid_to=yyyymmdd(term),
        extra={"pricing": pricing, "coverage": coverage, "action": action, "release": source},
    )


def is_valid_on(conn: sqlite3.Connection, has_icd: bool, code: str, dos: dt.date,
                system: str | None = None) -> Validity:
    """Whether a code may be reported for a date of service.

    ICD-10-CM: the code must be billable (a leaf, with its 7th character where required)
    and the date of service must fall inside the installed release. HCPCS: added on or
    before the date and not terminated before it.

    Args:
        conn: reader connection.
        has_icd: whether the ICD index is attached.
        code: the code, with or without dot.
        dos: date of service.
        system: ``icd10cm`` or ``hcpcs`` (default: whichever knows the code).

    Returns:
        The verdict with a plain message and, for ICD-10-CM, a suggested code when one is
        obvious (missing 7th character or placeholder X).
    """
    key = normalize_code(code)
    row = None
    if has_icd and system in (None, "icd10cm"):
        row = conn.execute(_ICD_ROW, (key,)).fetchone()
        if row or system == "icd10cm":
            return _icd_validity(conn, key, row, dos)
    if system in (None, "hcpcs"):
        verdict = _hcpcs_validity(conn, key, dos)
        if verdict is not None:
            return verdict
    if has_icd and system is None and key[:1].isalpha() and key[1:2].isdigit():
        return _icd_validity(conn, key, None, dos)
    return Validity(False, f"{code} is not a known code.")


def _icd_validity(conn: sqlite3.Connection, key: str, row: tuple[object, ...] | None,
                  dos: dt.date) -> Validity:
    name, start, end = icd_release(conn)
    if start and end and not start <= dos <= end:
        return Validity(False, f"{name} covers dates of service {start:%m/%d/%Y} to "
                        f"{end:%m/%d/%Y}; {dos:%m/%d/%Y} needs another ICD-10-CM release.")
    if row is None:
        suggestion = _placeholder_fix(conn, key)
        hint = f" Did you mean {suggestion}?" if suggestion else ""
        return Validity(False, f"{key} is not an ICD-10-CM code.{hint}", suggestion)
    code, kind, _desc, billable, _parent, seventh_from, n_billable = row
    if billable:
        return Validity(True, f"{code} is billable in {name}.")
    if seventh_from and kind != "category" or seventh_from and not n_billable:
        first = conn.execute("SELECT code FROM icd.icd_code WHERE parent = ? ORDER BY ord LIMIT 1",
                             (code,)).fetchone()
        suggestion = first[0] if first and len(str(first[0]).replace(".", "")) == 7 else ""
        if suggestion:
            return Validity(False, f"{code} needs a 7th character (see the table for category "
                            f"{seventh_from}).", suggestion)
    return Validity(False, f"{code} is a {kind}, not billable: choose one of its "
                    f"{n_billable} billable codes.")


def _placeholder_fix(conn: sqlite3.Connection, key: str) -> str:
    """For ``T3601A`` try the placeholder X where it is missing: ``T36.0X1A``."""
    if len(key) < 4 or len(key) >= 7:
        return ""
    missing = 7 - len(key)
    body, last = key[:-1], key[-1]
    for positions in itertools.combinations(range(3, len(body) + 1), missing):
        chars = list(body)
        for offset, pos in enumerate(positions):
            chars.insert(pos + offset, "X")
        candidate = "".join(chars) + last
        row = conn.execute("SELECT code FROM icd.icd_code WHERE nodot = ? AND billable = 1",
                           (candidate,)).fetchone()
        if row:
            return str(row[0])
    return ""


def _hcpcs_validity(conn: sqlite3.Connection, key: str, dos: dt.date) -> Validity | None:
    row = conn.execute("SELECT code, added, termination FROM hcpcs WHERE code = ? AND"
                       " is_modifier = 0", (key,)).fetchone()
    if row is None:
        return None
    code, added, term = row
    day = date_int(dos)
    if added is not None and day < added:
        return Validity(False, f"{code} was added on {yyyymmdd(added):%m/%d/%Y}, after the date "
                        f"of service {dos:%m/%d/%Y}.")
    if term is not None and day > term:
        return Validity(False, f"{code} was discontinued: its last valid date was "
                        f"{yyyymmdd(term):%m/%d/%Y}.")
    return Validity(True, f"{code} is valid on {dos:%m/%d/%Y}.")
