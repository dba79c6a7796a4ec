"""Qt models: qtmodeltester on every model, paging, SQL sorting, money and date display."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt

from app.services import claims, coding, patients, settings
from app.ui.billing.claims_page import COLUMNS as CLAIM_COLUMNS
from app.ui.coding.queue_page import COLUMNS as QUEUE_COLUMNS
from app.ui.models import paged_model
from app.ui.models.columns import ALIGN_RIGHT, ID_ROLE
from app.ui.models.patient_model import PatientTableModel
from app.ui.models.table_model import RowTableModel
from app.ui.settings.directory_tabs import PAYER_COLUMNS, PROVIDER_COLUMNS
from tests.ui.conftest import populate

DISPLAY = Qt.ItemDataRole.DisplayRole


def test_patient_model_passes_model_tester(qtmodeltester: Any, practice_db: Any) -> None:
    model = PatientTableModel(practice_db)
    model.reload()
    assert model.rowCount() == len(patients.search_ids(practice_db))
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_patient_model_loads_pages_lazily(db: Any, monkeypatch: Any) -> None:
    populate(db, patients=25)
    monkeypatch.setattr(paged_model, "PAGE_SIZE", 10)
    model = PatientTableModel(db)
    model.reload()
    assert model.rowCount() == 25 and model.page_loads == 0
    model.index(0, 1).data(DISPLAY)
    model.index(9, 1).data(DISPLAY)
    assert model.page_loads == 1
    model.index(24, 1).data(DISPLAY)
    assert model.page_loads == 2


def test_patient_model_sorts_in_sql_and_formats(db: Any) -> None:
    populate(db, patients=12)
    model = PatientTableModel(db)
    model.reload()
    model.sort(0, Qt.SortOrder.DescendingOrder)  # account
    accounts = [model.index(r, 0).data(DISPLAY) for r in range(model.rowCount())]
    assert accounts == sorted(accounts, reverse=True)
    model.sort(4, Qt.SortOrder.AscendingOrder)  # phone: not sortable, order unchanged
    assert [model.index(r, 0).data(DISPLAY) for r in range(model.rowCount())] == accounts
    row = model.row_at(0)
    assert row is not None
    dob = model.index(0, 2).data(DISPLAY)
    assert dob == row.birth_date.strftime("%m/%d/%Y")
    balance = model.index(0, 7)
    assert isinstance(balance.data(Qt.ItemDataRole.UserRole), Decimal)
    assert balance.data(Qt.ItemDataRole.TextAlignmentRole) == int(ALIGN_RIGHT.value)
    assert model.index(0, 3).data(ID_ROLE) == row.id


def test_patient_model_search_requeries(db: Any) -> None:
    populate(db, patients=16)
    model = PatientTableModel(db)
    model.reload()
    model.set_search("walk")
    names = [model.index(r, 1).data(DISPLAY) for r in range(model.rowCount())]
    assert names and all(n.startswith("Walker") for n in names)


def test_claim_model_passes_model_tester(qtmodeltester: Any, practice_db: Any) -> None:
    model = RowTableModel(CLAIM_COLUMNS)
    rows = claims.list_claims(practice_db)
    model.set_rows(rows)
    qtmodeltester.check(model)
    if rows:
        billed = model.index(0, 5)
        assert billed.data(Qt.ItemDataRole.TextAlignmentRole) == int(ALIGN_RIGHT.value)
        assert billed.data(Qt.ItemDataRole.UserRole) == rows[0].billed
    model.sort(9, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    balances = [model.index(r, 9).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]
    assert balances == sorted(balances, reverse=True)


def test_queue_model_passes_model_tester(qtmodeltester: Any, practice_db: Any) -> None:
    model = RowTableModel(QUEUE_COLUMNS)
    model.set_rows(coding.work_queue(practice_db))
    qtmodeltester.check(model)
    model.sort(5, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)


def test_small_lists_filter_through_a_proxy(qtmodeltester: Any, practice_db: Any) -> None:
    providers = RowTableModel(PROVIDER_COLUMNS)
    providers.set_rows(settings.list_providers(practice_db))
    qtmodeltester.check(providers)
    payers = RowTableModel(PAYER_COLUMNS)
    payers.set_rows(settings.list_payers(practice_db))
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(payers)
    proxy.setFilterKeyColumn(-1)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == len(settings.list_payers(practice_db))


def test_sorting_keeps_blanks_first(qtmodeltester: Any) -> None:
    from app.ui.patients.detail_tables import ELIGIBILITY_COLUMNS
    from app.ui.presenters.patient_detail import EligibilityLine

    rows = [EligibilityLine(i, __import__("datetime").date(2026, 1, i + 1), "P", "Active",
                            copay, None, "", "") for i, copay in
            enumerate([Decimal("20.00"), None, Decimal("5.00")])]
    model = RowTableModel(ELIGIBILITY_COLUMNS)
    model.set_rows(rows)
    model.sort(3, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, 3).data(DISPLAY) for r in range(3)] == ["", "5.00", "20.00"]
    qtmodeltester.check(model)
