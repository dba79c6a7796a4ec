"""Deposits: EFTs join their trace's deposit, totals must match the slip, closed never changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.domain.deposits import DepositKind, PaymentMethod
from app.domain.errors import UserError
from app.services import deposits, remittances
from app.store import deposits_repo
from app.store.database import Database
from tests.money_day import DAY, ERA, D, build


def test_an_era_eft_joins_the_deposit_of_its_trace(db: Database) -> None:
    build(db)
    [dep] = deposits.list_deposits(db)
    assert dep.kind == DepositKind.EFT and dep.reference == "EFT20250201001"
    assert dep.total == D("182.40") and dep.deposit_date == DAY and not dep.is_closed
    assert [i.payment_id is not None for i in dep.items] == [True]
    again, _ = remittances.import_835(db, ERA, today=DAY, validate_structure=False)
    assert again.payments == 0 and len(deposits.list_deposits(db)) == 1
    assert deposits.file_era_payments(db)[0] == []


def test_undeposited_lists_patient_payments_not_refunds(db: Database) -> None:
    p = build(db)
    left = deposits.undeposited(db)
    assert [(u.source, u.id, u.amount) for u in left] == [
        ("ledger", p.entries["brown_cash"], D("25.00")),
        ("ledger", p.entries["doe_check"], D("40.00")),
        ("ledger", p.entries["doe_card"], D("15.00"))]


def test_close_needs_the_slip_amount_then_nothing_changes(db: Database) -> None:
    p = build(db)
    dep, _ = deposits.open_deposit(db, DepositKind.CASH_CHECK, DAY, "slip 77")
    deposits.add_payments(db, dep.id, entry_ids=[p.entries["brown_cash"]],
                          method=PaymentMethod.CASH)
    dep, _ = deposits.add_payments(db, dep.id, entry_ids=[p.entries["doe_check"]])
    assert dep.total == D("65.00")
    with pytest.raises(UserError, match=r"totals 65.00 but the bank slip says 60.00 "
                                        r"\(difference -5.00\)"):
        deposits.close_deposit(db, dep.id, D("60.00"))
    assert not deposits.get_deposit(db, dep.id).is_closed
    closed, _ = deposits.close_deposit(db, dep.id, D("65.00"))
    assert closed.is_closed and closed.slip_amount == D("65.00") and closed.closed_at
    with pytest.raises(UserError, match="is closed"):
        deposits.add_payments(db, dep.id, entry_ids=[p.entries["doe_card"]])
    with pytest.raises(UserError, match="is closed"):
        deposits.remove_item(db, closed.items[0].id)
    with pytest.raises(UserError, match="is closed"):
        deposits.close_deposit(db, dep.id, D("65.00"))
    assert deposits.get_deposit(db, dep.id) == closed
    assert deposits.list_deposits(db, open_only=True)[0].kind == DepositKind.EFT


def test_a_payment_goes_in_one_deposit_only(db: Database) -> None:
    p = build(db)
    a, _ = deposits.open_deposit(db, DepositKind.CASH_CHECK, DAY)
    b, _ = deposits.open_deposit(db, DepositKind.CARD, DAY)
    deposits.add_payments(db, a.id, entry_ids=[p.entries["doe_card"]])
    with pytest.raises(UserError, match=f"already in deposit {a.id}"):
        deposits.add_payments(db, b.id, entry_ids=[p.entries["doe_card"]])
    with pytest.raises(UserError, match="not a payment"):
        deposits.add_payments(db, b.id, entry_ids=[p.entries["doe_refund"]])
    [eft] = [d for d in deposits.list_deposits(db) if d.kind == DepositKind.EFT]
    with pytest.raises(UserError, match=f"already in deposit {eft.id}"):
        deposits.add_payments(db, b.id, era_payment_ids=[eft.items[0].payment_id or 0])


def test_adding_is_all_or_nothing(db: Database) -> None:
    p = build(db)
    dep, _ = deposits.open_deposit(db, DepositKind.CASH_CHECK, DAY)
    with pytest.raises(UserError):
        deposits.add_payments(db, dep.id, entry_ids=[p.entries["doe_check"],
                                                     p.entries["doe_refund"]])
    assert deposits.get_deposit(db, dep.id).items == ()


def test_a_crash_while_closing_leaves_the_deposit_open(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    build(db)
    [eft] = deposits.list_deposits(db)
    real = deposits_repo.get
    calls = {"n": 0}

    def crash_after_update(session: object, deposit_id: int) -> object:
        calls["n"] += 1
        if calls["n"] == 2:  # the re-read after the state was written
            raise OSError("disk full")
        return real(session, deposit_id)  # type: ignore[arg-type]

    monkeypatch.setattr(deposits_repo, "get", crash_after_update)
    with pytest.raises(OSError):
        deposits.close_deposit(db, eft.id, D("182.40"))
    monkeypatch.undo()
    assert not deposits.get_deposit(db, eft.id).is_closed


def test_the_database_refuses_changing_a_closed_deposit(db: Database) -> None:
    build(db)
    [eft] = deposits.list_deposits(db)
    with db.write_engine.connect() as conn:
        with pytest.raises(IntegrityError, match="differs from the bank slip"):
            conn.execute(text("UPDATE deposits SET state='closed', slip_amount=100, "
                              "closed_at=CURRENT_TIMESTAMP WHERE id=:i"), {"i": eft.id})
        conn.rollback()
    deposits.close_deposit(db, eft.id, D("182.40"))
    statements = [
        "UPDATE deposits SET slip_amount = 1 WHERE id = :i",
        "UPDATE deposits SET state = 'open' WHERE id = :i",
        "DELETE FROM deposits WHERE id = :i",
        "UPDATE deposit_items SET amount = 1 WHERE deposit_id = :i",
        "DELETE FROM deposit_items WHERE deposit_id = :i",
        "INSERT INTO deposit_items (deposit_id, ledger_entry_id, method, amount, added_at) "
        "SELECT :i, MAX(id), 'cash', 100, CURRENT_TIMESTAMP FROM ledger_entries",
    ]
    for sql in statements:
        with db.write_engine.connect() as conn:
            with pytest.raises(IntegrityError, match="closed deposit cannot change"):
                conn.execute(text(sql), {"i": eft.id})
            conn.rollback()
    assert deposits.get_deposit(db, eft.id).total == D("182.40")


def test_a_paper_check_era_is_deposited_by_choice(db: Database, tmp_path: Path) -> None:
    build(db, with_era=False)
    check = tmp_path / "check.835"
    check.write_text(ERA.read_text().replace("BPR*I*182.4*C*ACH*CCP", "BPR*I*182.4*C*CHK*CCP"))
    remittances.import_835(db, check, today=DAY, validate_structure=False)
    assert deposits.list_deposits(db) == []
    [era] = [u for u in deposits.undeposited(db) if u.source == "era"]
    assert (era.amount, era.method) == (D("182.40"), "CHK")
    dep, _ = deposits.open_deposit(db, DepositKind.CASH_CHECK, DAY)
    dep, _ = deposits.add_payments(db, dep.id, era_payment_ids=[era.id])
    assert dep.total == D("182.40") and dep.items[0].method == PaymentMethod.CHECK
    assert "EFT20250201001" in dep.items[0].label
    deposits.remove_item(db, dep.items[0].id)
    assert deposits.get_deposit(db, dep.id).items == ()


def test_a_database_without_the_deposit_triggers_is_refused(db: Database) -> None:
    from app.domain.errors import EnvironmentProblem

    with db.write_engine.connect() as conn:
        conn.execute(text("DROP TRIGGER deposit_item_closed_delete"))
        conn.commit()
    with pytest.raises(EnvironmentProblem, match="deposit_item_closed_delete"):
        db.check()
