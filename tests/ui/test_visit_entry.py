"""Visit entry and charge entry, walked by keyboard only (no mouse)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.services import billing, coding, encounters, patients, visits
from app.ui.changes import ChangeBus
from app.ui.visits.charge_entry_view import ChargeEntryDialog
from app.ui.visits.visit_dialog import VisitDialog
from tests.ui.test_coding_builders import CodingPractice, coding_practice

NO_MOD = Qt.KeyboardModifier.NoModifier
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
DOS = date.today() - timedelta(days=2)


@pytest.fixture
def practice(db: Any, codesets: Path, tmp_path: Path) -> CodingPractice:
    found = coding_practice(db, tmp_path, visits=2)
    payer = patients.detail(db, found.patient_ids[1]).policies[0].payer_id
    patients.save_prior_auth(db, {"patient_id": found.patient_ids[1], "payer_id": payer,
                                  "number": "PA-2201", "start_date": DOS - timedelta(days=30),
                                  "end_date": DOS + timedelta(days=30)})
    encounters.set_favorites(db, found.provider_id, [("icd10", "E11.65", "T2DM hyperglycemia")])
    return found


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MOD) -> None:
    qtbot.keyClick(focus(), key, modifier)


def show(qtbot: Any, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def test_new_visit_by_keyboard_lands_in_the_coding_queue(db: Any, practice: CodingPractice,
                                                         qtbot: Any) -> None:
    before = {r.id for r in coding.work_queue(db)}
    dialog = VisitDialog(None, ChangeBus(), db)
    show(qtbot, dialog)
    assert dialog.width() <= 1366 and dialog.height() <= 768
    qtbot.waitUntil(lambda: focus() is dialog.picker.search)
    qtbot.keyClicks(focus(), "C0001")  # the account number
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focus() is dialog.picker.matches)
    assert dialog.picker.matches.currentData() == practice.patient_ids[1]
    press(qtbot, Qt.Key.Key_D, ALT)
    qtbot.waitUntil(lambda: focus() is dialog.binder.widget("date_of_service"))
    qtbot.keyClicks(focus(), DOS.strftime("%m/%d/%Y"))
    assert "PA-2201" in dialog.auth.itemText(1) and "Acme" in dialog.policies.text()
    press(qtbot, Qt.Key.Key_R, ALT)
    assert focus() is dialog.binder.widget("rendering_provider_id")
    press(qtbot, Qt.Key.Key_Down)  # the one rendering provider
    press(qtbot, Qt.Key.Key_A, ALT)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_V, ALT)
    qtbot.keyClicks(focus(), "02")  # telehealth, typed as its code
    press(qtbot, Qt.Key.Key_O, ALT)
    qtbot.waitUntil(lambda: focus() is dialog.binder.widget("documentation"))
    qtbot.keyClicks(focus(), "Sore throat for two days.")
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible() or dialog.banner.isVisible())
    assert not dialog.banner.isVisible(), (dialog.banner.text(), {
        p: dialog.binder.error_text(p) for p in dialog.binder.fields})
    [new] = [r for r in coding.work_queue(db) if r.id not in before]
    enc = encounters.get(db, new.id)
    assert enc.patient_id == practice.patient_ids[1] and enc.date_of_service == DOS
    assert enc.rendering_provider_id == practice.provider_id
    assert enc.prior_auth_id is not None and enc.place_of_service == "02"
    assert enc.documentation == "Sore throat for two days." and enc.coding_status == "uncoded"


def test_missing_fields_keep_the_form_open_and_save_nothing(db: Any, practice: CodingPractice,
                                                            qtbot: Any) -> None:
    before = len(coding.work_queue(db))
    dialog = VisitDialog(None, ChangeBus(), db)
    show(qtbot, dialog)
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: dialog.banner.isVisible())
    assert dialog.isVisible() and "Nothing was saved" in dialog.banner.text()
    assert len(coding.work_queue(db)) == before


def open_charges(db: Any, practice: CodingPractice, qtbot: Any) -> ChargeEntryDialog:
    enc, _ = visits.create_visit(db, {"patient_id": practice.patient_ids[0],
                                      "date_of_service": DOS,
                                      "rendering_provider_id": practice.provider_id,
                                      "documentation": "Knee pain; A1c today."})
    dialog = ChargeEntryDialog(None, ChangeBus(), db, enc.id or 0)
    show(qtbot, dialog)
    qtbot.waitUntil(lambda: focus() is dialog.entry)
    return dialog


def key_in(qtbot: Any, text: str) -> None:
    qtbot.keyClicks(focus(), text)
    press(qtbot, Qt.Key.Key_Return)


def test_charge_entry_by_keyboard_saves_to_the_queue(db: Any, practice: CodingPractice,
                                                     qtbot: Any) -> None:
    dialog = open_charges(db, practice, qtbot)
    qtbot.keyClicks(focus(), "hyperg")  # the favorite, picked with the arrow key
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    key_in(qtbot, "99214")
    key_in(qtbot, "83036")
    assert dialog.presenter.editor.diagnoses == ["E11.65"]
    assert [line.charge for line in dialog.presenter.editor.lines] == ["205.00", "38.00"]
    press(qtbot, Qt.Key.Key_Tab)  # to the units of the line just added
    qtbot.waitUntil(lambda: focus() is dialog.lines)
    qtbot.keyClicks(focus(), "2")
    press(qtbot, Qt.Key.Key_Tab)  # units -> charge
    press(qtbot, Qt.Key.Key_Tab)  # charge -> pointers
    assert dialog.presenter.editor.lines[1].charge == "76.00"
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("Checks"))
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    enc = encounters.get(db, dialog.presenter.encounter.id or 0)
    assert [(ln.code, ln.units, ln.charge) for ln in enc.lines] == [
        ("99214", Decimal("1"), Decimal("205.00")), ("83036", Decimal("2"), Decimal("76.00"))]
    assert enc.diagnoses == ("E11.65",) and enc.coding_status == "uncoded"


def test_save_and_build_claim_by_keyboard(db: Any, practice: CodingPractice,
                                          qtbot: Any) -> None:
    dialog = open_charges(db, practice, qtbot)
    key_in(qtbot, "J06.9")
    key_in(qtbot, "99213")
    qtbot.waitUntil(lambda: dialog.build_button.isEnabled())
    with qtbot.waitSignal(dialog.built, timeout=10_000) as blocker:
        press(qtbot, Qt.Key.Key_B, CTRL | ALT)
    outcome = blocker.args[0]
    assert len(outcome.claim_ids) == 1 and outcome.encounter.coding_status == "coded"
    assert billing.findings(db, outcome.claim_ids[0]) is not None


def test_errors_block_the_claim_but_not_saving(db: Any, practice: CodingPractice,
                                               qtbot: Any) -> None:
    dialog = open_charges(db, practice, qtbot)
    key_in(qtbot, "E11")  # not billable: an error from the coding rules
    key_in(qtbot, "99213")
    qtbot.waitUntil(lambda: "error" in dialog.summary.text())
    assert not dialog.build_button.isEnabled()
    press(qtbot, Qt.Key.Key_B, CTRL | ALT)
    assert "errors" in dialog.message.text()
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert encounters.get(db, dialog.presenter.encounter.id or 0).diagnoses == ("E11",)


def one_page_pdf() -> bytes:
    """A minimal one-page PDF (synthetic; pdfium rebuilds the cross-reference table)."""
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def test_an_attached_pdf_shows_beside_the_coding_panel(db: Any, practice: CodingPractice,
                                                       qtbot: Any, tmp_path: Path) -> None:
    from app.ui.coding.queue_page import CodingQueuePage

    scan = tmp_path / "note.pdf"
    scan.write_bytes(one_page_pdf())
    enc, _ = visits.create_visit(db, {"patient_id": practice.patient_ids[0],
                                      "date_of_service": DOS,
                                      "rendering_provider_id": practice.provider_id}, scan)
    page = CodingQueuePage(db, ChangeBus())
    show(qtbot, page)
    assert page.open_encounter(enc.id or 0)
    assert page.view.note_pdf.isVisible() and page.view.note_pdf.showing_pdf()
    assert page.view.note_pdf.document.pageCount() == 1
    assert "note.pdf" in page.view.note_pdf.caption.text()
    assert page.open_encounter(practice.encounter_ids[0])  # a typed note only
    assert not page.view.note_pdf.isVisible()
    dialog = ChargeEntryDialog(None, ChangeBus(), db, enc.id or 0)
    qtbot.addWidget(dialog)
    assert dialog.note.showing_pdf()


def test_shortcuts_open_visit_entry_and_charge_entry_from_the_window(
        db: Any, practice: CodingPractice, qtbot: Any) -> None:
    from app.ui.main_window import MainWindow

    window = MainWindow(db)
    show(qtbot, window)
    press(qtbot, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: getattr(window, "last_visit_dialog", None) is not None)
    visit = window.last_visit_dialog
    qtbot.waitUntil(visit.isVisible)
    assert window.current_page() is window.coding
    visit.done(0)
    window.activateWindow()
    window.coding.queue.table.setFocus()
    qtbot.waitUntil(lambda: focus() is window.coding.queue.table)
    press(qtbot, Qt.Key.Key_C, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: getattr(window, "last_charge_entry", None) is not None)
    charges = window.last_charge_entry
    assert charges.presenter.encounter.id == window.coding.queue.table.current_id()
    charges.done(0)
    press(qtbot, Qt.Key.Key_7, CTRL)
    assert window.current_page() is window.fees
