"""The Deposits tab: add undeposited payments, type the slip, close when the total matches."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pytestqt.modeltest import ModelTester

from app.domain.deposits import DepositKind
from app.services import deposits
from app.store.database import Database
from app.ui.changes import ChangeBus
from app.ui.presenters.deposits import check_slip
from app.ui.remits.deposits_view import DepositsView
from tests.money_day import DAY, build

D = Decimal


def test_slip_check_messages(db: Database) -> None:
    build(db)
    [eft] = deposits.list_deposits(db)
    assert check_slip(None, "").message == "Pick a deposit."
    assert not check_slip(eft, "").can_close
    wrong = check_slip(eft, "180")
    assert not wrong.can_close and wrong.message == (
        "Total 182.40, slip 180.00: difference -2.40.")
    assert check_slip(eft, "$182.40").can_close
    assert "not an amount" in check_slip(eft, "abc").message


def test_add_and_close_by_keyboard(db: Database, qtbot: Any, tmp_path: Any) -> None:
    p = build(db)
    dep, _ = deposits.open_deposit(db, DepositKind.CASH_CHECK, DAY)
    view = DepositsView(db, ChangeBus())
    qtbot.addWidget(view)
    view.resize(1280, 700)
    view.show()
    for model in (view.model, view.items_model, view.left_model):
        ModelTester(None).check(model)
    assert view.model.rowCount() == 2 and view.left_model.rowCount() == 3
    view.table.select_row(view.model.row_of_id(dep.id))
    assert view.current_deposit().id == dep.id  # type: ignore[union-attr]
    view.left_table.selectAll()
    view.add_button.click()
    qtbot.waitUntil(lambda: view.items_model.rowCount() == 3, timeout=10_000)
    assert view.left_model.rowCount() == 0 and p.entries
    qtbot.keyClicks(view.slip, "79.00")
    assert not view.close_button.isEnabled() and "difference -1.00" in view.status.text()
    view.slip.clear()
    qtbot.keyClicks(view.slip, "80.00")
    assert view.close_button.isEnabled()
    view.grab().save(str(tmp_path / "deposits.png"))
    qtbot.keyClick(view.slip, "\r")
    qtbot.waitUntil(lambda: deposits.get_deposit(db, dep.id).is_closed, timeout=10_000)
    qtbot.waitUntil(lambda: "Closed" in view.status.text(), timeout=10_000)
    assert not view.add_button.isEnabled()
