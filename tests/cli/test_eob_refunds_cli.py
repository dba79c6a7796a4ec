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


def test_refunds_list_and_add_with_letter(db: Database, db_path: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from tests.services.test_refunds import _patient_credit

    p = _patient_credit(db)
    arg = ["--db", str(db_path)]
    code, out, _ = run(capsys, "refunds", "list", "--json", *arg)
    [row] = json.loads(out)
    assert code == 0 and row["key"] == f"P{p['patient']}" and row["amount"] == "30.00"
    code, _, err = run(capsys, "refunds", "add", "--credit", row["key"], "--check", "5001",
                       "--reason", "overpaid", "--amount", "abc", *arg)
    assert code != 0 and "not an amount" in err
    letter = tmp_path / "refund.pdf"
    code, out, _ = run(capsys, "refunds", "add", "--credit", row["key"], "--check", "5001",
                       "--reason", "overpaid copay", "--letter", str(letter), *arg)
    assert code == 0 and "Refunded 30.00 to the patient by check 5001" in out
    assert letter.read_bytes().startswith(b"%PDF")
    code, out, _ = run(capsys, "refunds", "list", *arg)
    assert code == 0 and "No credit balances." in out
    code, _, err = run(capsys, "refunds", "add", "--credit", row["key"], "--check", "5002",
                       "--reason", "again", *arg)
    assert code == 1 and "not open" in err and "Traceback" not in err
