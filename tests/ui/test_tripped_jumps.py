"""Opening the patient from a claim shows that patient's window, not just the patient list."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QToolButton

from app.services import claim_queries


def test_patient_jump_from_a_claim_opens_that_patients_window(window: Any, qtbot: Any) -> None:
    window.go_to(window.pages.index(window.billing))
    ws = window.billing.claims
    qtbot.waitUntil(lambda: ws.model.rowCount() > 0, timeout=10_000)
    ws.table.select_row(0)
    qtbot.waitUntil(lambda: ws.claim_id is not None, timeout=5000)
    patient_id = claim_queries.claim_context(window.billing.db, ws.claim_id).patient_id
    button = ws.editor.findChild(QToolButton, "jump_2")  # box 2, Patient's name
    assert button is not None
    button.click()
    dialogs = window.patients.dialogs
    qtbot.waitUntil(lambda: any(d.isVisible() for d in dialogs), timeout=5000)
    assert [d.patient_id for d in dialogs] == [patient_id]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialogs[0], timeout=5000)
    assert window.patients.table.current_id() == patient_id  # the list shows them too
    for d in list(dialogs):
        d.close()
