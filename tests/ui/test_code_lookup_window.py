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
