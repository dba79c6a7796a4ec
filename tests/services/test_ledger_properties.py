"""Property: the ledger identity and the SQL-derived balances hold after any posting sequence."""

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.ledger import (
    Account,
    EntryKind,
    GroupCode,
    LedgerEntry,
    claim_amounts,
    patient_balance,
)
from app.services import claims, patients
from app.store import repository as repo
from app.store.database import Database, UnitOfWork
from tests import builders

OPS = st.lists(st.tuples(
    st.sampled_from(["pay", "co", "pi", "oa", "pr", "to_secondary", "refund", "patient_pay"]),
    st.integers(min_value=1, max_value=20_000), st.booleans()), max_size=12)


def _entry(claim_id: int, patient_id: int, op: str, cents: int, reverse: bool,
           secondary_id: int) -> LedgerEntry:
    amount = Decimal(cents) / 100 * (-1 if reverse else 1)
    kind, account, group, target = {
        "pay": (EntryKind.PAYMENT, Account.PAYER, None, claim_id),
        "co": (EntryKind.ADJUSTMENT, Account.PAYER, GroupCode.CO, claim_id),
        "pi": (EntryKind.ADJUSTMENT, Account.PAYER, GroupCode.PI, claim_id),
        "oa": (EntryKind.ADJUSTMENT, Account.PAYER, GroupCode.OA, claim_id),
        "pr": (EntryKind.TRANSFER, Account.PATIENT, GroupCode.PR, claim_id),
        "to_secondary": (EntryKind.TRANSFER, Account.PAYER, GroupCode.PR, secondary_id),
        "refund": (EntryKind.REFUND, Account.PAYER, None, claim_id),
        "patient_pay": (EntryKind.PAYMENT, Account.PATIENT, None, claim_id),
    }[op]
    return LedgerEntry(patient_id=patient_id, claim_id=target, kind=kind, account=account,
                       amount=amount, group_code=group, reason_code="2" if group else "",
                       posted_on=date(2026, 1, 5))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS, charge=st.integers(min_value=100, max_value=50_000))
def test_identity_and_sql_agree_after_any_sequence(db: Database, ops: list, charge: int) -> None:
    payer = builders.add_payer(db, payer_id=f"P{abs(hash((tuple(ops), charge))) % 10**8}")
    patient = builders.add_patient(db, account=f"T{abs(hash((tuple(ops), charge, 1))) % 10**8}")
    policy = builders.add_policy(db, patient.id, payer.id)
    prov = _provider(db)
    primary = builders.add_claim(db, f"X{patient.id}", [("99213", f"{charge / 100:.2f}")],
                                 patient_id=patient.id, payer_id=payer.id, policy_id=policy.id,
                                 provider_id=prov)
    secondary = builders.add_claim(db, f"Y{patient.id}", [("99213", "0.01")],
                                   patient_id=patient.id, payer_id=payer.id,
                                   policy_id=policy.id, provider_id=prov, responsibility="S")
    entries = [_entry(primary.id, patient.id, op, cents, rev, secondary.id)
               for op, cents, rev in ops]
    with UnitOfWork(db) as uow:
        repo.append_entries(uow.session, entries)
        uow.commit()
    rows = {r.id: r for r in claims.list_claims(db) if r.id in (primary.id, secondary.id)}
    with db.reading() as session:
        for claim_id, row in rows.items():
            domain = claim_amounts(repo.entries_for(session, claim_id=claim_id))
            assert (row.billed, row.paid, row.adjusted, row.patient_responsibility,
                    row.balance) == (domain.billed, domain.paid, domain.adjusted,
                                     domain.patient_responsibility, domain.balance)
            assert row.billed == row.paid + row.adjusted + row.patient_responsibility + \
                row.balance
        everything = repo.entries_for(session, patient_id=patient.id)
    assert patients.search(db, patient.account_number)[0].balance == patient_balance(everything)
    # reversing every posting returns the claims to what was billed
    with UnitOfWork(db) as uow:
        repo.append_entries(uow.session, [e.model_copy(update={"amount": -e.amount})
                                          for e in entries])
        uow.commit()
    after = {r.id: r for r in claims.list_claims(db) if r.id in rows}
    assert after[primary.id].balance == after[primary.id].billed == Decimal(charge) / 100
    assert patients.search(db, patient.account_number)[0].balance == Decimal("0.00")


_providers: dict[int, int] = {}


def _provider(db: Database) -> int:
    key = id(db)
    if key not in _providers:
        _providers[key] = builders.add_provider(db).id
    return _providers[key]
