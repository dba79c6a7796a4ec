"""``deposits``, ``day-close``, ``plans`` and ``collections`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.domain.ledger import EntryKind
from app.store.database import Database
from tests.money_day import build, patient_entry


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_deposits_and_day_close(db: Database, db_path: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    p = build(db)
    arg = ["--db", str(db_path)]
    code, out, _ = run(capsys, "deposits", "list", "--json", *arg)
    listed = json.loads(out)
    [eft] = listed["deposits"]
    assert code == 0 and eft["kind"] == "eft" and len(listed["undeposited"]) == 3
    code, out, _ = run(capsys, "deposits", "open", "--date", "2025-02-01", "--json", *arg)
    dep = json.loads(out)["id"]
    code, out, _ = run(capsys, "deposits", "add", str(dep), "--entry",
                       str(p.entries["doe_check"]), "--entry", str(p.entries["brown_cash"]), *arg)
    assert code == 0 and "2 payment(s), total 65.00" in out
    code, _, err = run(capsys, "deposits", "close", str(dep), "--slip", "64.00", *arg)
    assert code == 1 and "totals 65.00 but the bank slip says 64.00" in err
    code, out, _ = run(capsys, "deposits", "close", str(dep), "--slip", "$65.00", *arg)
    assert code == 0 and "closed" in out
    code, out, _ = run(capsys, "deposits", "list", "--open", *arg)
    assert "EFT20250201001" in out and "checks and cash" not in out
    code, _, err = run(capsys, "deposits", "add", str(dep), "--entry",
                       str(p.entries["doe_card"]), *arg)
    assert code == 1 and "is closed" in err
    pdf, csv_file = tmp_path / "day.pdf", tmp_path / "day.csv"
    code, out, _ = run(capsys, "day-close", "--date", "2025-02-01", "--out", str(pdf),
                       "--csv", str(csv_file), "--json", *arg)
    report = json.loads(out)
    assert code == 0 and report["totals"]["payment"] == "262.40" and report["net"] == "-140.00"
    assert pdf.read_bytes().startswith(b"%PDF") and "total,charge,,180.00" in csv_file.read_text()
    code, _, err = run(capsys, "deposits", "close", "999", "--slip", "1", *arg)
    assert code == 1 and "no deposit 999" in err


def test_plans_and_collections(db: Database, db_path: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    p = build(db)
    arg = ["--db", str(db_path)]
    patient_entry(db, p.doe, EntryKind.CHARGE, "250.00")  # Doe now owes 200.00
    code, out, _ = run(capsys, "plans", "add", "--patient", str(p.doe), "--monthly", "50",
                       "--first-due", "2025-03-01", "--json", *arg)
    assert code == 0 and json.loads(out)["plan_total"] == "200.00"
    code, out, _ = run(capsys, "plans", "missed", "--today", "2025-03-02", "--json", *arg)
    [miss] = json.loads(out)
    assert miss["behind"] == "50.00"
    code, out, _ = run(capsys, "collections", "proposals", "--today", "2026-01-01", *arg)
    assert code == 0 and "P1" not in out  # on a plan
    code, out, _ = run(capsys, "collections", "letters", str(p.doe), "--out",
                       str(tmp_path / "l.pdf"), "--today", "2025-06-01", *arg)
    assert code == 0 and "1 final-demand letter(s)" in out
    code, out, _ = run(capsys, "collections", "send", str(p.doe), "--today", "2025-06-01",
                       "--json", *arg)
    [acct] = json.loads(out)
    assert acct["bucket"] == "200.00"
    code, out, _ = run(capsys, "collections", "export", "--csv", str(tmp_path / "a.csv"), *arg)
    assert code == 0 and "1 account(s) exported" in out
    code, out, _ = run(capsys, "collections", "payment", str(acct["id"]), "--gross", "100",
                       "--date", "2025-07-01", *arg)
    assert code == 0 and "payment 70.00, fee 30.00" in out
    code, _, err = run(capsys, "collections", "payment", str(acct["id"]), "--gross", "500", *arg)
    assert code == 1 and "at most 100.00" in err
