"""A copay at check-in, by keyboard only: find the patient, Ctrl+Shift+M, amount, Enter."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import patient_ledger, patient_payments
from app.ui import jobs
from tests import builders as b

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _checked_in(db: Any) -> int:
    b.set_up_practice(db)
    payer = b.add_payer(db)
    prov = b.add_provider(db)
    pat = b.add_patient(db, last="Quillfeather", first="Ada")
    pol = b.add_policy(db, pat.id, payer.id)
    b.add_claim(db, "Q1", [("99213", "120.00")], patient_id=pat.id, payer_id=payer.id,
                policy_id=pol.id, provider_id=prov.id, dos=date.today(), status="draft")
    return int(pat.id)


def test_copay_at_check_in_by_keyboard(db: Any, qtbot: Any, tmp_path: Path) -> None:
    from app.ui.app import create_main_window

    patient_id = _checked_in(db)
    win = create_main_window(db)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()  # offscreen Qt does not activate a window that opens on a table
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    qtbot.keyClick(win, Qt.Key.Key_3, CTRL)
    page = win.patients
    qtbot.waitUntil(lambda: page.search.hasFocus() or page.isVisible())
    page.search.setFocus()
    qtbot.keyClicks(page.search, "quill")
    qtbot.waitUntil(lambda: page.model.search_text == "quill")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(page.dialogs))
    patient = page.dialogs[-1]
    qtbot.waitExposed(patient)
    patient.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is patient)
    qtbot.keyClick(QApplication.focusWidget() or patient, Qt.Key.Key_M, CTRL_SHIFT)
    qtbot.waitUntil(lambda: patient.child is not None and patient.child.isVisible())
    dialog = patient.child
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.amount)
    assert "Copay at check-in" in dialog.preview.text() or not dialog.amount.text()
    qtbot.keyClicks(QApplication.focusWidget(), "25")
    assert "25.00 to visit" in dialog.preview.text()
    dialog.grab().save(str(tmp_path / "take_payment.png"))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result_ is not None)
    jobs.wait_idle()
    [payment] = patient_payments.list_payments(db)
    assert (payment.amount, payment.channel, payment.method) == (Decimal("25.00"), "checkin",
                                                                 "card")
    assert payment.visit_id is not None and payment.applied == Decimal("25.00")
    qtbot.waitUntil(lambda: "Credit 25.00" in patient.ledger.totals.text())
    patient.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is patient)
    qtbot.keyClick(QApplication.focusWidget() or patient, Qt.Key.Key_G, CTRL_SHIFT)
    assert patient.tabs.currentWidget() is patient.ledger
    patient.grab().save(str(tmp_path / "patient_ledger.png"))
    ledger = patient_ledger.patient_ledger(db, patient_id)
    assert ledger.last == (Decimal("120.00"), Decimal("0.00"), Decimal("25.00"))
    patient.close()


def test_the_ledger_opens_from_the_billing_page(db: Any, qtbot: Any) -> None:
    from app.ui.app import create_main_window

    patient_id = _checked_in(db)
    win = create_main_window(db)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.go_to(1)
    claims = win.billing.claims
    qtbot.waitUntil(lambda: claims.claim_id is not None)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    claims.table.setFocus()
    qtbot.keyClick(QApplication.focusWidget() or win.billing, Qt.Key.Key_G, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(win.patients.dialogs))
    patient = win.patients.dialogs[-1]
    assert patient.patient_id == patient_id
    assert patient.tabs.currentWidget() is patient.ledger
    assert patient.ledger.model.rowCount() == 3
    patient.close()
