"""The bulk paths (batch export, ERA posting) store and read exactly what the ORM paths do."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from app.domain.base import trusted
from app.domain.claims import ClaimStatus
from app.domain.ledger import Account, EntryKind, GroupCode, LedgerEntry
from app.domain.submission import PersonName
from app.store import repository as repo
from app.store import tables as t
from app.store.bulk_insert import insert_rows
from app.store.claim_source import ControlNumbers
from app.store.claims.bundles import Loader, claims_for_encounter
from app.store.database import Database, UnitOfWork
from app.store.id_lists import in_ids
from tests.builders import (
    add_claim,
    add_patient,
    add_payer,
    add_policy,
    add_provider,
    set_up_practice,
)


def test_prefetched_records_equal_the_validated_ones(demo_db: Database) -> None:
    with demo_db.reading() as s:
        ids = list(s.scalars(select(t.ClaimRow.id).order_by(t.ClaimRow.id)))
        bulk, orm = Loader(s), Loader(s)
        known = [orm.claim(i) for i in ids[::2]]  # claims the caller has already read
        bulk.prefetch_claims(ids, eligibility=False, siblings=True, known=known)
        for claim_id in ids:
            fast, slow = bulk.claim_without_entries(claim_id), orm.claim_bundle(claim_id)
            assert fast.claim == slow.claim
            assert isinstance(fast.claim.status, ClaimStatus)
            assert fast.bundle.encounter == slow.bundle.encounter
            assert fast.bundle.patient == slow.bundle.patient
            assert fast.bundle.policies == slow.bundle.policies
            assert fast.bundle.prior_auths == slow.bundle.prior_auths
            assert bulk.encounter_claims(fast.claim.encounter_id) == claims_for_encounter(
                s, fast.claim.encounter_id)
    assert len(ids) > 200


def test_trusted_record_equals_the_validated_one() -> None:
    made = trusted(PersonName, last="DOE", first="JANE")
    assert made == PersonName(last="DOE", first="JANE")
    assert made.model_dump() == {"last": "DOE", "first": "JANE", "middle": "", "suffix": ""}
    assert made.model_copy(update={"first": "JO"}).first == "JO"
    with pytest.raises(ValueError):
        trusted(PersonName, first="JANE")  # the required last name is missing
    with pytest.raises(ValueError):
        trusted(PersonName, last="DOE", nickname="JJ")  # no such field


def test_a_long_id_list_is_one_parameter(demo_db: Database) -> None:
    with demo_db.reading() as s:
        real = list(s.scalars(select(t.ClaimRow.id)))
        asked = real + list(range(10**6, 10**6 + 40_000))  # past SQLite's 32,766 parameters
        found = list(s.scalars(select(t.ClaimRow.id).where(in_ids(t.ClaimRow.id, asked))))
    assert sorted(found) == sorted(real)


def _one_claim(db: Database, control_number: str) -> tuple[Any, int]:
    """A practice with one patient and one submitted claim: (claim, patient id)."""
    set_up_practice(db)
    payer, provider = add_payer(db), add_provider(db)
    patient = add_patient(db)
    policy = add_policy(db, patient.id, payer.id)
    claim = add_claim(db, control_number, [("99213", "110")], patient_id=patient.id,
                      policy_id=policy.id, payer_id=payer.id, provider_id=provider.id)
    return claim, patient.id


def test_bulk_insert_stores_what_the_orm_stores(db: Database) -> None:
    claim, patient_id = _one_claim(db, "C1")
    entry = LedgerEntry(patient_id=patient_id, claim_id=claim.id, kind=EntryKind.ADJUSTMENT,
                        account=Account.PAYER, amount=Decimal("-12.34"),
                        group_code=GroupCode.CO, reason_code="45", posted_on=date(2026, 3, 1),
                        memo="contractual")
    stamp = datetime(2026, 3, 1, 9, 30, 0, 0)
    with UnitOfWork(db) as uow:
        repo.bulk_append_entries(uow.session, [entry, entry])
        uow.session.execute(t.LedgerEntryRow.__table__.insert(), [
            {**entry.model_dump(exclude={"id"}), "created_at": stamp}])
        uow.commit()
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT amount, posted_on, kind, account, group_code, memo, typeof(created_at) "
            "FROM ledger_entries WHERE kind = 'adjustment' ORDER BY id").all()
    assert rows[0] == rows[1] == rows[2] == (-1234, "2026-03-01", "adjustment", "payer", "CO",
                                              "contractual", "text")
    with db.reading() as s:
        entries = repo.entries_for(s, claim_id=claim.id)
    assert [e.amount for e in entries if e.kind == EntryKind.ADJUSTMENT] == [
        Decimal("-12.34")] * 3


def test_bulk_insert_fills_defaults_and_refuses_ragged_rows(db: Database) -> None:
    claim, _ = _one_claim(db, "C1")
    row = {"claim_id": claim.id, "group_code": "CO", "reason_code": "16",
           "amount": Decimal("110.00"), "owner": "front_desk"}
    with UnitOfWork(db) as uow:
        insert_rows(uow.session, t.DenialRow.__table__, [row],
                    same={"created_at": datetime(2026, 3, 1)})
        with pytest.raises(ValueError, match="same columns"):
            insert_rows(uow.session, t.DenialRow.__table__, [row, {**row, "note": "x"}],
                        same={"created_at": datetime(2026, 3, 1)})
        uow.commit()
    with db.reading() as s:
        denial = s.scalars(select(t.DenialRow)).one()
        assert (denial.state, denial.action, denial.note, denial.amount) == (
            "open", "", "", Decimal("110.00"))


def test_control_numbers_skip_used_ones_and_keep_the_counter(db: Database) -> None:
    _one_claim(db, "C0000002")
    with UnitOfWork(db) as uow:
        numbers = ControlNumbers(uow.session)
        taken = [numbers.take() for _ in range(3)]
        numbers.save()
        uow.commit()
    assert "C0000002" not in taken and len(set(taken)) == 3
    with UnitOfWork(db) as uow:
        later = ControlNumbers(uow.session).take()
    assert later not in taken and later > max(taken)
