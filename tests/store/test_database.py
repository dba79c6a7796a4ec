from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from app.domain.errors import StaleEdit
from app.domain.ledger import Account, EntryKind, LedgerEntry
from app.services import patients
from app.store import repository as repo
from app.store import tables as t
from app.store.database import Database, UnitOfWork
from tests.builders import add_patient, add_payer, set_up_practice


def test_migrations_from_empty_match_the_models(tmp_path: Path) -> None:
    db = Database(tmp_path / "fresh.sqlite3")
    assert db.schema_revision() == db.head_revision()
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), t.Base.metadata)
    assert diffs == []
    db.dispose()


def test_pragmas(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_money_is_stored_as_integer_cents(db: Database) -> None:
    payer = add_payer(db)
    patient = add_patient(db)
    patients.save_policy(db, {"patient_id": patient.id, "payer_id": payer.id,
                              "member_id": "M1", "effective_date": date(2025, 1, 1),
                              "copay": Decimal("25.50")})
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT copay FROM policies")).scalar() == 2550


def test_unit_of_work_rolls_back_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError), UnitOfWork(db) as uow:
        set_up_practice_row = t.PayerRow(name="X", payer_id="X1", filing_indicator="CI")
        uow.session.add(set_up_practice_row)
        uow.session.flush()
        raise RuntimeError("crash mid-way")
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(t.PayerRow)) == 0
        assert s.scalar(select(func.count()).select_from(t.AuditRow)) == 0


def test_failure_after_flush_leaves_old_patient(db: Database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    patient = add_patient(db)

    def boom(self: UnitOfWork) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(UnitOfWork, "commit", boom)
    with pytest.raises(OSError):
        patients.save_patient(db, {**patient.model_dump(), "last_name": "Changed"})
    monkeypatch.undo()
    assert patients.detail(db, patient.id).patient.last_name == "Smith"


def test_every_write_is_audited_with_before_and_after(db: Database) -> None:
    patient = add_patient(db)
    patients.save_patient(db, {**patient.model_dump(), "last_name": "Smythe"})
    with db.reading() as s:
        rows = repo.audit_rows(s, "patients", patient.id)
    assert [r.action for r in rows] == ["update", "insert"]
    assert '"last_name": "Smith"' in rows[0].before
    assert '"last_name": "Smythe"' in rows[0].after


def test_saving_a_stale_copy_is_refused(db: Database) -> None:
    patient = add_patient(db)
    patients.save_patient(db, {**patient.model_dump(), "phone": "2175550199"})
    with pytest.raises(StaleEdit):
        patients.save_patient(db, {**patient.model_dump(), "last_name": "Lost"})


def test_ledger_is_append_only(db: Database) -> None:
    set_up_practice(db)
    patient = add_patient(db)
    with UnitOfWork(db) as uow:
        repo.append_entries(uow.session, [LedgerEntry(
            patient_id=patient.id, kind=EntryKind.CHARGE, account=Account.PATIENT,
            amount=Decimal("40.00"), posted_on=date(2026, 1, 2))])
        uow.commit()
    with db.engine.begin() as conn, pytest.raises(IntegrityError, match="append-only"):
        conn.execute(text("UPDATE ledger_entries SET amount = 1"))
    with db.engine.begin() as conn, pytest.raises(IntegrityError, match="append-only"):
        conn.execute(text("DELETE FROM ledger_entries"))


def test_database_checks_constraints_a_second_time(db: Database) -> None:
    patient = add_patient(db)
    with db.engine.begin() as conn, pytest.raises(IntegrityError):
        conn.execute(text(
            "INSERT INTO ledger_entries (patient_id, kind, account, amount, reason_code, "
            "reference, posted_on, memo, created_at) VALUES "
            f"({patient.id}, 'charge', 'payer', 100, '', '', '2026-01-01', '', '2026-01-01')"))
