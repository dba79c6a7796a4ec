"""Form binder (Qt) and the Qt-free value conversion and detail-line presenters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from app.domain.errors import Problem
from app.domain.patients import Policy, Relationship
from app.ui.forms import FormBinder
from app.ui.presenters import patient_detail as pd
from app.ui.presenters.form_values import (
    ConversionError,
    Kind,
    friendly,
    from_text,
    nest,
    parse_date,
    to_text,
)


def test_dates_parse_and_format() -> None:
    assert parse_date("07/04/1982") == date(1982, 7, 4)
    assert parse_date("7/4/1982") == date(1982, 7, 4)
    assert parse_date("07041982") == date(1982, 7, 4)
    assert parse_date("1982-07-04") == date(1982, 7, 4)
    assert parse_date("  ") is None
    with pytest.raises(ConversionError):
        parse_date("13/45/2001")
    assert to_text(Kind.DATE, date(2026, 1, 2)) == "01/02/2026"


def test_kinds_convert_text() -> None:
    assert from_text(Kind.MONEY, "$1,234.5") == Decimal("1234.50")
    assert from_text(Kind.MONEY, "") == Decimal("0.00")
    assert from_text(Kind.OPTIONAL_MONEY, "") is None
    with pytest.raises(ConversionError):
        from_text(Kind.MONEY, "abc")
    assert from_text(Kind.CODES, "97110, 97140 g0283") == ("97110", "97140", "G0283")
    assert from_text(Kind.UPPER, " 207q00000x ") == "207Q00000X"
    assert to_text(Kind.PHONE, "2175550100") == "(217) 555-0100"
    assert to_text(Kind.ZIP, "627011234") == "62701-1234"
    assert to_text(Kind.EIN, "371234567") == "37-1234567"
    assert to_text(Kind.MONEY, Decimal("1234.5")) == "1,234.50"


def test_nest_and_friendly_messages() -> None:
    assert nest({"a": 1, "address.zip": "1", "s.address.city": "c"}) == {
        "a": 1, "address": {"zip": "1"}, "s": {"address": {"city": "c"}}}
    assert friendly("String should have at least 1 character") == "This field is required."
    assert friendly("String should have at least 2 characters") == "Enter at least 2 characters."
    assert friendly("String should match pattern '^[A-Za-z0-9]+$'") == \
        "Use letters and digits only."
    assert friendly("NPI must be exactly 10 digits.") == "NPI must be exactly 10 digits."


def test_policy_lines_show_payer_and_subscriber() -> None:
    policy = Policy(id=3, patient_id=1, payer_id=7, member_id="AB12",
                    effective_date=date(2024, 1, 1), relationship=Relationship.SELF)
    [line] = pd.policy_lines([policy], {7: "Acme"})
    assert (line.payer, line.order, line.subscriber, line.relationship) == (
        "Acme", "Primary", "Self", "Self")
    assert pd.policy_label(policy, {7: "Acme"}) == "Acme (Primary, AB12)"


@pytest.fixture
def binder(qtbot: Any) -> tuple[FormBinder, QWidget]:
    holder = QWidget()
    qtbot.addWidget(holder)
    binder = FormBinder("Test", holder)
    sex = QComboBox()
    sex.addItem("Female", "F")
    sex.addItem("Male", "M")
    for path, widget, kind in (("name", QLineEdit(), Kind.TEXT), ("dob", QLineEdit(), Kind.DATE),
                               ("sex", sex, Kind.TEXT), ("active", QCheckBox(), Kind.TEXT),
                               ("address.zip", QLineEdit(), Kind.ZIP),
                               ("payto.city", QLineEdit(), Kind.TEXT)):
        binder.add(path, widget, kind).setParent(holder)
    return binder, holder


def test_binder_reads_nested_values_and_optional_groups(binder: Any) -> None:
    form, _ = binder
    group_on = [False]
    form.optional_group("payto", lambda: group_on[0])
    form.write({"id": 4, "version": 2, "name": "Ann", "dob": date(1990, 5, 6), "sex": "M",
                "active": True, "address": {"zip": "627011234"}, "payto": None})
    assert form.widget("dob").text() == "05/06/1990"
    assert form.widget("address.zip").text() == "62701-1234"
    data, problems = form.values()
    assert problems == []
    assert data == {"id": 4, "version": 2, "name": "Ann", "dob": date(1990, 5, 6), "sex": "M",
                    "active": True, "address": {"zip": "62701-1234"}, "payto": None}
    group_on[0] = True
    assert form.values()[0]["payto"] == {"city": ""}
    assert not form.is_dirty()
    form.widget("name").setText("Bea")
    assert form.is_dirty()


def test_binder_places_problems_under_fields(binder: Any) -> None:
    form, _ = binder
    form.write({})
    form.widget("dob").setText("99/99/9999")
    data, problems = form.values()
    assert [p.field for p in problems] == ["dob"] and "dob" not in data
    unplaced = form.show_problems([
        Problem("Test", "address.zip", "ZIP must be 5 digits."),
        Problem("Test", "address", "String should have at least 1 character"),
        Problem("Test", "", "The record is odd.")])
    assert form.error_text("address.zip") == "ZIP must be 5 digits.\nThis field is required."
    assert [p.message for p in unplaced] == ["The record is odd."]
    assert form.has_problems()
    form.clear_problems()
    assert not form.has_problems()
