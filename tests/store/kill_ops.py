"""Operations the kill-9 tests interrupt, and the state signature they compare.

Each operation is run once in a child process (killed at a chosen SQL statement, or just
before its output file is renamed into place) and again in the test process (the re-run).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.domain.errors import UserError

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 30)


def _export(db: Any, folder: Path) -> None:
    from app.services import batches

    batches.export_837(db, folder / "batch.txt", validate=False, now=NOW)


def _post(db: Any, folder: Path) -> None:
    from app.services import remittances

    remittances.import_835(db, folder / "era.835", today=TODAY)


def _build(db: Any, folder: Path) -> None:
    from app.services import billing
    from tests.scrub.fakes import FakeFacts

    billing.build_claims(db, facts=FakeFacts(), today=TODAY)


def _statements(db: Any, folder: Path) -> None:
    from app.services import printing
    from app.services.statements import RunOptions

    opts = RunOptions(TODAY, min_balance=Decimal("40.00"))
    printing.print_statements(db, folder / "statements.pdf", opts, final=True,
                              csv_out=folder / "mailing.csv")


def _import_json(db: Any, folder: Path) -> None:
    from app.services import practice_io

    practice_io.import_json(db, folder / "practice.json")


OPERATIONS: dict[str, Callable[[Any, Path], None]] = {
    "export": _export, "post": _post, "build": _build, "statements": _statements,
    "import-json": _import_json,
}
OUTPUTS = {"export": ("batch.txt",), "statements": ("statements.pdf", "mailing.csv")}


def run(op: str, db: Any, folder: Path) -> bool:
    """Run ``op``; False when the service refused because there was nothing left to do."""
    try:
        OPERATIONS[op](db, folder)
    except UserError:
        return False
    return True


def signature(path: Path) -> dict[str, Any]:
    """Row counts of every table, claim states and the counters: equal means same state."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        state: dict[str, Any] = {
            t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        state["claims*"] = conn.execute(
            "SELECT id, status, version FROM claims ORDER BY id").fetchall()
        state["ledger*"] = conn.execute(
            "SELECT kind, sum(amount) FROM ledger_entries GROUP BY kind ORDER BY kind").fetchall()
        state["settings*"] = conn.execute(
            "SELECT key, value FROM settings ORDER BY key").fetchall()
        return state
    finally:
        conn.close()


def integrity(path: Path) -> str:
    """``PRAGMA integrity_check`` of the file."""
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()
