"""Printing screens: PDF preview, printing through the service, printer, statement run."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.domain.claims import ClaimStatus
from app.services import claim_data, claims, printing, statements
from app.ui import dialogs, jobs
from app.ui.changes import ChangeBus
from app.ui.printing import printer as printer_helpers
from tests.ui.test_billing_data import billing_db, claim_in, settle  # noqa: F401 - fixture

S = ClaimStatus


@pytest.fixture
def page(billing_db: Any, qtbot: Any) -> Iterator[Any]:  # noqa: F811
    from app.ui.billing.claims_page import ClaimsPage

    widget = ClaimsPage(billing_db, ChangeBus())
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    settle(widget)


def forms_for(db: Any, ids: list[int]) -> int:
    """Pages a CMS-1500 run takes: six lines per form."""
    return sum((len(d.lines) + 5) // 6 for d in claim_data.claim_data_many(db, ids))


def open_preview(qtbot: Any, printer: Any, start: Any) -> Any:
    with qtbot.waitSignal(printer.preview_opened, timeout=20_000) as blocker:
        start()
    return blocker.args[0]


def test_preview_shows_the_pdf_with_the_right_page_count(page: Any, qtbot: Any) -> None:
    ws = page.claims
    ids = ws.model.ids()[:3]
    before = [claims.get_claim(page.db, i)[0].status for i in ids]
    dialog = open_preview(qtbot, ws.printer, lambda: ws.printer.preview(ids))
    assert dialog.page_count() == forms_for(page.db, ids) >= 3
    assert dialog.view.document() is dialog.document
    assert [claims.get_claim(page.db, i)[0].status for i in ids] == before  # nothing submitted
    path = dialog.path
    assert path.exists() and path.parent.name == "print"
    dialog.close()
    assert not path.exists()  # the temporary render is removed


def test_printing_a_ready_claim_submits_it_and_a_reprint_changes_nothing(
        page: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = page.claims
    ready = claim_in(page.db, S.READY)
    ws.table.select_row(ws.model.row_of_id(ready))
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, **_k: asked.append(text) or True)
    dialog = open_preview(qtbot, ws.printer, ws.actions_by_name["billing_print"].trigger)
    assert asked and "1 ready claim" in asked[0]
    assert dialog.page_count() == forms_for(page.db, [ready])
    qtbot.waitUntil(lambda: ws.editor.claim is not None and ws.editor.claim.id == ready)
    assert claims.get_claim(page.db, ready)[0].status == S.SUBMITTED
    dialog.close()
    submitted = claim_in(page.db, S.SUBMITTED)
    history = claims.history(page.db, submitted)
    asked.clear()
    dialog = open_preview(qtbot, ws.printer, lambda: ws.printer.print_claims([submitted]))
    assert not asked  # nothing to confirm on a reprint
    assert claims.get_claim(page.db, submitted)[0].status == S.SUBMITTED
    assert claims.history(page.db, submitted) == history
    dialog.close()


def test_declining_the_paper_submission_prints_nothing(page: Any,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    ready = claim_in(page.db, S.READY)
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: False)
    assert page.claims.printer.print_claims([ready]) is False
    assert jobs.wait_idle()
    assert claims.get_claim(page.db, ready)[0].status == S.READY


def test_print_dialog_and_save_as_pdf_go_through_helpers(page: Any, qtbot: Any, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtPrintSupport import QPrinter

    ws = page.claims
    ids = ws.model.ids()[:2]
    dialog = open_preview(qtbot, ws.printer, lambda: ws.printer.preview(ids))
    out = tmp_path / "printed.pdf"

    def fake_printer(_parent: Any, pages: int) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    monkeypatch.setattr(printer_helpers, "ask_printer", fake_printer)
    assert dialog.print_pdf() == dialog.page_count()
    assert out.exists() and out.read_bytes().startswith(b"%PDF")
    monkeypatch.setattr(printer_helpers, "ask_printer", lambda *_a: None)
    assert dialog.print_pdf() == 0  # cancelled
    saved = tmp_path / "copy.pdf"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *_a: saved)
    assert dialog.save_pdf() == saved and saved.read_bytes() == dialog.path.read_bytes()
    dialog.close()


def test_paper_queue_offsets_data_only_and_alignment(page: Any, qtbot: Any) -> None:
    page.tabs.setCurrentWidget(page.paper)
    paper = page.paper
    queue = printing.paper_queue(page.db)
    assert paper.model.rowCount() == len(queue)
    paper.offset_x.setValue(4)
    paper.offset_y.setValue(-2)
    paper.data_only.setChecked(True)
    assert paper.printer.offsets == (4, -2) and paper.printer.data_only
    paper.save_offsets()
    assert jobs.wait_idle()
    assert printing.printer_offsets(page.db) == (4, -2)
    dialog = open_preview(qtbot, paper.printer, paper.alignment)
    assert dialog.page_count() == 1
    dialog.close()
    if queue:
        paper.table.selectAll()
        dialog = open_preview(qtbot, paper.printer, paper.print_selected)
        assert dialog.page_count() == forms_for(page.db, queue)
        dialog.close()
        qtbot.waitUntil(lambda: paper.model.rowCount() == 0)
        assert all(claims.get_claim(page.db, i)[0].status == S.SUBMITTED for i in queue)


def test_statement_run_preview_final_and_csv(page: Any, qtbot: Any, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    run = page.statements
    page.tabs.setCurrentWidget(run)
    run.min_balance.setText("0.01")
    with qtbot.waitSignal(run.previewed, timeout=20_000):
        run.preview_run()
    expected = statements.preview(page.db, run.options())
    assert run.model.rowCount() == len(expected) > 0
    assert run.total_due() == sum((s.amount_due for s in expected), Decimal("0.00"))
    assert f"{len(expected):,} statement" in run.totals.text()
    dialog = open_preview(qtbot, run.printer, run.preview_pdf)
    assert dialog.page_count() >= len(expected)
    dialog.close()
    csv_out, pdf_out = tmp_path / "mail.csv", tmp_path / "final.pdf"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda _p, title, *_a: csv_out
                        if "mailing" in title else pdf_out)
    run.save_csv()
    assert jobs.wait_idle()
    assert len(csv_out.read_text().splitlines()) == len(expected) + 1
    asked: list[str] = []
    published: list[Any] = []
    page.bus.changed.connect(published.append)
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, **_k: asked.append(text) or True)
    with qtbot.waitSignal(run.previewed, timeout=20_000):  # the run is previewed again after
        run.final_run()
    assert asked and f"Record {len(expected)} statement" in asked[0] and pdf_out.exists()
    assert any(c.patients for c in published)  # recorded in the patients' history
    assert run.printer.last_preview is not None and not run.printer.last_preview.temporary
    run.printer.last_preview.close()
    assert pdf_out.exists()  # the user's file stays
    assert run.model.rowCount() == len(statements.preview(page.db, run.options()))


def test_statement_run_rejects_an_unreadable_minimum(page: Any, error_reports: list[Any]) -> None:
    page.statements.min_balance.setText("lots")
    page.statements.preview_run()
    assert error_reports and error_reports[-1].title == "Please check the data"
    assert page.statements.model.rowCount() == 0
