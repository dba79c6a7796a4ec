"""Payment plans: statements show the next installment; missed due dates are listed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.domain.errors import UserError, ValidationFailed
from app.domain.ledger import EntryKind
from app.domain.payment_plans import add_months
from app.printing.statements import render_statements
from app.services import payment_plans, statements
from app.store import plans_repo
from app.store.database import Database
from tests import builders
from tests.money_day import D, patient_entry
from tests.printing.pdftext import all_text


@pytest.fixture
def owed(db: Database) -> int:
    """A self-pay patient who owes 300.00 since 01/05/2026 (and paid 20.00 on 01/06)."""
    builders.set_up_practice(db)
    patient = builders.add_patient(db, "Gray", "Ann", "G1")
    patient_entry(db, patient.id, EntryKind.CHARGE, "320.00", on=date(2026, 1, 5))
    patient_entry(db, patient.id, EntryKind.PAYMENT, "20.00", on=date(2026, 1, 6))
    return patient.id


def _plan(db: Database, patient_id: int):  # type: ignore[no-untyped-def]
    return payment_plans.create_plan(db, patient_id, D("100.00"), date(2026, 2, 1),
                                     today=date(2026, 1, 10))[0]


def test_months_clamp_to_the_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 31), 2) == date(2026, 3, 31)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_the_plan_covers_the_balance_and_is_followed(db: Database, owed: int) -> None:
    plan = _plan(db, owed)
    assert plan.plan_total == D("300.00")
    patient_entry(db, owed, EntryKind.PAYMENT, "100.00", on=date(2026, 1, 28))
    assert payment_plans.missed_plan_payments(db, date(2026, 2, 15)) == []
    [miss] = payment_plans.missed_plan_payments(db, date(2026, 3, 2))
    assert (miss.patient_id, miss.due_date, miss.owed_by_now, miss.paid, miss.behind) == (
        owed, date(2026, 3, 1), D("200.00"), D("100.00"), D("100.00"))
    patient_entry(db, owed, EntryKind.PAYMENT, "150.00", on=date(2026, 3, 5))
    assert payment_plans.missed_plan_payments(db, date(2026, 3, 10)) == []
    [late] = payment_plans.missed_plan_payments(db, date(2026, 4, 2))
    assert (late.due_date, late.behind) == (date(2026, 4, 1), D("50.00"))
    payment_plans.cancel_plan(db, plan.id)
    assert payment_plans.missed_plan_payments(db, date(2026, 4, 2)) == []


def test_statements_show_the_next_installment(db: Database, owed: int, tmp_path: Path) -> None:
    _plan(db, owed)
    patient_entry(db, owed, EntryKind.PAYMENT, "100.00", on=date(2026, 1, 28))
    [st] = statements.preview(db, statements.RunOptions(statement_date=date(2026, 2, 15)))
    assert st.payment_plan == "Payment plan: $100.00 due on 03/01/2026"
    patient_entry(db, owed, EntryKind.PAYMENT, "150.00", on=date(2026, 3, 5))
    [st] = statements.preview(db, statements.RunOptions(statement_date=date(2026, 3, 10)))
    assert st.payment_plan == "Payment plan: $50.00 due on 04/01/2026"
    pdf = tmp_path / "st.pdf"
    with pdf.open("wb") as handle:
        render_statements([st], handle)
    assert "Payment plan: $50.00 due on 04/01/2026" in all_text(pdf.read_bytes())


def test_bad_plans_are_refused(db: Database, owed: int) -> None:
    with pytest.raises(ValidationFailed, match="monthly amount"):
        payment_plans.create_plan(db, owed, D("0.00"), date(2026, 2, 1))
    with pytest.raises(ValidationFailed, match="at most the balance 300.00"):
        payment_plans.create_plan(db, owed, D("50.00"), date(2026, 2, 1), total=D("301.00"))
    _plan(db, owed)
    with pytest.raises(UserError, match="already has an active payment plan"):
        _plan(db, owed)
    other = builders.add_patient(db, "Nil", "Owes", "N1")
    with pytest.raises(ValidationFailed, match="owes nothing"):
        payment_plans.create_plan(db, other.id, D("50.00"), date(2026, 2, 1))


def test_a_crash_while_saving_leaves_no_plan(db: Database, owed: int,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    real = plans_repo.add_plan

    def crash(*args: object, **kw: object) -> object:
        real(*args, **kw)  # type: ignore[arg-type]
        raise OSError("disk full")

    monkeypatch.setattr(plans_repo, "add_plan", crash)
    with pytest.raises(OSError):
        _plan(db, owed)
    monkeypatch.undo()
    assert payment_plans.active_plans(db) == []
