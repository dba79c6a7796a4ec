"""Recorded outputs are idempotent and atomic: appeal letters and the statements mailing CSV."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.services import appeals, claims, denials, printing, statements
from app.store.database import Database
from tests.conftest import DEMO_TODAY
from tests.ui.test_remits_denials import build_denials

OPTS = statements.RunOptions(statement_date=DEMO_TODAY, min_balance=Decimal("40.00"))


def _counts(db: Database) -> dict[str, int]:
    conn = sqlite3.connect(db.path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("audit_log", "claim_history", "statements", "denials")}
    finally:
        conn.close()


def _out(tmp_path: Path) -> Path:
    """An output folder of its own (the test's database lives in ``tmp_path``)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _denial(db: Database) -> Any:
    build_denials(db)
    return next(i for i in denials.work_queue(db) if i.reason_code == "27")


def test_saving_the_same_appeal_twice_records_once(db: Database, tmp_path: Path) -> None:
    item = _denial(db)
    path, changes = appeals.write_appeal(db, item.id, tmp_path / "appeal.pdf")
    assert path.exists() and changes.claims
    once = _counts(db)
    history = len(claims.history(db, item.claim_id))
    again, changes2 = appeals.write_appeal(db, item.id, tmp_path / "appeal.pdf")
    assert again.exists() and not changes2.claims
    assert _counts(db) == once and len(claims.history(db, item.claim_id)) == history
    assert claims.get_claim(db, item.claim_id)[0].status == "appealed"
    assert sorted(p.name for p in tmp_path.glob("appeal*")) == ["appeal.pdf"]


def test_the_appeal_letter_gets_its_name_only_after_the_commit(db: Database, tmp_path: Path,
                                                               monkeypatch: Any) -> None:
    item = _denial(db)
    out = tmp_path / "appeal.pdf"
    seen: list[tuple[bool, bool]] = []
    real = denials.record_appeal

    def watching(session: Any, denial_id: int, note: str) -> bool:
        seen.append((out.exists(), out.with_name("appeal.pdf.part").exists()))
        return real(session, denial_id, note)

    monkeypatch.setattr(denials, "record_appeal", watching)
    appeals.write_appeal(db, item.id, out)
    assert seen == [(False, True)] and out.exists()


def test_a_failed_appeal_commit_leaves_no_letter_and_nothing_recorded(
        db: Database, tmp_path: Path, monkeypatch: Any) -> None:
    item = _denial(db)
    before = _counts(db)
    status = claims.get_claim(db, item.claim_id)[0].status

    def broken(*args: Any) -> bool:
        raise OSError("disk full")

    monkeypatch.setattr(denials, "record_appeal", broken)
    folder = tmp_path / "letters"
    folder.mkdir()
    with pytest.raises(OSError):
        appeals.write_appeal(db, item.id, folder / "a.pdf")
    assert list(folder.iterdir()) == []
    assert _counts(db) == before and claims.get_claim(db, item.claim_id)[0].status == status
    assert next(i for i in denials.work_queue(db) if i.id == item.id).state == "open"


def test_a_failed_final_run_leaves_no_pdf_no_csv_and_nothing_recorded(
        demo_db: Database, tmp_path: Path, monkeypatch: Any) -> None:
    tmp_path = _out(tmp_path)
    before = _counts(demo_db)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError("disk full")

    monkeypatch.setattr(statements, "final_run", broken)
    with pytest.raises(OSError):
        printing.print_statements(demo_db, tmp_path / "s.pdf", OPTS, final=True,
                                  csv_out=tmp_path / "mail.csv")
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == []
    assert _counts(demo_db) == before


def test_a_failed_mailing_csv_leaves_no_pdf_and_nothing_recorded(
        demo_db: Database, tmp_path: Path, monkeypatch: Any) -> None:
    tmp_path = _out(tmp_path)
    before = _counts(demo_db)

    def broken(rows: Any, out: Path) -> int:
        out.write_text("account_number,guar")  # half written, then the disk fills up
        raise OSError("disk full")

    monkeypatch.setattr(statements, "write_mailing_csv", broken)
    with pytest.raises(OSError):
        printing.print_statements(demo_db, tmp_path / "s.pdf", OPTS, final=True,
                                  csv_out=tmp_path / "mail.csv")
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == []
    assert _counts(demo_db) == before


def test_the_mailing_csv_is_renamed_with_the_pdf_and_a_rerun_records_once(
        demo_db: Database, tmp_path: Path, monkeypatch: Any) -> None:
    tmp_path = _out(tmp_path)
    real = statements.final_run
    seen: list[list[str]] = []

    def watching(*args: Any, **kwargs: Any) -> Any:
        seen.append(sorted(p.name for p in tmp_path.iterdir() if p.is_file()))
        return real(*args, **kwargs)

    monkeypatch.setattr(statements, "final_run", watching)
    count, _, _ = printing.print_statements(demo_db, tmp_path / "s.pdf", OPTS, final=True,
                                            csv_out=tmp_path / "mail.csv")
    assert count and seen == [["mail.csv.part", "s.pdf.part"]]
    once = _counts(demo_db)
    rows = (tmp_path / "mail.csv").read_text()
    printing.print_statements(demo_db, tmp_path / "s.pdf", OPTS, final=True,
                              csv_out=tmp_path / "mail.csv")
    assert _counts(demo_db) == once and (tmp_path / "mail.csv").read_text() == rows
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["mail.csv", "s.pdf"]
