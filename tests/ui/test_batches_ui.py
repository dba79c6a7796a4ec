"""Batches: the 837P export dialog, batch history with Save again, acknowledgment import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.domain.errors import Problem
from app.services import batches, claim_queries, claims
from app.ui import dialogs
from app.ui.batches import prompts
from app.ui.batches.batches_page import BatchesPage
from app.ui.batches.claim_pick_model import ClaimPickModel
from app.ui.batches.export_dialog import ExportDialog
from app.ui.changes import ChangeBus
from tests.services.ack_files import answering

X12_DATA = Path(__file__).resolve().parents[1] / "x12" / "data"


@pytest.fixture
def bus() -> ChangeBus:
    return ChangeBus()


@pytest.fixture
def dialog(demo_db: Any, bus: ChangeBus, qtbot: Any, tmp_path: Path) -> ExportDialog:
    widget = ExportDialog(None, demo_db, bus)
    qtbot.addWidget(widget)
    widget.folder.setText(str(tmp_path / "out"))
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def page(demo_db: Any, bus: ChangeBus, qtbot: Any) -> BatchesPage:
    widget = BatchesPage(demo_db, bus)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def export_now(qtbot: Any, dialog: ExportDialog) -> None:
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)


def test_dialog_lists_every_ready_claim_checked_with_count_and_total(
        dialog: ExportDialog, demo_db: Any) -> None:
    ready = batches.ready_claims(demo_db)
    assert [r.id for r in dialog.model.checked_rows()] == ready and len(ready) >= 5
    total = sum(claims.get_claim(demo_db, i)[1].billed for i in ready)
    assert f"{len(ready)} claims selected" in dialog.summary.text()
    assert f"{total:,.2f}" in dialog.summary.text()
    first = dialog.model.index(0, 0)
    dialog.model.setData(first, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert f"{len(ready) - 1} claims selected" in dialog.summary.text()
    dialog.model.set_all(False)
    assert not dialog.export_button.isEnabled()


def test_payer_filter_shows_only_that_payers_claims(dialog: ExportDialog,
                                                    demo_db: Any) -> None:
    assert dialog.payer.count() >= 2
    dialog.payer.setCurrentIndex(1)
    code = dialog.payer.currentData()
    assert dialog.model.rows() and {r.payer_id for r in dialog.model.rows()} == {code}
    assert [r.id for r in dialog.model.rows()] == batches.ready_claims(demo_db, code)


def test_export_writes_the_file_and_submits_the_claims(
        dialog: ExportDialog, demo_db: Any, qtbot: Any, tmp_path: Path,
        error_reports: list[Any]) -> None:
    ready = batches.ready_claims(demo_db)
    changed: list[Any] = []
    dialog.bus.changed.connect(changed.append)
    export_now(qtbot, dialog)
    result = dialog.last_result
    assert result is not None and error_reports == []
    assert result.file.parent == tmp_path / "out" and result.file.exists()
    assert result.file.read_text().startswith("ISA*")
    assert dialog.outcome.currentWidget() is dialog.result
    figures = dialog.result.values
    assert figures["Interchange (ISA13)"] == f"{result.isa13:09d}"
    assert figures["Claims"] == str(len(ready)) and str(result.file) == figures["File"]
    assert figures["Transaction sets (ST02)"] == ", ".join(result.st02)
    assert {claims.get_claim(demo_db, i)[0].status for i in ready} == {"submitted"}
    assert changed and changed[0].claims
    assert dialog.model.rowCount() == 0  # nothing ready any more


def test_validation_failure_shows_every_problem_and_writes_nothing(
        dialog: ExportDialog, demo_db: Any, qtbot: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, error_reports: list[Any]) -> None:
    ready = batches.ready_claims(demo_db)
    broken = [Problem("claim C0000238", "2010AA/N403", "The billing ZIP needs nine digits."),
              Problem("claim C0000243", "2300/CLM05-1", "Place of service is missing.")]
    monkeypatch.setattr(batches, "check_claims", lambda data, today=None: broken)
    export_now(qtbot, dialog)
    assert error_reports == []
    assert dialog.outcome.currentWidget() is dialog.problems
    model = dialog.problems.model
    assert model.rowCount() == 2
    assert model.index(0, 0).data() == "claim C0000238"
    assert model.index(1, 1).data() == "2300/CLM05-1"
    text = dialog.problems.report_text()
    assert "2010AA/N403" in text and "Place of service is missing." in text
    dialog.problems.copy()
    from PySide6.QtWidgets import QApplication

    assert "C0000243" in QApplication.clipboard().text()
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    assert {claims.get_claim(demo_db, i)[0].status for i in ready} == {"ready"}
    assert batches.history(demo_db) == []


def test_history_lists_the_batch_with_its_claims_and_saves_it_again(
        page: BatchesPage, demo_db: Any, qtbot: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    ready = batches.ready_claims(demo_db)
    result, changes = batches.export_837(demo_db, tmp_path, ready, validate=False)
    page.bus.publish(changes)
    assert page.history_model.rowCount() == 1
    assert page.history.current_id() == result.batch_id
    assert sorted(r.id for r in page.claims_model.rows()) == sorted(ready)
    copy = tmp_path / "again.txt"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *args: copy)
    messages: list[str] = []
    page.message.connect(messages.append)
    page.save_again()
    qtbot.waitUntil(lambda: copy.exists() and bool(messages))
    assert copy.read_bytes() == result.file.read_bytes()


def test_new_batch_opens_the_export_dialog(page: BatchesPage, qtbot: Any) -> None:
    dialog = page.new_batch()
    qtbot.waitExposed(dialog)
    assert dialog.isVisible() and dialog.model.rowCount() >= 5
    dialog.close()


def test_ack_import_shows_accepted_rejected_and_already_imported(
        page: BatchesPage, demo_db: Any, qtbot: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    ready = batches.ready_claims(demo_db)
    result, _ = batches.export_837(demo_db, tmp_path, ready, validate=False)
    text = answering(result.file.read_text(), (X12_DATA / "999_accepted.txt").read_text()
                     ).replace("AK1*HC*101*", f"AK1*HC*{result.gs06}*")
    ack = tmp_path / "ack.999"
    ack.write_text(text)
    monkeypatch.setattr(prompts, "ask_open_path", lambda *args: ack)
    page.import_ack()
    qtbot.waitUntil(lambda: page.last_ack is not None)
    assert page.last_ack.accepted and len(page.last_ack.accepted) == len(ready)
    assert f"{len(ready)} accepted, 0 rejected" in page.ack_headline.text()
    assert page.ack_model.rowCount() == len(ready)
    assert page.ack_model.index(0, 1).data() == "Accepted"
    assert claims.get_claim(demo_db, ready[0])[0].status == "accepted"
    page.last_ack = None
    page.import_ack()
    qtbot.waitUntil(lambda: page.last_ack is not None)
    assert "already imported" in page.ack_headline.text()


def test_every_batch_model_passes_the_model_tester(page: BatchesPage, demo_db: Any,
                                                   tmp_path: Path, qtmodeltester: Any) -> None:
    ready = batches.ready_claims(demo_db)
    pick = ClaimPickModel()
    pick.set_rows(claim_queries.claim_rows(demo_db, ready))
    batches.export_837(demo_db, tmp_path, ready, validate=False)
    page.refresh()
    for model in (page.history_model, page.claims_model, page.ack_model, pick):
        qtmodeltester.check(model)
