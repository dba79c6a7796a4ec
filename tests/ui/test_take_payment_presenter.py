"""The Take payment presenter, without Qt."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.domain.patient_payments import OpenVisit, PatientPaymentMethod
from app.ui.presenters import take_payment as tp

TODAY = date(2026, 12, 3)
VISITS = [OpenVisit(1, date(2026, 10, 1), Decimal("30.00")),
          OpenVisit(2, date(2026, 11, 2), Decimal("0.00")),
          OpenVisit(3, TODAY, Decimal("0.00"))]


def test_at_check_in_the_default_is_a_copay_on_todays_visit() -> None:
    p = tp.TakePaymentPresenter(7, VISITS, TODAY, amount_text="25")
    assert p.at_check_in and p.mode == tp.VISITS and p.chosen == {3}
    assert p.choices()[0].label.startswith("today") and p.choices()[0].today
    assert p.preview() == "25.00 to visit 3"
    data = p.request()
    assert data["channel"] == "checkin" and data["visit_ids"] == (3,)
    assert data["amount"] == "25.00" and data["received_on"] == TODAY


def test_later_payments_go_to_the_oldest_balance_then_credit() -> None:
    p = tp.TakePaymentPresenter(7, VISITS[:2], TODAY, amount_text="$45.00",
                                method=PatientPaymentMethod.CASH)
    assert not p.at_check_in and p.mode == tp.OLDEST
    assert p.preview() == "30.00 to visit 1; 15.00 to credit on account"
    assert p.request()["channel"] == "desk" and p.request()["visit_ids"] == ()


def test_problems_name_the_field() -> None:
    p = tp.TakePaymentPresenter(7, VISITS[:2], TODAY, amount_text="abc",
                                method=PatientPaymentMethod.CHECK)
    p.mode = tp.VISITS
    assert {x.field for x in p.problems()} == {"amount", "visit_ids", "reference"}
    p.amount_text, p.reference, p.chosen = "10", "1042", {1}
    assert p.problems() == []


def test_the_key_is_made_once_per_dialog() -> None:
    p = tp.TakePaymentPresenter(7, VISITS, TODAY, amount_text="5")
    assert p.request()["payment_key"] == p.request()["payment_key"]
    assert tp.TakePaymentPresenter(7, VISITS, TODAY).key != p.key
