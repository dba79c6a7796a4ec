"""The ledger and the audit log cannot be rewritten, and a file without its guards is refused."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.domain.errors import EnvironmentProblem
from app.domain.ledger import Account, EntryKind, LedgerEntry
from app.store import repository as repo
from app.store.database import Database, UnitOfWork
from tests.builders import add_patient, set_up_practice


def _one_entry(db: Database) -> int:
    set_up_practice(db)
    patient = add_patient(db)
    with UnitOfWork(db) as uow:
        repo.append_entries(uow.session, [LedgerEntry(
            patient_id=patient.id, kind=EntryKind.CHARGE, account=Account.PATIENT,
            amount=Decimal("40.00"), posted_on=date(2026, 1, 2))])
        uow.commit()
    conn = sqlite3.connect(db.path)
    entry_id = conn.execute("SELECT max(id) FROM ledger_entries").fetchone()[0]
    conn.close()
    return int(entry_id)


@pytest.mark.parametrize("verb", ["INSERT OR REPLACE INTO", "REPLACE INTO"])
def test_replace_cannot_rewrite_a_ledger_entry(db: Database, verb: str) -> None:
    entry_id = _one_entry(db)
    conn = sqlite3.connect(db.path)
    row = conn.execute("SELECT * FROM ledger_entries WHERE id = ?", (entry_id,)).fetchone()
    columns = [d[0] for d in conn.execute("SELECT * FROM ledger_entries").description]
    changed = [1 if c == "amount" else v for c, v in zip(columns, row, strict=True)]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(f"{verb} ledger_entries ({', '.join(columns)}) VALUES "
                     f"({', '.join('?' for _ in columns)})", changed)
    for statement in ("UPDATE ledger_entries SET amount = 1", "DELETE FROM ledger_entries"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(statement)
    assert conn.execute("SELECT amount FROM ledger_entries WHERE id = ?",
                        (entry_id,)).fetchone()[0] == 4000
    conn.close()


def test_the_audit_log_cannot_be_rewritten(db: Database) -> None:
    add_patient(db)
    conn = sqlite3.connect(db.path)
    audit_id = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log",
                      f"REPLACE INTO audit_log (id, at, entity, entity_id, action, before_json, "
                      f"after_json) VALUES ({audit_id}, '2026-01-01', 'patients', 1, 'insert', "
                      "'', '')"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(statement)
    conn.close()


def test_a_database_without_its_ledger_trigger_is_refused_by_name(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER ledger_no_replace")
    conn.commit()
    conn.close()
    with pytest.raises(EnvironmentProblem, match="ledger_no_replace"):
        Database(db_path)


def test_a_database_of_a_newer_schema_is_refused_by_name(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '0042later'")
    conn.commit()
    conn.close()
    with pytest.raises(EnvironmentProblem, match="0042later"):
        Database(db_path)
