"""statements --final records each statement once, and never leaves an unrecorded final file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.cli.main import main
from app.services import statements as statement_service


def _recorded(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM statements").fetchone()[0])


def _run(capsys: pytest.CaptureFixture[str], db: Path, out: Path) -> dict[str, object]:
    code = main(["statements", "--final", "--date", "2026-11-23", "--out", str(out),
                 "--db", str(db), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def test_final_run_twice_records_every_statement_once(
        demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = _run(capsys, demo_db_path, tmp_path / "a.pdf")
    count = first["statements"]
    assert count and first["already_recorded"] == 0 and _recorded(demo_db_path) == count
    second = _run(capsys, demo_db_path, tmp_path / "b.pdf")
    assert second["already_recorded"] == count
    assert _recorded(demo_db_path) == count
    main(["statements", "--final", "--date", "2026-11-23", "--out", str(tmp_path / "c.pdf"),
          "--db", str(demo_db_path)])
    assert "already recorded for 2026-11-23" in capsys.readouterr().out


def test_a_failure_between_pdf_and_commit_leaves_no_final_file(
        demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> None:
        raise OSError("disk full (injected after the PDF was written)")

    monkeypatch.setattr(statement_service.src, "record_statement", broken)
    out = tmp_path / "final.pdf"
    code = main(["statements", "--final", "--date", "2026-11-23", "--out", str(out),
                 "--db", str(demo_db_path)])
    assert code == 1 and "disk full" in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.glob("final.pdf*"))
    assert _recorded(demo_db_path) == 0
    monkeypatch.undo()
    assert _run(capsys, demo_db_path, out)["already_recorded"] == 0 and out.exists()
