from decimal import Decimal
from pathlib import Path

import pytest

from app.domain.errors import ImportRejected
from app.services import fees
from app.store.database import Database
from tests.builders import add_payer

FEES = """code,modifier,label,charge,effective_date
99213,,Office visit est. low,125.00,2026-01-01
99213,,Office visit est. low,130.00,2026-07-01
J0696,,Ceftriaxone 250 mg,$78.50,2026-01-01
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_fee_schedule_import_is_idempotent_and_dated(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "fees.csv", FEES)
    result, changes = fees.import_fee_schedule(db, path)
    assert result.rows == 3 and changes.codes
    again, _ = fees.import_fee_schedule(db, path)
    assert again.already_imported and again.rows == 0
    from datetime import date
    assert fees.charge_for(db, "99213", on=date(2026, 3, 1)) == Decimal("125.00")
    assert fees.charge_for(db, "99213", on=date(2026, 8, 1)) == Decimal("130.00")
    assert fees.charge_for(db, "99214") is None
    labels = {e.code: e.label for e in fees.fee_schedule(db, date(2026, 8, 1))}
    assert labels == {"99213": "Office visit est. low", "J0696": "Ceftriaxone 250 mg"}


def test_bad_rows_reject_the_whole_file(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "bad.csv", FEES + "9921,,X,abc,2026-13-01\n")
    with pytest.raises(ImportRejected) as info:
        fees.import_fee_schedule(db, path)
    fields = {(p.line, p.field) for p in info.value.problems}
    assert {(5, "code"), (5, "charge"), (5, "effective_date")} <= fields
    assert all(p.source == "bad.csv" for p in info.value.problems)
    assert fees.fee_schedule(db) == []


def test_contracts_need_known_payers(db: Database, tmp_path: Path) -> None:
    payer = add_payer(db, payer_id="ACME1")
    good = write(tmp_path, "c.csv", "payer_id,code,modifier,allowed,effective_date\n"
                                    "ACME1,99213,,88.10,2026-01-01\n")
    assert fees.import_contracts(db, good)[0].rows == 1
    assert fees.allowed_for(db, payer.id, "99213") == Decimal("88.10")
    bad = write(tmp_path, "c2.csv", "payer_id,code,modifier,allowed,effective_date\n"
                                    "ACME1,99214,,100,2026-01-01\nNOPE,99213,,1,2026-01-01\n")
    with pytest.raises(ImportRejected) as info:
        fees.import_contracts(db, bad)
    assert info.value.problems[0].line == 3 and "NOPE" in info.value.problems[0].message
    assert fees.allowed_for(db, payer.id, "99214") is None
