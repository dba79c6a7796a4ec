"""The code look-up window opens from the main window (Ctrl+K) with CPT from the fee schedule."""

from __future__ import annotations

from typing import Any


def test_code_lookup_opens_and_finds_icd_and_cpt(window: Any, qtbot: Any, codesets: Any) -> None:
    window.actions_by_name["code_lookup"].trigger()
    lookup = window.code_lookup
    qtbot.addWidget(lookup)
    assert lookup.isVisible()
    lookup.search_edit.setText("diab typ 2 hyperg")
    lookup.run_search()
    assert lookup.model.hit(0).code == "E11.65"
    lookup.search_edit.setText("99213")
    lookup.run_search()
    codes = {(lookup.model.hit(i).system, lookup.model.hit(i).code)
             for i in range(lookup.model.rowCount())}
    assert ("cpt", "99213") in codes  # from the demo practice's own fee schedule


def test_fee_schedule_import_from_the_lookup_window(window: Any, qtbot: Any, codesets: Any,
                                                    tmp_path: Any) -> None:
    from decimal import Decimal

    from app.services import fees

    window.actions_by_name["code_lookup"].trigger()
    lookup = window.code_lookup
    qtbot.addWidget(lookup)
    outcomes: list[Any] = []
    lookup.runner.report = outcomes.append  # no message box in tests
    csv = tmp_path / "fees.csv"
    csv.write_text("code,modifier,label,charge,effective_date\n"
                   "99499,,Unlisted E/M (ours),55.00,2026-01-01\n")
    assert lookup.findChild(object, "import_fees") is not None
    with qtbot.waitSignal(lookup.runner.done, timeout=10000):
        lookup.import_files("fees", [csv])
    assert outcomes[-1].ok
    assert fees.charge_for(window.db, "99499") == Decimal("55.00")
