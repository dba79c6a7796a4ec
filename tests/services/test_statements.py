"""Statements agree with the ledger; a preview records nothing, a final run records each one."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from app.domain.ledger import patient_balance
from app.services import patients, printing, statements
from app.store import repository as repo
from app.store import statement_source
from app.store.database import Database
from tests.conftest import DEMO_TODAY

OPTS = statements.RunOptions(statement_date=DEMO_TODAY, min_balance=Decimal("0.01"))


def test_statement_totals_equal_the_ledger(demo_db: Database) -> None:
    run = statements.preview(demo_db, OPTS)
    assert run
    checked = 0
    for s in run:
        matches = patients.search(demo_db, s.account_number)
        patient_id = matches[0].id
        with demo_db.reading() as session:
            visits = statement_source.patient_visits(session, patient_id)
            ledger = repo.entries_for(session, patient_id=patient_id)
        if any(v.balance < 0 for v in visits) or len({ln.patient_name for ln in s.lines}) > 1:
            continue  # credits and family statements: compared line by line below
        assert s.amount_due == patient_balance(ledger) == matches[0].balance
        checked += 1
    assert checked >= 5
    for s in run:
        assert s.amount_due == sum((ln.balance for ln in s.lines), Decimal("0.00"))
        assert s.aging.total == s.amount_due


def test_preview_records_nothing_and_final_records(demo_db: Database, tmp_path: Path) -> None:
    count, pages, changes = printing.print_statements(demo_db, tmp_path / "prev.pdf", OPTS,
                                                      csv_out=tmp_path / "run.csv")
    assert count and pages >= count and not changes.patients
    count2, _, changes2 = printing.print_statements(demo_db, tmp_path / "final.pdf", OPTS,
                                                    final=True)
    assert count2 == count and changes2.patients
    first = statements.preview(demo_db, OPTS)[0]
    with demo_db.reading() as session:
        assert statement_source.last_statement_date(session, first.account_number) == \
            date(2026, 11, 23)
    rows = (tmp_path / "run.csv").read_text().splitlines()
    assert len(rows) == count + 1 and rows[0].startswith("account_number")


def test_statement_hold_skips_the_patient(demo_db: Database) -> None:
    first = next(s for s in statements.preview(demo_db, OPTS)
                 if len({ln.patient_name for ln in s.lines}) == 1)
    patient = patients.search(demo_db, first.account_number)[0]
    detail = patients.detail(demo_db, patient.id)
    patients.save_patient(demo_db, {**detail.patient.model_dump(), "statement_hold": True})
    accounts = {s.account_number for s in statements.preview(demo_db, OPTS)}
    assert first.account_number not in accounts
