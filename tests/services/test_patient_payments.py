"""Patient payments: copays, oldest-first, credit, voids, double clicks, crashes."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from app.domain.errors import NotFound, ValidationFailed
from app.domain.ledger import Account, EntryKind, GroupCode, LedgerEntry, patient_balance
from app.services import patient_payments as pp
from app.store import payments_repo
from app.store import repository as repo
from app.store.claims.reader import read_claim
from app.store.database import Database, UnitOfWork
from tests import builders as b

D = Decimal


def practice(db: Database) -> dict[str, Any]:
    """A patient with two claims (Jan and Mar 2025), no patient balance yet."""
    b.set_up_practice(db)
    payer = b.add_payer(db)
    prov = b.add_provider(db)
    pat = b.add_patient(db)
    pol = b.add_policy(db, pat.id, payer.id)
    kw = {"patient_id": pat.id, "payer_id": payer.id, "policy_id": pol.id,
          "provider_id": prov.id}
    c1 = b.add_claim(db, "C1", [("99213", "120.00")], dos=date(2025, 1, 10), **kw)
    c2 = b.add_claim(db, "C2", [("99214", "180.00")], dos=date(2025, 3, 5), **kw)
    return {"patient": pat.id, "claims": [c1, c2], "payer": payer.id}


def make_patient_owe(db: Database, claim: Any, amount: str) -> None:
    """The payer moved ``amount`` of the claim to the patient (PR), as an 835 would."""
    with UnitOfWork(db) as uow:
        c = read_claim(uow.session, claim.id)
        enc = uow.session.get(__import__("app.store.tables", fromlist=["x"]).EncounterRow,
                              c.encounter_id)
        repo.append_entries(uow.session, [LedgerEntry(
            patient_id=enc.patient_id, encounter_id=c.encounter_id, claim_id=c.id,
            kind=EntryKind.TRANSFER, account=Account.PATIENT, amount=D(amount),
            group_code=GroupCode.PR, reason_code="2", posted_on=date(2025, 4, 1))])
        uow.commit()


def pay(db: Database, patient: int, amount: str, key: str = "key-00000001",
        **more: Any) -> Any:
    data = {"payment_key": key, "patient_id": patient, "amount": amount, "method": "check",
            "reference": "1001", "received_on": date(2025, 4, 10), **more}
    return pp.take_payment(db, data)[0]


def balance(db: Database, patient: int) -> Decimal:
    with db.reading() as s:
        return patient_balance(repo.entries_for(s, patient_id=patient))


def visit_of(db: Database, claim: Any) -> int:
    with db.reading() as s:
        return read_claim(s, claim.id).encounter_id


def test_oldest_open_balance_first_and_the_rest_is_credit(db: Database) -> None:
    p = practice(db)
    make_patient_owe(db, p["claims"][0], "30.00")
    make_patient_owe(db, p["claims"][1], "40.00")
    result = pay(db, p["patient"], "50.00")
    got = [(a.encounter_id, a.amount) for a in result.allocations]
    assert got == [(visit_of(db, p["claims"][0]), D("30.00")),
                   (visit_of(db, p["claims"][1]), D("20.00"))]
    assert balance(db, p["patient"]) == D("20.00")
    result = pay(db, p["patient"], "35.00", key="key-00000002")
    assert result.payment.unapplied == D("15.00")
    assert pp.open_credit(db, p["patient"]) == (D("15.00"), D("0.00"))


def test_copay_at_check_in_goes_to_todays_visit_and_later_credit_is_offered(db: Database) -> None:
    p = practice(db)
    visit2 = visit_of(db, p["claims"][1])
    result = pay(db, p["patient"], "25.00", visit_ids=[visit2], channel="checkin",
                 method="card")
    assert [(a.encounter_id, a.amount) for a in result.allocations] == [(visit2, D("25.00"))]
    make_patient_owe(db, p["claims"][1], "10.00")   # the copay turned out to be 10
    make_patient_owe(db, p["claims"][0], "30.00")
    assert pp.open_credit(db, p["patient"]) == (D("15.00"), D("30.00"))
    moves, changes = pp.apply_credit(db, p["patient"], on=date(2025, 5, 1))
    assert changes.payments
    assert [(m.source, m.target, m.amount) for m in moves] == [
        (visit2, visit_of(db, p["claims"][0]), D("15.00"))]
    assert pp.open_credit(db, p["patient"]) == (D("0.00"), D("15.00"))
    assert balance(db, p["patient"]) == D("15.00")


def test_chosen_visits_share_by_what_each_owes_exactly(db: Database) -> None:
    p = practice(db)
    make_patient_owe(db, p["claims"][0], "10.00")
    make_patient_owe(db, p["claims"][1], "20.00")
    v1, v2 = visit_of(db, p["claims"][0]), visit_of(db, p["claims"][1])
    result = pay(db, p["patient"], "10.00", visit_ids=[v1, v2])
    assert [(a.encounter_id, a.amount) for a in result.allocations] == [
        (v1, D("3.33")), (v2, D("6.67"))]


def test_the_same_key_twice_takes_the_money_once(db: Database) -> None:
    p = practice(db)
    first = pay(db, p["patient"], "20.00")
    again = pay(db, p["patient"], "20.00")
    assert again.replayed and again.payment.id == first.payment.id
    assert len(pp.list_payments(db)) == 1
    assert balance(db, p["patient"]) == D("-20.00")
    with pytest.raises(pp.KeyReused):
        pay(db, p["patient"], "21.00")


def test_void_reverses_with_a_reason_and_only_once(db: Database) -> None:
    p = practice(db)
    make_patient_owe(db, p["claims"][0], "30.00")
    first = pay(db, p["patient"], "50.00")
    with pytest.raises(ValidationFailed):
        pp.void_payment(db, first.payment.id, "  ")
    line, _ = pp.void_payment(db, first.payment.id, "keyed twice", on=date(2025, 4, 11))
    assert line.voided and line.void_reason == "keyed twice"
    assert line.applied == D("0.00") and line.unapplied == D("0.00")
    assert balance(db, p["patient"]) == D("30.00")
    with pytest.raises(pp.AlreadyVoided):
        pp.void_payment(db, first.payment.id, "again")
    with pytest.raises(NotFound):
        pp.void_payment(db, 999, "nope")
    with db.reading() as s:
        entries = payments_repo.payment_entries(s, first.payment.id)
    assert len(entries) == 4 and sum(e.amount for e in entries) == 0


def test_bad_input_names_the_field_and_writes_nothing(db: Database) -> None:
    p = practice(db)
    other = b.add_patient(db, last="Other", account="T0002")
    with pytest.raises(ValidationFailed) as exc:
        pay(db, p["patient"], "-5", method="barter")
    fields = {pr.field for pr in exc.value.problems}
    assert {"amount", "method"} <= fields
    with pytest.raises(ValidationFailed, match="not a visit of this patient"):
        pay(db, other.id, "5.00", visit_ids=[visit_of(db, p["claims"][0])])
    assert pp.list_payments(db) == []


def test_a_crash_mid_payment_writes_nothing(db: Database,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    p = practice(db)
    make_patient_owe(db, p["claims"][0], "30.00")
    real = payments_repo.link_entries
    calls = []

    def crash_on_the_credit(session: Any, pid: int, entries: Any, role: str) -> None:
        real(session, pid, entries, role)
        calls.append(role)
        if role == "unapplied":
            raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(payments_repo, "link_entries", crash_on_the_credit)
    with pytest.raises(sqlite3.OperationalError):
        pay(db, p["patient"], "50.00")
    assert calls == ["applied", "unapplied"]
    assert pp.list_payments(db) == []
    assert balance(db, p["patient"]) == D("30.00")
    monkeypatch.undo()
    assert pay(db, p["patient"], "50.00").payment.amount == D("50.00")


def test_the_ledger_splits_insurance_pending_patient_owed_and_credit(db: Database) -> None:
    from app.services.patient_ledger import patient_ledger

    p = practice(db)
    make_patient_owe(db, p["claims"][0], "30.00")
    first = pay(db, p["patient"], "50.00")
    pp.void_payment(db, first.payment.id, "wrong patient", on=date(2025, 4, 12))
    pay(db, p["patient"], "45.00", key="key-00000002")
    ledger = patient_ledger(db, p["patient"])
    kinds = [x.kind for x in ledger.lines]
    assert kinds[:4] == ["visit", "claim", "charge", "visit"]
    assert kinds.count("void") == 2
    assert [x.on for x in ledger.lines] == sorted(x.on for x in ledger.lines)
    assert ledger.last == (D("270.00"), D("0.00"), D("15.00"))
    assert balance(db, p["patient"]) == D("-15.00")


def test_receipt_and_ledger_print(db: Database, tmp_path: Any) -> None:
    import subprocess

    from app.services.patient_ledger import write_ledger_pdf, write_receipt_pdf

    p = practice(db)
    make_patient_owe(db, p["claims"][0], "30.00")
    first = pay(db, p["patient"], "50.00")
    assert write_receipt_pdf(db, first.payment.id, tmp_path / "r.pdf") == 1
    assert write_ledger_pdf(db, p["patient"], tmp_path / "l.pdf") == 1
    receipt = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], check=True,
                             capture_output=True, text=True).stdout
    assert "PAYMENT RECEIPT" in receipt and "$50.00" in receipt and "20.00" in receipt
    ledger = subprocess.run(["pdftotext", "-layout", str(tmp_path / "l.pdf"), "-"], check=True,
                            capture_output=True, text=True).stdout
    assert "Credit $20.00" in ledger and "Smith, Robert" in ledger
    assert not list(tmp_path.glob("*.part"))
    with pytest.raises(NotFound):
        write_receipt_pdf(db, 99, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_a_crash_mid_void_or_mid_credit_move_writes_nothing(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    p = practice(db)
    first = pay(db, p["patient"], "40.00")          # all unapplied credit
    make_patient_owe(db, p["claims"][0], "30.00")

    def disk_full(*_args: Any, **_kwargs: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with db.reading() as s:
        before = len(repo.entries_for(s, patient_id=p["patient"]))
    monkeypatch.setattr(payments_repo, "record_void", disk_full)
    with pytest.raises(sqlite3.OperationalError):
        pp.void_payment(db, first.payment.id, "mistake")
    real_link = payments_repo.link_entries
    calls: list[str] = []

    def crash_on_second(session: Any, pid: int, entries: Any, role: str) -> None:
        real_link(session, pid, entries, role)
        calls.append(role)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(payments_repo, "link_entries", crash_on_second)
    with pytest.raises(sqlite3.OperationalError):
        pp.apply_credit(db, p["patient"])
    assert calls == ["moved"]
    monkeypatch.undo()
    with db.reading() as s:
        assert len(repo.entries_for(s, patient_id=p["patient"])) == before
    assert not pp.get_payment(db, first.payment.id).voided
    assert pp.open_credit(db, p["patient"]) == (D("40.00"), D("30.00"))


def test_patient_payments_round_trip_through_the_practice_json(db: Database,
                                                               tmp_path: Any) -> None:
    from app.services import practice_io, workspace

    p = practice(db)
    make_patient_owe(db, p["claims"][0], "30.00")
    first_pay = pay(db, p["patient"], "50.00")
    pp.void_payment(db, first_pay.payment.id, "wrong card", on=date(2025, 4, 11))
    pay(db, p["patient"], "12.00", key="key-00000002")
    first = practice_io.document_json(practice_io.export_document(db))
    other = workspace.open_database(tmp_path / "copy.sqlite3")
    practice_io.import_document(other, practice_io.parse_document(first, "a.json"))
    assert practice_io.document_json(practice_io.export_document(other)) == first
    for table in ("patient_payments", "patient_payment_entries", "patient_payment_voids"):
        assert f'"table": "{table}"' in first
    with pytest.raises(pp.AlreadyVoided):
        pp.void_payment(other, first_pay.payment.id, "again")
    assert [x.amount for x in pp.list_payments(other)] == [D("50.00"), D("12.00")]


def test_chosen_lines_share_by_what_each_line_owes(db: Database) -> None:
    from app.store import tables as t

    b.set_up_practice(db)
    payer, prov, pat = b.add_payer(db), b.add_provider(db), b.add_patient(db)
    pol = b.add_policy(db, pat.id, payer.id)
    claim = b.add_claim(db, "L1", [("99213", "100.00"), ("81002", "20.00")], patient_id=pat.id,
                        payer_id=payer.id, policy_id=pol.id, provider_id=prov.id)
    with UnitOfWork(db) as uow:
        c = read_claim(uow.session, claim.id)
        lines = [r.id for r in uow.session.get(t.EncounterRow, c.encounter_id).lines]
        repo.append_entries(uow.session, [LedgerEntry(
            patient_id=pat.id, encounter_id=c.encounter_id, claim_id=c.id, line_id=lid,
            kind=EntryKind.TRANSFER, account=Account.PATIENT, amount=D(owed),
            group_code=GroupCode.PR, reason_code="2", posted_on=date(2025, 4, 1))
            for lid, owed in zip(lines, ["20.00", "10.00"], strict=True)])
        uow.commit()
    result = pay(db, pat.id, "40.00", line_ids=lines)
    assert [(a.line_id, a.amount) for a in result.allocations] == [
        (lines[0], D("20.00")), (lines[1], D("10.00")), (None, D("10.00"))]
    with pytest.raises(ValidationFailed, match="not a line of this patient"):
        pay(db, pat.id, "5.00", key="key-00000009", line_ids=[9999])
