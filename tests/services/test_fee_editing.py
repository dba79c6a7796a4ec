"""Fee schedule and contracts edited by hand: effective-dated history, end dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from app.domain.errors import ValidationFailed
from app.services import claims, fees
from app.store import fee_history
from app.store.database import Database
from tests.builders import (
    add_claim,
    add_patient,
    add_payer,
    add_policy,
    add_provider,
    set_up_practice,
)

TODAY = date(2026, 6, 15)


def fee(code: str = "99213", charge: str = "125.00", on: date = date(2026, 1, 1),
        **changes: Any) -> dict[str, Any]:
    return {"code": code, "modifier": "", "label": "Office visit est. low",
            "charge": Decimal(charge), "effective_date": on, **changes}


def test_a_price_change_keeps_the_old_price_for_earlier_visits(db: Database) -> None:
    fees.set_fee(db, fee(), today=TODAY)
    fees.set_fee(db, fee(charge="130.00", on=date(2026, 7, 1)), today=TODAY)
    assert fees.charge_for(db, "99213", on=date(2026, 6, 30)) == Decimal("125.00")
    assert fees.charge_for(db, "99213", on=date(2026, 7, 1)) == Decimal("130.00")
    history = fees.fee_history_rows(db, "99213")
    assert [(h.charge, h.effective_date) for h in history] == [
        (Decimal("125.00"), date(2026, 1, 1)), (Decimal("130.00"), date(2026, 7, 1))]


def test_a_price_in_force_is_never_rewritten_but_a_future_one_may_be_corrected(
        db: Database) -> None:
    fees.set_fee(db, fee(), today=TODAY)
    with pytest.raises(ValidationFailed) as info:
        fees.set_fee(db, fee(charge="99.00"), today=TODAY)
    assert info.value.problems[0].field == "effective_date"
    assert fees.charge_for(db, "99213", on=TODAY) == Decimal("125.00")
    fees.set_fee(db, fee(charge="130.00", on=date(2026, 7, 1)), today=TODAY)
    fees.set_fee(db, fee(charge="131.00", on=date(2026, 7, 1)), today=TODAY)  # a typo fixed
    assert len(fees.fee_history_rows(db, "99213")) == 2
    assert fees.charge_for(db, "99213", on=date(2026, 8, 1)) == Decimal("131.00")


def test_ending_a_fee_takes_the_code_off_the_schedule_after_the_last_day(db: Database) -> None:
    fees.set_fee(db, fee(), today=TODAY)
    ended, changes = fees.end_fee(db, "99213", "", date(2026, 6, 30), today=TODAY)
    assert changes.codes and ended.ended and ended.effective_date == date(2026, 7, 1)
    assert fees.charge_for(db, "99213", on=date(2026, 6, 30)) == Decimal("125.00")
    assert fees.charge_for(db, "99213", on=date(2026, 7, 1)) is None
    assert [e.code for e in fees.fee_schedule(db, date(2026, 7, 2))] == []
    with pytest.raises(ValidationFailed):
        fees.end_fee(db, "99214", "", date(2026, 6, 30), today=TODAY)


def test_bad_fee_fields_are_named(db: Database) -> None:
    with pytest.raises(ValidationFailed) as info:
        fees.set_fee(db, fee(code="9921", charge="-1", label=""), today=TODAY)
    assert {p.field for p in info.value.problems} == {"code", "charge", "label"}
    assert fees.fee_history_rows(db) == []


def test_a_billed_claim_keeps_its_line_charges(db: Database) -> None:
    set_up_practice(db)
    payer, doctor, patient = add_payer(db), add_provider(db), add_patient(db)
    policy = add_policy(db, patient.id, payer.id)
    fees.set_fee(db, fee(on=date(2025, 1, 1)), today=TODAY)
    claim = add_claim(db, "C1", [("99213", "125.00")], patient_id=patient.id,
                      payer_id=payer.id, policy_id=policy.id, provider_id=doctor.id)
    fees.set_fee(db, fee(charge="150.00", on=date(2025, 1, 2)), today=TODAY)
    fees.end_fee(db, "99213", "", date(2025, 6, 30), today=TODAY)
    _, money = claims.get_claim(db, claim.id)
    assert money.billed == Decimal("125.00")


def test_contract_amounts_have_history_and_an_end(db: Database) -> None:
    payer = add_payer(db)
    rate = {"payer_id": payer.id, "code": "99213", "modifier": "",
            "allowed": Decimal("88.10"), "effective_date": date(2026, 1, 1)}
    fees.set_contract_rate(db, rate, today=TODAY)
    fees.set_contract_rate(db, {**rate, "allowed": Decimal("90.00"),
                                "effective_date": date(2026, 4, 1)}, today=TODAY)
    fees.end_contract_rate(db, payer.id, "99213", "", date(2026, 9, 30), today=TODAY)
    assert fees.allowed_for(db, payer.id, "99213", on=date(2026, 3, 1)) == Decimal("88.10")
    assert fees.allowed_for(db, payer.id, "99213", on=date(2026, 9, 30)) == Decimal("90.00")
    assert fees.allowed_for(db, payer.id, "99213", on=date(2026, 10, 1)) is None
    assert [r.ended for r in fees.contract_history_rows(db, payer.id)] == [False, False, True]
    with pytest.raises(ValidationFailed) as info:
        fees.set_contract_rate(db, {**rate, "payer_id": 999}, today=TODAY)
    assert info.value.problems[0].field == "payer_id"


@pytest.mark.parametrize("writer", ["put_fee", "put_contract"])
def test_a_crash_while_saving_writes_nothing(db: Database, writer: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    payer = add_payer(db)
    real = getattr(fee_history, writer)

    def crash(session: Any, record: Any) -> None:
        real(session, record)
        raise OSError("disk full")

    monkeypatch.setattr(fee_history, writer, crash)
    with pytest.raises(OSError):
        if writer == "put_fee":
            fees.set_fee(db, fee(), today=TODAY)
        else:
            fees.set_contract_rate(db, {"payer_id": payer.id, "code": "99213",
                                        "allowed": Decimal("1"),
                                        "effective_date": TODAY}, today=TODAY)
    assert fees.fee_history_rows(db) == [] and fees.contract_history_rows(db) == []
