from datetime import date
from decimal import Decimal

import pytest

from app.domain.errors import UserError, ValidationFailed
from app.services import patients
from app.store.database import Database
from tests.builders import add_patient, add_payer, add_policy


def test_search_by_name_prefix_account_dob_and_phone(db: Database) -> None:
    smith = add_patient(db, "Smith", "Robert", "T0001", phone="2175550101")
    add_patient(db, "Smithers", "Ann", "T0002", birth_date=date(1990, 2, 3))
    add_patient(db, "Jones", "Robin", "T0003")
    names = lambda text: [r.name for r in patients.search(db, text)]  # noqa: E731
    assert names("smi") == ["Smith, Robert", "Smithers, Ann"]
    assert names("smi ro") == ["Smith, Robert"]
    assert names("smith, rob") == ["Smith, Robert"]
    assert names("smithers, an") == ["Smithers, Ann"]
    assert names("T0003") == ["Jones, Robin"]
    assert names("02/03/1990") == ["Smithers, Ann"]
    assert names("5550101") == ["Smith, Robert"]
    assert names("100%") == []
    assert patients.search_ids(db, "", sort="account", descending=True)[-1] == smith.id


def test_patient_row_shows_primary_payer_and_balance(db: Database) -> None:
    payer = add_payer(db, name="Acme Health")
    patient = add_patient(db)
    add_policy(db, patient.id, payer.id)
    row = patients.search(db, "smith")[0]
    assert row.primary_payer == "Acme Health" and row.balance == Decimal("0.00")


def test_account_numbers_are_unique(db: Database) -> None:
    add_patient(db, account="T0001")
    with pytest.raises(UserError, match="already used"):
        add_patient(db, "Other", "Person", account="T0001")
    assert patients.new_account_number(db).startswith("A")


def test_one_active_policy_per_order(db: Database) -> None:
    payer = add_payer(db)
    patient = add_patient(db)
    add_policy(db, patient.id, payer.id)
    with pytest.raises(ValidationFailed) as info:
        add_policy(db, patient.id, payer.id, member_id="OTHER1")
    assert info.value.problems[0].field == "order"
    add_policy(db, patient.id, payer.id, member_id="SEC1", order="S")
    assert [p.order for p in patients.detail(db, patient.id).policies] == ["P", "S"]


def test_dependent_policy_keeps_subscriber_demographics(db: Database) -> None:
    payer = add_payer(db)
    child = add_patient(db, "Smith", "Emma", "T0005", birth_date=date(2015, 6, 20), sex="F")
    parent = {"last_name": "Smith", "first_name": "Robert", "birth_date": date(1982, 7, 4),
              "sex": "M", "address": {"street1": "7 Elm St", "city": "Springfield",
                                      "state": "IL", "zip": "62702"}}
    add_policy(db, child.id, payer.id, relationship="19", subscriber=parent)
    policy = patients.detail(db, child.id).policies[0]
    assert policy.relationship == "19" and policy.subscriber is not None
    assert policy.subscriber.first_name == "Robert"


def test_eligibility_and_prior_auth(db: Database) -> None:
    payer = add_payer(db)
    patient = add_patient(db)
    policy = add_policy(db, patient.id, payer.id)
    patients.add_eligibility_check(db, {"policy_id": policy.id, "checked_on": date(2026, 11, 1),
                                        "status": "active", "copay": Decimal("25")})
    auth, _ = patients.save_prior_auth(db, {
        "patient_id": patient.id, "payer_id": payer.id, "number": "PA1", "codes": ("97110",),
        "visits_allowed": 12, "visits_used": 3, "start_date": date(2026, 10, 1),
        "end_date": date(2026, 12, 31)})
    detail = patients.detail(db, patient.id)
    assert detail.eligibility_checks[0].copay == Decimal("25.00")
    assert detail.prior_auths[0].visits_left == 9
    assert auth.covers(date(2026, 11, 2), "97110") and not auth.covers(date(2027, 1, 2))
    with pytest.raises(ValidationFailed) as info:
        patients.save_prior_auth(db, {**auth.model_dump(), "end_date": date(2026, 9, 1)})
    assert info.value.problems[0].field == "end_date"
