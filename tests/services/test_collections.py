"""Collections on a small practice worked out by hand (today 06/01/2026, default policy:
120 days, 50.00, 3 statements, 90 days without payment, agency fee 30%).

* Gray owes 280.00: visit A 01/05/2026 200.00 (paid 20.00 on 01/25), visit B 01/20 100.00;
  three statements: proposed (147 days old, 127 days without payment).
* White owes 30.00 (too little), Black 500.00 since 05/01 (too young), Green 400.00 since
  01/05 with three statements but on a payment plan: none proposed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.domain.deposits import DepositKind, PaymentMethod
from app.domain.encounters import Encounter, ServiceLine
from app.domain.errors import UserError, ValidationFailed
from app.domain.ledger import EntryKind, patient_balance
from app.services import collection_output, collections, deposits, payment_plans, statements
from app.store import coding_repo, statement_source
from app.store import repository as repo
from app.store.database import Database, UnitOfWork
from tests import builders
from tests.money_day import D, patient_entry
from tests.printing.pdftext import all_text

TODAY = date(2026, 6, 1)


def _visit(db: Database, patient_id: int, provider_id: int, dos: date, amount: str) -> int:
    with UnitOfWork(db) as uow:
        enc = coding_repo.save_encounter(uow.session, Encounter(
            patient_id=patient_id, date_of_service=dos, rendering_provider_id=provider_id,
            coding_status="coded", diagnoses=("J06.9",),
            lines=(ServiceLine(line_number=1, code="99213", charge=D(amount)),)))
        uow.commit()
    assert enc.id is not None
    patient_entry(db, patient_id, EntryKind.CHARGE, amount, on=dos, encounter_id=enc.id)
    return enc.id


def _statements(db: Database, patient_id: int, account: str, count: int) -> None:
    with UnitOfWork(db) as uow:
        for month in range(2, 2 + count):
            statement_source.record_statement(uow.session, account, [patient_id],
                                              date(2026, month, 1), D("1.00"), {})
        uow.commit()


@pytest.fixture
def book(db: Database) -> dict[str, int]:
    builders.set_up_practice(db)
    doc = builders.add_provider(db).id
    ids = {}
    for last, account in (("Gray", "G1"), ("White", "W1"), ("Black", "B1"), ("Green", "N1")):
        ids[last] = builders.add_patient(db, last, "Ann", account).id
    a = _visit(db, ids["Gray"], doc, date(2026, 1, 5), "200.00")
    _visit(db, ids["Gray"], doc, date(2026, 1, 20), "100.00")
    patient_entry(db, ids["Gray"], EntryKind.PAYMENT, "20.00", on=date(2026, 1, 25),
                  encounter_id=a)
    _statements(db, ids["Gray"], "G1", 3)
    _visit(db, ids["White"], doc, date(2026, 1, 5), "30.00")
    _statements(db, ids["White"], "W1", 3)
    _visit(db, ids["Black"], doc, date(2026, 5, 1), "500.00")
    _statements(db, ids["Black"], "B1", 3)
    _visit(db, ids["Green"], doc, date(2026, 1, 5), "400.00")
    _statements(db, ids["Green"], "N1", 3)
    payment_plans.create_plan(db, ids["Green"], D("50.00"), date(2026, 2, 1),
                              today=date(2026, 1, 10))
    return ids


def _balance(db: Database, patient_id: int) -> Decimal:
    with db.reading() as session:
        return patient_balance(repo.entries_for(session, patient_id=patient_id))


def test_the_policy_proposes_only_gray(db: Database, book: dict[str, int]) -> None:
    [p] = collections.review_list(db, TODAY)
    assert p.facts.patient_id == book["Gray"] and p.facts.balance == D("280.00")
    assert (p.age_days, p.days_without_payment) == (147, 127)
    assert p.reasons == "owes 280.00 for 147 days, 3 statements, no payment for 127 days"
    collections.save_policy(db, {"min_statements": 4})
    assert collections.review_list(db, TODAY) == []
    with pytest.raises(ValidationFailed, match="min_amount"):
        collections.save_policy(db, {"min_amount": "0"})


def test_sending_moves_the_balance_to_a_tracked_bucket(db: Database,
                                                       book: dict[str, int]) -> None:
    gray = book["Gray"]
    [acct], _ = collections.send_to_collections(db, [gray], TODAY)
    assert (acct.amount, acct.bucket, acct.state) == (D("280.00"), D("280.00"), "sent")
    assert _balance(db, gray) == D("0.00")
    accounts = {s.account_number for s in statements.preview(
        db, statements.RunOptions(statement_date=TODAY))}
    assert "G1" not in accounts and "B1" in accounts
    assert collections.review_list(db, TODAY) == []
    with pytest.raises(UserError, match="already with the agency"):
        collections.send_to_collections(db, [gray], TODAY)


def test_agency_payments_post_net_of_the_fee(db: Database, book: dict[str, int]) -> None:
    gray = book["Gray"]
    [acct], _ = collections.send_to_collections(db, [gray], TODAY)
    entries, _ = collections.post_agency_payment(db, acct.id, D("140.00"), date(2026, 7, 1))
    summary = sorted((e.kind.value, e.reason_code, e.amount) for e in entries)
    assert summary == [("adjustment", "AGFEE", D("15.00")), ("adjustment", "AGFEE", D("27.00")),
                       ("adjustment", "COLL", D("-90.00")), ("adjustment", "COLL", D("-50.00")),
                       ("payment", "", D("35.00")), ("payment", "", D("63.00"))]
    assert _balance(db, gray) == D("0.00")
    [acct] = collections.collection_accounts(db)
    assert acct.bucket == D("140.00")
    with pytest.raises(UserError, match="at most 140.00 still in collections"):
        collections.post_agency_payment(db, acct.id, D("140.01"), date(2026, 7, 2))
    dep, _ = deposits.open_deposit(db, DepositKind.CASH_CHECK, date(2026, 7, 1))
    dep, _ = deposits.add_payments(db, dep.id, entry_ids=[
        e.id or 0 for e in entries if e.kind == EntryKind.PAYMENT], method=PaymentMethod.CHECK)
    assert dep.total == D("98.00")
    collections.post_agency_payment(db, acct.id, D("140.00"), date(2026, 8, 1),
                                    net=D("100.00"))
    assert collections.collection_accounts(db) == []
    [closed] = collections.collection_accounts(db, state=None)
    assert (closed.state, closed.bucket, _balance(db, gray)) == ("closed", D("0.00"),
                                                                 D("0.00"))


def test_a_crash_while_sending_changes_nothing(db: Database, book: dict[str, int],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(*args: object, **kw: object) -> object:
        raise OSError("disk full")

    monkeypatch.setattr(repo, "append_entries", disk_full)
    with pytest.raises(OSError):
        collections.send_to_collections(db, [book["Gray"]], TODAY)
    monkeypatch.undo()
    assert collections.collection_accounts(db, state=None) == []
    assert _balance(db, book["Gray"]) == D("280.00")


def test_a_crash_while_posting_the_agency_payment_changes_nothing(
        db: Database, book: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    [acct], _ = collections.send_to_collections(db, [book["Gray"]], TODAY)
    from app.store import collections_repo

    def disk_full(*args: object, **kw: object) -> object:
        raise OSError("disk full")

    monkeypatch.setattr(collections_repo, "set_state", disk_full)
    with pytest.raises(OSError):
        collections.post_agency_payment(db, acct.id, D("280.00"), date(2026, 7, 1))
    monkeypatch.undo()
    [again] = collections.collection_accounts(db)
    assert (again.bucket, again.state) == (D("280.00"), "sent")


def test_agency_export_csv_and_fixed_width(db: Database, book: dict[str, int],
                                           tmp_path: Path) -> None:
    collections.send_to_collections(db, [book["Gray"]], TODAY)
    csv_file, fixed = tmp_path / "agency.csv", tmp_path / "agency.txt"
    assert collection_output.write_agency_export(db, csv_out=csv_file, fixed_out=fixed) == 1
    header, row = csv_file.read_text().splitlines()
    assert header.startswith("account_number,last_name,first_name,birth_date")
    assert row.startswith("G1,Gray,Ann,19820704,7 Elm St") and row.endswith(",20260601,280.00")
    [line] = fixed.read_text().splitlines()
    assert len(line) == 190 and line.startswith("G1" + " " * 18 + "Gray")
    collections.save_layout(db, [{"field": "account_number", "width": 10},
                                 {"field": "balance_cents", "width": 8, "align": "right",
                                  "pad": "0"}])
    collection_output.write_agency_export(db, fixed_out=fixed)
    assert fixed.read_bytes() == b"G1        00028000\r\n"
    with pytest.raises(ValidationFailed, match="Layout column 2, field: Unknown field"):
        collections.save_layout(db, [{"field": "last_name", "width": 5},
                                     {"field": "ssn", "width": 9}])


def test_final_demand_letter(db: Database, book: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "demand.pdf"
    assert collection_output.write_demand_letters(db, [book["Gray"]], out, TODAY) == 1
    text = all_text(out.read_bytes())
    for part in ("FINAL NOTICE BEFORE COLLECTIONS", "$280.00", "June 15, 2026", "G1",
                 "Test Family Practice", "Ann Gray"):
        assert part in text
    with pytest.raises(UserError, match="owes nothing"):
        collection_output.write_demand_letters(db, [9999], out, TODAY)
