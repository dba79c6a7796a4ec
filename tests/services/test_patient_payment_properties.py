"""Property: any sequence of patient payments, voids, credit applications and charges keeps the
patient's money whole and never applies a payment twice; every claim still balances.

Identity checked per patient (credit written as a positive amount):

    patient paid + patient owed - credit = patient charges (the patient-responsibility portion)

which is the brief's ``paid + owed + credit = charges`` with credit signed as a balance (money
the practice holds is a negative balance).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.domain.ledger import Account, EntryKind, GroupCode, LedgerEntry, claim_amounts
from app.services import patient_payments as pp
from app.services.patient_ledger import patient_ledger
from app.store import repository as repo
from app.store import tables as t
from app.store.claims.reader import read_claim
from app.store.database import Database, UnitOfWork
from tests import builders

D = Decimal
_ids = count(1)

OP = st.one_of(
    st.tuples(st.just("pr"), st.integers(0, 2), st.integers(1, 9_000)),
    st.tuples(st.just("self_charge"), st.integers(0, 2), st.integers(1, 9_000)),
    st.tuples(st.just("pay"), st.sampled_from(["oldest", "one", "two"]),
              st.integers(1, 12_000), st.booleans()),
    st.tuples(st.just("void"), st.integers(0, 5)),
    st.tuples(st.just("apply_credit"),),
)


def _setup(db: Database) -> tuple[int, list[Any]]:
    n = next(_ids)
    if repo_practice_missing(db):
        builders.set_up_practice(db)
    payer = builders.add_payer(db, payer_id=f"PP{n:05d}")
    prov = builders.add_provider(db, npi="1987654328") if n == 1 else None
    prov_id = prov.id if prov else _provider_id(db)
    patient = builders.add_patient(db, account=f"PP{n:05d}")
    policy = builders.add_policy(db, patient.id, payer.id)
    claims = [builders.add_claim(db, f"PP{n:05d}-{i}", [("99213", "90.00")],
                                 patient_id=patient.id, payer_id=payer.id, policy_id=policy.id,
                                 provider_id=prov_id, dos=date(2025, 1 + i, 10))
              for i in range(3)]
    return patient.id, claims


def repo_practice_missing(db: Database) -> bool:
    with db.reading() as s:
        return repo.get_practice(s) is None


def _provider_id(db: Database) -> int:
    with db.reading() as s:
        return int(repo.list_providers(s)[0].id or 0)


def _post(db: Database, entry: LedgerEntry) -> None:
    with UnitOfWork(db) as uow:
        repo.append_entries(uow.session, [entry])
        uow.commit()


def _run(db: Database, patient: int, claims: list[Any], ops: list[tuple[Any, ...]]) -> None:
    payments: list[int] = []
    voided: set[int] = set()
    for op in ops:
        if op[0] in ("pr", "self_charge"):
            claim = claims[op[1]]
            amount = D(op[2]) / 100
            with db.reading() as s:
                c = read_claim(s, claim.id)
                open_ = claim_amounts(repo.entries_for(s, claim_id=claim.id)).balance
            if op[0] == "pr":
                if amount > open_:
                    continue
                entry = LedgerEntry(patient_id=patient, encounter_id=c.encounter_id,
                                    claim_id=c.id, kind=EntryKind.TRANSFER,
                                    account=Account.PATIENT, amount=amount,
                                    group_code=GroupCode.PR, reason_code="2",
                                    posted_on=date(2025, 6, 1))
            else:
                entry = LedgerEntry(patient_id=patient, encounter_id=c.encounter_id,
                                    kind=EntryKind.CHARGE, account=Account.PATIENT,
                                    amount=amount, posted_on=date(2025, 6, 1), memo="supplies")
            _post(db, entry)
        elif op[0] == "pay":
            visits = [v.encounter_id for v in pp.open_visits(db, patient)]
            chosen = {"oldest": [], "one": visits[-1:], "two": visits[:2]}[op[1]]
            key = f"key-{next(_ids):08d}"
            data = {"payment_key": key, "patient_id": patient, "amount": str(D(op[2]) / 100),
                    "method": "cash", "received_on": date(2025, 7, 1), "visit_ids": chosen}
            first, _ = pp.take_payment(data=data, db=db)
            if op[3]:  # a double click: the same key again
                again, changes = pp.take_payment(db, data)
                assert again.replayed and again.payment.id == first.payment.id
                assert changes == type(changes)()
            payments.append(first.payment.id)
        elif op[0] == "void" and payments:
            pid = payments[op[1] % len(payments)]
            if pid in voided:
                with pytest.raises(pp.AlreadyVoided):
                    pp.void_payment(db, pid, "again", on=date(2025, 8, 1))
            else:
                pp.void_payment(db, pid, "keyed by mistake", on=date(2025, 8, 1))
                voided.add(pid)
        elif op[0] == "apply_credit":
            pp.apply_credit(db, patient, on=date(2025, 9, 1))
    _check(db, patient, claims, voided)


def _check(db: Database, patient: int, claims: list[Any], voided: set[int]) -> None:
    with db.reading() as s:
        entries = repo.entries_for(s, patient_id=patient)
        link = t.PatientPaymentEntryRow
        per_bucket = s.execute(
            select(link.payment_id, t.LedgerEntryRow.encounter_id,
                   func.sum(t.LedgerEntryRow.amount))
            .join(t.LedgerEntryRow, t.LedgerEntryRow.id == link.entry_id)
            .group_by(link.payment_id, t.LedgerEntryRow.encounter_id)).all()
        linked = set(s.scalars(select(link.entry_id)))
        for claim in claims:
            a = claim_amounts(repo.entries_for(s, claim_id=claim.id))
            assert a.billed == a.paid + a.adjusted + a.patient_responsibility + a.balance
            assert a.paid == 0 and a.billed == D("90.00")
    charges = sum((e.amount for e in entries if e.kind == EntryKind.TRANSFER or
                   (e.kind == EntryKind.CHARGE and e.account == Account.PATIENT)), D(0))
    paid = sum((e.amount for e in entries
                if e.kind == EntryKind.PAYMENT and e.account == Account.PATIENT), D(0))
    _, owed, credit = patient_ledger(db, patient).last
    assert paid + owed - credit == charges
    assert owed >= 0 and credit >= 0
    lines = pp.list_payments(db, patient_id=patient)
    assert paid == sum((x.amount for x in lines if not x.voided), D(0))
    for x in lines:  # each payment's money is placed exactly once (or nowhere once voided)
        expected = D(0) if x.voided else x.amount
        assert x.applied + x.unapplied == expected
        assert x.voided == (x.id in voided)
    mine = {x.id for x in lines}
    nets: dict[int, Decimal] = defaultdict(Decimal)
    for pid, _enc, amount in per_bucket:
        if pid in mine:
            assert amount >= 0, "a payment took more out of a visit than it put in"
            nets[pid] += amount
    assert all(nets[x.id] == (0 if x.voided else x.amount) for x in lines)
    patient_payment_entries = {e.id for e in entries
                               if e.kind == EntryKind.PAYMENT and e.account == Account.PATIENT}
    assert patient_payment_entries <= linked


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=st.lists(OP, max_size=10))
def test_any_sequence_keeps_patient_money_whole(db: Database, ops: list[tuple[Any, ...]]) -> None:
    patient, claims = _setup(db)
    _run(db, patient, claims, ops)
