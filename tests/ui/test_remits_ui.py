"""Remittances: ERA preview then post, EOB, exception matching, the TEST MODE banner."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.demo.era import write_835
from app.domain.changes import Changes
from app.services import batches, claim_data, claims, remittances, settings
from app.ui.batches import prompts
from app.ui.changes import ChangeBus
from app.ui.presenters.remit_reports import posting_rows
from app.ui.remits.remits_page import RemittancesPage

DEMO_PAID_ON = date(2026, 11, 20)


@pytest.fixture
def page(demo_db: Any, qtbot: Any) -> RemittancesPage:
    widget = RemittancesPage(demo_db, ChangeBus())
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def exported_era(db: Any, tmp_path: Path, rename: str = "") -> tuple[list[int], Path]:
    """Export the demo's ready claims, then write the payer's 835 for them."""
    ready = batches.ready_claims(db)
    batches.export_837(db, tmp_path, ready, validate=False)
    text = write_835(claim_data.claim_data_many(db, ready), paid_on=DEMO_PAID_ON)
    if rename:
        first = claims.get_claim(db, ready[0])[0].control_number
        text = text.replace(f"CLP*{first}*", f"CLP*{rename}*")
    era = tmp_path / "era.835"
    era.write_text(text)
    return ready, era


def test_era_preview_matches_the_service_then_post_posts_it(
        page: RemittancesPage, demo_db: Any, qtbot: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, error_reports: list[Any]) -> None:
    ready, era = exported_era(demo_db, tmp_path)
    expected, _ = remittances.import_835(demo_db, era, dry_run=True)
    monkeypatch.setattr(prompts, "ask_open_path", lambda *args: era)
    view = page.era
    view.open_file()
    qtbot.waitUntil(lambda: view.preview is not None, timeout=20_000)
    assert view.figures.values == dict(posting_rows(expected))
    assert view.figures.values["Claims matched"] == str(len(ready))
    assert view.figures.values["Paid"] == f"${expected.paid:,.2f}"
    assert "Preview" in view.figures.headline.text()
    assert view.post_button.isEnabled()
    assert {claims.get_claim(demo_db, i)[0].status for i in ready} == {"submitted"}
    view.post_button.click()
    qtbot.waitUntil(lambda: view.report is not None, timeout=20_000)
    assert error_reports == []
    assert view.figures.values["Paid"] == f"${expected.paid:,.2f}"
    assert view.figures.headline.text().startswith("Posted")
    assert not view.post_button.isEnabled()
    assert {claims.get_claim(demo_db, i)[0].status for i in ready} == {"paid"}
    view.load(era)  # the same file again: nothing to post
    qtbot.waitUntil(lambda: view.preview is not None, timeout=20_000)
    assert "already imported" in view.figures.headline.text()
    assert not view.post_button.isEnabled()


def test_an_unbalanced_era_shows_the_problems_and_posts_nothing(
        page: RemittancesPage, demo_db: Any, qtbot: Any, tmp_path: Path,
        error_reports: list[Any]) -> None:
    ready, era = exported_era(demo_db, tmp_path)
    text = era.read_text()
    bad = tmp_path / "bad.835"
    bad.write_text(text.replace("BPR*I*", "BPR*I*1", 1))
    page.era.load(bad)
    qtbot.waitUntil(lambda: page.era.stack.currentWidget() is page.era.problems, timeout=20_000)
    assert error_reports == []
    assert page.era.problems.model.rowCount() >= 1
    assert "BPR02" in page.era.problems.report_text()
    assert not page.era.post_button.isEnabled()
    assert {claims.get_claim(demo_db, i)[0].status for i in ready} == {"submitted"}


def test_exception_is_matched_by_hand_to_the_claim_found_by_number(
        page: RemittancesPage, demo_db: Any, qtbot: Any, tmp_path: Path) -> None:
    ready, era = exported_era(demo_db, tmp_path, rename="ZZ9999")
    summary, changes = remittances.import_835(demo_db, era)
    assert summary.exceptions == 1
    page.bus.publish(changes)
    view = page.exceptions
    page.tabs.setCurrentWidget(view)
    assert view.model.rowCount() == 1 and "Exceptions (1)" in page.tabs.tabText(2).replace(
        "&", "")
    assert view.search.text() == "ZZ9999" and view.candidates.rowCount() == 0
    target = claims.get_claim(demo_db, ready[0])[0]
    view.search.setText(target.control_number)
    view.run_search()
    assert view.candidates.row_at(0).control_number == target.control_number
    assert view.match_button.isEnabled()
    view.match_button.click()
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=20_000)
    assert remittances.exception_queue(demo_db) == []
    assert claims.get_claim(demo_db, ready[0])[0].status == "paid"


def test_eob_shows_lines_adjustments_and_explanations(
        page: RemittancesPage, demo_db: Any, tmp_path: Path) -> None:
    ready, era = exported_era(demo_db, tmp_path)
    remittances.import_835(demo_db, era)
    claim = claims.get_claim(demo_db, ready[0])[0]
    page.eob.search.setText(claim.control_number.lower())
    page.eob.lookup()
    rows = page.eob.model.rows()
    kinds = [r.kind for r in rows]
    assert kinds[0] == "claim" and "line" in kinds and "adjustment" in kinds
    co45 = next(r for r in rows if r.code == "CO-45")
    assert co45.explanation and "CO-45" not in co45.explanation
    line = next(r for r in rows if r.kind == "line")
    assert line.billed is not None and line.allowed is not None and line.paid is not None
    assert "1 remittance" in page.eob.headline.text()
    page.eob.search.setText("NOPE1")
    page.eob.lookup()
    assert page.eob.model.rowCount() == 0 and "No claim" in page.eob.headline.text()


def test_test_mode_banner_shows_in_test_and_hides_in_production(
        window: Any, practice_db: Any, qtbot: Any) -> None:
    assert window.test_banner.isVisible()
    assert "TEST MODE" in window.test_banner.text()
    current = settings.get_clearinghouse(practice_db)
    assert current is not None
    data = current.model_dump()
    data["usage"] = "P"
    _, changes = settings.save_clearinghouse(practice_db, data)
    window.bus.publish(changes)
    assert not window.test_banner.isVisible()
    data = settings.get_clearinghouse(practice_db).model_dump()
    data["usage"] = "T"
    settings.save_clearinghouse(practice_db, data)
    window.bus.publish(Changes(settings=True))
    qtbot.waitUntil(window.test_banner.isVisible)


def test_new_pages_are_in_the_navigation_with_ctrl_5_and_6(window: Any) -> None:
    window.actions_by_name["go_batches"].trigger()
    assert window.current_page() is window.batches
    window.actions_by_name["go_remittances"].trigger()
    assert window.current_page() is window.remittances
    assert window.nav.item(window.pages.index(window.remittances)).text() == "Remittances"
