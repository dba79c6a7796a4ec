"""Credit balances and refunds: patient credit, payer duplicates, offsets, letters, crashes."""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.domain.errors import UserError
from app.domain.ledger import patient_balance
from app.services import claims, paper_eob, refunds, remit_screen
from app.store import refunds_repo, remit_holds
from app.store import repository as repo
from app.store.database import Database
from tests.services.test_paper_eob import _eob, _practice
from tests.services.test_patient_payments import make_patient_owe, pay, practice

D = Decimal
ON = date(2025, 5, 1)


def balance(db: Database, patient: int) -> Decimal:
    with db.reading() as s:
        return patient_balance(repo.entries_for(s, patient_id=patient))


def _patient_credit(db: Database) -> dict[str, Any]:
    p = practice(db)
    make_patient_owe(db, p["claims"][0], "20.00")
    pay(db, p["patient"], "50.00")  # 20 to the visit, 30 unapplied credit
    return p


def test_patient_credit_refund_closes_it_with_a_letter(db: Database, tmp_path: Path) -> None:
    p = _patient_credit(db)
    [row] = refunds.credit_list(db)
    assert (row.key, row.owed_to, row.amount, row.can_offset) == (
        f"P{p['patient']}", "patient", D("30.00"), False)
    done, changes = refunds.refund(db, row.key, "5001", "overpaid copay", on=ON)
    assert done.amount == D("30.00") and changes.payments
    assert balance(db, p["patient"]) == D("0.00") and refunds.credit_list(db) == []
    with db.reading() as s:
        [closed] = remit_holds.credit_balances(s, None)
    assert (closed.state, closed.refund_state, closed.owed_to) == ("refunded", "done", "patient")
    out = tmp_path / "refund.pdf"
    refunds.write_refund_letter(db, done, out)
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "REFUND OF CREDIT BALANCE" in text and "5001" in text and "30.00" in text
    with pytest.raises(UserError, match="not open"):
        refunds.refund(db, row.key, "5002", "again", on=ON)


def test_offset_against_another_visit_of_the_patient(db: Database) -> None:
    p = _patient_credit(db)
    make_patient_owe(db, p["claims"][1], "25.00")
    [row] = refunds.credit_list(db)
    assert row.can_offset and row.owed_elsewhere == D("25.00")
    moves, _ = refunds.offset(db, row.key, on=ON)
    assert sum(m.amount for m in moves) == D("25.00")
    [left] = refunds.credit_list(db)
    assert left.amount == D("5.00") and not left.can_offset
    assert balance(db, p["patient"]) == D("-5.00")


def _duplicate_credit(db: Database) -> tuple[dict[str, Any], str]:
    made = _practice(db)
    paper_eob.post_paper_eob(db, _eob())
    again, _ = paper_eob.post_paper_eob(db, _eob(check_number="77"))
    hold = next(h for h in remit_screen.held_items(db) if h.paid > 0)
    remit_screen.post_knowingly(db, hold.id or 0, "keyed twice")
    [row] = refunds.credit_list(db)
    return made, row.key


def test_payer_duplicate_refunded_back_to_the_payer(db: Database, tmp_path: Path) -> None:
    made, key = _duplicate_credit(db)
    assert claims.get_claim(db, made["PCN0005"].id)[1].paid == D("96.00")
    [row] = refunds.credit_list(db)
    assert (row.owed_to, row.payer, row.claim, row.amount) == (
        "payer", "Acme Health Plan", "PCN0005", D("48.00"))
    with pytest.raises(UserError, match="owed to a payer"):
        refunds.offset(db, key)
    done, _ = refunds.refund(db, key, "9001", "duplicate payment", on=ON)
    _, money = claims.get_claim(db, made["PCN0005"].id)
    assert money.paid == D("48.00") and money.balance == D("0.00")
    assert refunds.credit_list(db) == []
    with db.reading() as s:
        assert [c.refund_state for c in remit_holds.credit_balances(s, None)] == ["done"]
    out = tmp_path / "payer.pdf"
    refunds.write_refund_letter(db, done, out)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Acme Health Plan" in text and "PCN0005" in text


def test_crash_mid_refund_leaves_the_credit_open(db: Database,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    made, key = _duplicate_credit(db)

    def crash(*_: Any, **__: Any) -> bool:
        raise OSError("disk full")

    monkeypatch.setattr(refunds_repo, "close_credit", crash)
    with pytest.raises(OSError):
        refunds.refund(db, key, "9001", "duplicate payment", on=ON)
    monkeypatch.undo()
    assert claims.get_claim(db, made["PCN0005"].id)[1].paid == D("96.00")
    assert [r.key for r in refunds.credit_list(db)] == [key]
    assert refunds.refund(db, key, "9001", "duplicate payment", on=ON)[0].amount == D("48.00")


def test_refund_needs_check_and_reason(db: Database) -> None:
    p = _patient_credit(db)
    with pytest.raises(UserError, match="check number"):
        refunds.refund(db, f"P{p['patient']}", " ", "x")
    with pytest.raises(UserError, match="at most the credit"):
        refunds.refund(db, f"P{p['patient']}", "1", "x", amount=D("31.00"))
    with pytest.raises(UserError, match="not in the list"):
        refunds.refund(db, "Z9", "1", "x")


def test_refunded_practice_round_trips_through_json(db: Database, tmp_path: Path) -> None:
    from app.services import practice_io, workspace

    p = _patient_credit(db)
    refunds.refund(db, f"P{p['patient']}", "5001", "overpaid copay", on=ON)
    first = practice_io.document_json(practice_io.export_document(db))
    other = workspace.open_database(tmp_path / "copy.sqlite3")
    practice_io.import_document(other, practice_io.parse_document(first, "a.json"))
    assert practice_io.document_json(practice_io.export_document(other)) == first
    assert '"table": "credit_balances"' in first
    other.dispose()
