"""Coding queue and queries: paged model, filters, query round trip, printing, models."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.domain.encounters import CodingStatus, Encounter
from app.services import encounters
from app.ui import dialogs
from app.ui.changes import ChangeBus
from app.ui.coding import coding_dialogs
from app.ui.coding.code_models import DiagnosisModel, LineModel
from app.ui.coding.findings_view import FindingsModel
from app.ui.coding.queries_panel import COLUMNS as QUERY_COLUMNS
from app.ui.coding.queries_panel import query_rows
from app.ui.coding.queue_model import CodingQueueModel
from app.ui.coding.queue_page import CodingQueuePage
from app.ui.coding.refine_dialog import RefineDialog
from app.ui.models import paged_model
from app.ui.models.table_model import RowTableModel
from app.ui.presenters.coding_codes import refine_step
from app.ui.presenters.coding_editor import CodingEditor
from tests.ui.test_coding_builders import CodingPractice, add_visit, coding_practice


@pytest.fixture
def practice(db: Any, codesets: Path, tmp_path: Path) -> CodingPractice:
    return coding_practice(db, tmp_path, visits=5)


@pytest.fixture
def page(db: Any, practice: CodingPractice, qtbot: Any) -> CodingQueuePage:
    widget = CodingQueuePage(db, ChangeBus())
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_queue_model_pages_sorts_and_filters_in_sql(db: Any, practice: CodingPractice,
                                                    qtmodeltester: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paged_model, "PAGE_SIZE", 2)
    model = CodingQueueModel(db)
    model.reload()
    qtmodeltester.check(model)
    assert model.ids() == practice.encounter_ids  # oldest visit first
    model.reload()
    loads = model.page_loads
    assert model.index(4, 5).data() == "6"  # days since the visit: only page 3 is read
    assert model.index(4, 1).data() == "Coder4, Pat"
    assert model.page_loads == loads + 1
    model.sort(5, Qt.SortOrder.AscendingOrder)  # fewest days first = newest visit first
    assert model.ids() == practice.encounter_ids[::-1]
    model.filter.search = "C0003"  # account number
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [model.row_at(r).patient for r in range(model.rowCount())] == ["Coder3, Pat"]
    model.filter.search, model.filter.statuses = "", ("query",)
    model.reload()
    assert model.rowCount() == 0


def test_correction_shows_the_payers_reason(page: CodingQueuePage, db: Any,
                                            practice: CodingPractice) -> None:
    enc = encounters.get(db, practice.encounter_ids[2])
    encounters.save(db, {**enc.model_dump(), "coding_status": "correction",
                         "coding_note": "CO-11: diagnosis inconsistent with procedure"})
    page.refresh()
    model = page.queue.model
    row = model.row_of_id(enc.id or 0)
    assert row >= 0  # "work to do" shows corrections
    assert model.index(row, 4).data() == "Correction"
    assert "CO-11" in model.index(row, 7).data()
    page.open_encounter(enc.id or 0)
    assert "CO-11" in page.view.header.note.text()
    assert "coding correction" in page.view.header.note.text()


def test_query_round_trip(page: CodingQueuePage, db: Any, practice: CodingPractice,
                          qtbot: Any) -> None:
    first = practice.encounter_ids[0]
    view = page.view
    page.open_encounter(first)
    view.add_dx("E11.9")  # typed codes are saved with the query
    view.ops.query_provider()
    dialog = view.dialog
    assert isinstance(dialog, coding_dialogs.QueryDialog)
    qtbot.keyClicks(dialog.question, "Is the knee pain from osteoarthritis?")
    qtbot.keyClicks(dialog.choices, "Yes, right knee OA")
    dialog.accept()
    qtbot.waitUntil(lambda: view.editor.encounter.coding_status == CodingStatus.QUERY,
                    timeout=5000)
    assert encounters.get(db, first).diagnoses == ("E11.9",)
    assert "Waiting on the provider" in view.header.note.text()
    view.request_leave()
    page.refresh()
    assert page.queue.model.row_of_id(first) == -1  # not in "work to do" any more
    page.queue.status_filter.setCurrentIndex(2)  # Query pending
    assert page.queue.model.ids() == [first]
    page.tabs.setCurrentWidget(page.queries)
    assert page.queries.model.rowCount() == 1
    page.queries.record_answer()
    answer = page.queries.dialog
    assert isinstance(answer, coding_dialogs.AnswerDialog)
    answer.answer.setCurrentIndex(1)
    answer.accept()
    qtbot.waitUntil(lambda: encounters.get(db, first).coding_status == CodingStatus.UNCODED,
                    timeout=5000)
    assert encounters.queries(db, first)[0].answer == "Yes, right knee OA"
    page.refresh()
    assert page.queue.model.ids() == []  # still filtered on "query pending"
    page.queue.status_filter.setCurrentIndex(0)
    assert first in page.queue.model.ids()


def test_queries_print_to_pdf(page: CodingQueuePage, db: Any, practice: CodingPractice,
                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    encounters.ask_provider(db, practice.encounter_ids[1], "Laterality of the knee pain?",
                            ["Right", "Left"])
    page.refresh()
    target = tmp_path / "queries.pdf"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *_a: target)
    page.queries.print_queries()
    assert target.read_bytes().startswith(b"%PDF")
    assert target.stat().st_size > 1000


def test_refine_dialog_children_laterality_and_seventh(qtbot: Any, codesets: Path) -> None:
    from app.services import codes

    picked: list[str] = []
    step = refine_step(codes.show("M25.56"))  # type: ignore[arg-type]
    assert step is not None and step.kind == "laterality"
    dialog = RefineDialog(step, codes.show)
    qtbot.addWidget(dialog)
    dialog.picked.connect(lambda code, _d: picked.append(code))
    dialog.show()
    qtbot.keyClick(dialog.list, Qt.Key.Key_L)
    assert picked == ["M25.562"]
    step = refine_step(codes.show("S52.52"))  # type: ignore[arg-type]
    assert step is not None and step.kind == "laterality"
    dialog = RefineDialog(step, codes.show)
    qtbot.addWidget(dialog)
    dialog.picked.connect(lambda code, _d: picked.append(code))
    dialog.show()
    qtbot.keyClick(dialog.list, Qt.Key.Key_R)  # S52.521 -> the 7th-character step
    assert dialog.step.kind == "seventh" and dialog.isVisible()
    qtbot.keyClick(dialog.list, Qt.Key.Key_D)
    assert picked[-1] == "S52.521D"
    step = refine_step(codes.show("E11"))  # type: ignore[arg-type]
    assert step is not None and step.kind == "children"
    dialog = RefineDialog(step, codes.show)
    qtbot.addWidget(dialog)
    dialog.picked.connect(lambda code, _d: picked.append(code))
    dialog.show()
    dialog.list.setCurrentRow([c.code for c in step.choices].index("E11.6"))
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert dialog.step.code == "E11.6"
    dialog.list.setCurrentRow([c.code for c in dialog.step.choices].index("E11.65"))
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert picked[-1] == "E11.65"


def test_a_category_picked_in_the_view_opens_the_refine_step(page: CodingQueuePage,
                                                              qtbot: Any) -> None:
    view = page.view
    page.open_encounter(page.queue.model.id_at(0))
    qtbot.keyClicks(view.dx.entry, "M17.1")
    qtbot.keyClick(view.dx.entry, Qt.Key.Key_Return)
    dialog = view.dialog
    assert isinstance(dialog, RefineDialog) and dialog.step.kind == "laterality"
    qtbot.keyClick(dialog.list, Qt.Key.Key_R)
    assert view.editor.diagnoses == ["M17.11"]


def test_copy_from_last_visit_and_favorites(page: CodingQueuePage, db: Any,
                                            practice: CodingPractice) -> None:
    patient = practice.patient_ids[0]
    old = add_visit(db, patient, practice.provider_id, date.today() - timedelta(days=40),
                    diagnoses=("E11.9",), lines=({"code": "99214", "charge": "205.00"},))
    encounters.mark_coded(db, old)
    view = page.view
    page.open_encounter(practice.encounter_ids[0])
    view.copy_last_visit()
    assert view.editor.diagnoses == ["E11.9"] and view.editor.lines[0].code == "99214"
    assert view.editor.dirty
    encounters.set_favorites(db, practice.provider_id, [("icd10cm", "I10", "Hypertension"),
                                                        ("cpt", "36415", "Blood draw")])
    view.ops.favorites()
    favorites = view.dialog
    for n in range(favorites.list.count()):
        favorites.list.item(n).setCheckState(Qt.CheckState.Checked)
    favorites._accept()
    assert view.editor.diagnoses == ["E11.9", "I10"]
    assert [d.code for d in view.editor.lines] == ["99214", "36415"]
    assert view.editor.lines[1].charge == "20.00"


def test_every_coding_model_passes_the_model_tester(db: Any, practice: CodingPractice,
                                                    qtmodeltester: Any) -> None:
    enc: Encounter = encounters.get(db, practice.encounter_ids[0])
    editor = CodingEditor(enc, lambda _c, _m: None)
    editor.add_diagnosis("E11.9", "Type 2 diabetes")
    editor.add_diagnosis("E11")
    editor.add_line("99213")
    editor.set_findings(encounters.check(db, editor.build()[0]))
    for model in (DiagnosisModel(editor), LineModel(editor)):
        qtmodeltester.check(model)
    findings = FindingsModel()
    findings.set_rows(editor.findings)
    qtmodeltester.check(findings)
    encounters.ask_provider(db, enc.id or 0, "Which knee?", ["Right", "Left"])
    queries = RowTableModel(QUERY_COLUMNS)
    queries.set_rows(query_rows(db, open_only=False))
    qtmodeltester.check(queries)
