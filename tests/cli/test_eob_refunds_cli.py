"""``eob post`` (and ``refunds``) from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.store.database import Database
from tests.services.test_paper_eob import EOB, _practice


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_eob_post_preview_post_and_refusal(db: Database, db_path: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    _practice(db)
    arg = ["--db", str(db_path)]
    path = tmp_path / "eob.json"
    path.write_text(json.dumps(EOB))
    code, out, _ = run(capsys, "eob", "post", str(path), "--dry-run", *arg)
    assert code == 0 and "Preview (nothing posted)" in out and "denials 2" in out
    code, out, _ = run(capsys, "eob", "post", str(path), "--json", *arg)
    assert code == 0 and json.loads(out)["paid"] == "48.00"
    code, out, _ = run(capsys, "eob", "post", str(path), *arg)
    assert code == 0 and "2 claim(s) held, not posted" in out and "duplicate" in out
    bad = json.loads(json.dumps(EOB))
    bad["claims"][1]["lines"][0]["paid"] = "5.00"
    path.write_text(json.dumps(bad))
    code, _, err = run(capsys, "eob", "post", str(path), *arg)
    assert code != 0 and "EOB claim PCN0006 line 1 (99213)" in err and "Traceback" not in err
