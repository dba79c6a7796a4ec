"""Shared pieces of the importer fuzz tests: nasty values and the invariants checked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.cli.main import main

#: Values that broke importers before: huge and odd numbers, bad dates, control characters.
NASTY_TEXT = [
    "", " ", "1e30", "-1e30", "1E+400", "NaN", "Infinity", "-0", "0.001", "9" * 40,
    "99999999999999999999.99", "-5.00", "$1,234.567", "²", "٣", "2031-02-30", "0000-00-00",
    "9999-12-31", "20261301", "x" * 300, "x" * 200_000, "\x00", "\ufeff", '"', "\r\n",
    "a,b", "\t", "../../etc/passwd", "é", "\udcff",
]


def table_dump(path: Path) -> list[tuple[str, list[tuple[object, ...]]]]:
    """Every row of every table (the state a failed import must leave unchanged)."""
    if not path.exists():
        return []
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE '%fts%' ORDER BY name")]
        return [(n, sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr))
                for n in names]


def run_cli(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    """Run ``claimdesk argv`` in process; the exit code must be 0 or 1, never a traceback."""
    code = main(argv)
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert "Traceback" not in err
    if code == 1:
        lines = err.replace("\r", "\n").splitlines()
        assert any(line.startswith("claimdesk: ") for line in lines), err
    return code, out, err


def write_bytes(path: Path, data: str | bytes) -> None:
    """Write text as UTF-8 (lone surrogates as bytes that are not UTF-8), bytes as they are."""
    path.write_bytes(data if isinstance(data, bytes)
                     else data.encode("utf-8", errors="surrogateescape"))
