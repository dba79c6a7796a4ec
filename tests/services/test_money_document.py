"""Deposits (a closed one too), payment plans and collection accounts travel in the JSON."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.domain.deposits import DepositKind, PaymentMethod
from app.domain.ledger import EntryKind
from app.services import deposits, payment_plans, practice_io, workspace
from app.store.database import Database
from tests.money_day import DAY, D, build, patient_entry


def test_money_tables_round_trip_through_json(db: Database, tmp_path: Path) -> None:
    p = build(db)
    dep, _ = deposits.open_deposit(db, DepositKind.CASH_CHECK, DAY)
    deposits.add_payments(db, dep.id, entry_ids=[p.entries["brown_cash"]],
                          method=PaymentMethod.CASH)
    deposits.close_deposit(db, dep.id, D("25.00"))
    patient_entry(db, p.doe, EntryKind.CHARGE, "100.00")
    payment_plans.create_plan(db, p.doe, D("10.00"), date(2025, 3, 1), today=DAY)
    first = practice_io.document_json(practice_io.export_document(db))
    for table in ("deposits", "deposit_items", "payment_plans", "collection_accounts"):
        assert f'"table": "{table}"' in first
    other = workspace.open_database(tmp_path / "copy.sqlite3")
    practice_io.import_document(other, practice_io.parse_document(first, "a.json"))
    assert practice_io.document_json(practice_io.export_document(other)) == first
    copied = {d.id: d for d in deposits.list_deposits(other)}
    assert copied[dep.id].is_closed and copied[dep.id].total == D("25.00")
    other.dispose()
