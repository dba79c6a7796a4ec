"""Queries over the imported NCCI PTP and MUE tables, and the code-set status summary."""

from __future__ import annotations

import datetime as dt
import sqlite3

from app.codesets.index_db import date_int, get_meta, yyyymmdd
from app.codesets.models import CodeSetStatus, ImportRecord, MueLimit, PtpEdit


def ptp_edit(conn: sqlite3.Connection, code_a: str, code_b: str, dos: dt.date) -> PtpEdit | None:
    """The PTP edit in force on a date of service for two codes, in either order.

    Uses the newest imported quarter. An edit applies when ``effective <= DOS`` and (no
    deletion date or ``DOS <= deletion``); indicator 9 rows (edit deleted retroactively)
    never apply. When several rows match, the latest effective date wins.

    Args:
        conn: reader connection.
        code_a: one code (5 characters).
        code_b: the other code.
        dos: date of service.

    Returns:
        The edit (column 1 is the payable code) or ``None``.
    """
    quarter = conn.execute("SELECT max(quarter) FROM ptp").fetchone()[0]
    if quarter is None:
        return None
    day = date_int(dos)
    row = conn.execute(
        "SELECT p.col1, p.col2, p.effective, p.deletion, p.indicator, r.text, p.quarter,"
        " p.version FROM ptp AS p JOIN ptp_rationale AS r ON r.id = p.rationale_id"
        " WHERE p.quarter = ? AND ((p.col1 = ? AND p.col2 = ?) OR (p.col1 = ? AND p.col2 = ?))"
        " AND p.indicator <> 9 AND p.effective <= ? AND (p.deletion IS NULL OR ? <= p.deletion)"
        " ORDER BY p.effective DESC LIMIT 1",
        (quarter, code_a, code_b, code_b, code_a, day, day),
    ).fetchone()
    if row is None:
        return None
    col1, col2, eff, deletion, indicator, rationale, quarter, version = row
    return PtpEdit(col1, col2, yyyymmdd(eff) or dt.date.min, yyyymmdd(deletion), indicator,
                   rationale, f"NCCI PTP {quarter} v{version}")


def mue_limit(conn: sqlite3.Connection, code: str, dos: dt.date) -> MueLimit | None:
    """The MUE for a code from the newest MUE file effective on or before the date.

    Args:
        conn: reader connection.
        code: 5-character code.
        dos: date of service.

    Returns:
        The limit or ``None`` (no file for that date, or no MUE for the code).
    """
    version = conn.execute("SELECT max(version) FROM mue WHERE version <= ?",
                           (dos.isoformat(),)).fetchone()[0]
    if version is None:
        return None
    row = conn.execute("SELECT max_units, adjudication, rationale FROM mue WHERE version = ?"
                       " AND code = ?", (version, code.upper())).fetchone()
    if row is None:
        return None
    return MueLimit(code.upper(), row[0], row[1], row[2], f"MUE effective {version}")


def status(conn: sqlite3.Connection, has_icd: bool) -> CodeSetStatus:
    """Summarise the reference data held.

    Args:
        conn: reader connection.
        has_icd: whether the ICD index is attached.

    Returns:
        The status.
    """
    icd: dict[str, object] = {"icd_ready": False}
    if has_icd:
        total, billable = conn.execute(
            "SELECT count(*), sum(billable) FROM icd.icd_code"
            " WHERE kind NOT IN ('chapter', 'block')").fetchone()
        start, end = get_meta(conn, "valid_from", "icd"), get_meta(conn, "valid_to", "icd")
        icd = {"icd_ready": True, "icd_release": get_meta(conn, "release", "icd") or "",
               "icd_valid_from": dt.date.fromisoformat(start) if start else None,
               "icd_valid_to": dt.date.fromisoformat(end) if end else None,
               "icd_codes": total, "icd_billable": billable or 0}
    hcpcs = conn.execute("SELECT count(*), max(source) FROM hcpcs WHERE is_modifier = 0").fetchone()
    ptp_versions = tuple(f"{q} v{v}" for q, v in conn.execute(
        "SELECT DISTINCT quarter, version FROM ptp ORDER BY quarter DESC"))
    mue_versions = tuple(r[0] for r in conn.execute(
        "SELECT DISTINCT version FROM mue ORDER BY version DESC"))
    imports = tuple(ImportRecord(*r) for r in conn.execute(
        "SELECT kind, file_name, version, rows, imported_at FROM imports ORDER BY id DESC"))
    return CodeSetStatus(
        **icd,  # type: ignore[arg-type]
        hcpcs_codes=hcpcs[0], hcpcs_source=hcpcs[1] or "",
        ptp_rows=conn.execute("SELECT count(*) FROM ptp").fetchone()[0],
        ptp_versions=ptp_versions,
        mue_rows=conn.execute("SELECT count(*) FROM mue").fetchone()[0],
        mue_versions=mue_versions, imports=imports,
    )
