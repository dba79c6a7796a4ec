"""Patient list and detail: type-ahead search, create through the form, validation, conflicts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import patients, settings
from app.ui.patients.patients_page import SEARCH_DELAY_MS
from app.ui.patients.policy_dialog import PolicyDialog

DISPLAY = Qt.ItemDataRole.DisplayRole


def _names(page: Any) -> list[str]:
    model = page.model
    return [model.index(r, 1).data(DISPLAY) for r in range(model.rowCount())]


def _type(qtbot: Any, dialog: Any, values: dict[str, str]) -> None:
    for path, text in values.items():
        widget = dialog.binder.widget(path)
        widget.clear()
        qtbot.keyClicks(widget, text)


def _choose(dialog: Any, path: str, data: object) -> None:
    combo = dialog.binder.widget(path)
    combo.setCurrentIndex(combo.findData(data))


def test_search_filters_the_list(window: Any, qtbot: Any) -> None:
    page = window.patients
    window.go_to(2)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    everyone = page.model.rowCount()
    first_last = _names(page)[0].split(",")[0]
    prefix = first_last[:3]
    qtbot.keyClicks(page.search, prefix.lower())
    qtbot.waitUntil(lambda: page.model.search_text == prefix.lower(),
                    timeout=SEARCH_DELAY_MS * 10)
    names = _names(page)
    assert 0 < len(names) < everyone
    assert all(prefix.upper() in n.upper().replace(" ", "") for n in names)
    assert page.count_label.text().startswith(f"{len(names)} patient")


def test_create_patient_through_the_form(window: Any, qtbot: Any, practice_db: Any) -> None:
    window.go_to(2)
    window.actions_by_name["new_patient"].trigger()
    dialog = window.patients.dialogs[-1]
    _type(qtbot, dialog, {"last_name": "Zzyzx", "first_name": "Quentin",
                          "birth_date": "03/14/1975", "address.street1": "12 Oak Ave",
                          "address.city": "Peoria", "address.zip": "61602",
                          "phone": "3095550111"})
    _choose(dialog, "address.state", "IL")
    _choose(dialog, "sex", "M")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.patient_id is not None)
    assert dialog.tabs.isEnabled() and dialog.isVisible()
    saved = patients.detail(practice_db, dialog.patient_id).patient
    assert (saved.last_name, saved.phone, saved.address.zip) == ("Zzyzx", "3095550111", "61602")
    qtbot.keyClicks(window.patients.search, "zzyz")
    qtbot.waitUntil(lambda: _names(window.patients) == ["Zzyzx, Quentin"])
    dialog.close()


def test_field_problems_show_under_fields_and_keep_input(window: Any, qtbot: Any,
                                                          practice_db: Any) -> None:
    before = len(patients.search_ids(practice_db))
    dialog = window.patients.new_patient()
    _type(qtbot, dialog, {"last_name": "Keepme", "birth_date": "13/45/2001",
                          "address.zip": "123"})
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # the unreadable date is caught in the form, every other problem is shown with it
    assert "MM/DD/YYYY" in dialog.binder.error_text("birth_date")
    assert "ZIP" in dialog.binder.error_text("address.zip")
    assert dialog.binder.error_text("first_name") == "This field is required."
    _type(qtbot, dialog, {"birth_date": "01/02/2001"})
    assert dialog.binder.error_text("birth_date") == ""  # editing clears the message
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.binder.error_text("address.zip") != "")
    assert "ZIP" in dialog.binder.error_text("address.zip")
    assert dialog.binder.error_text("first_name") == "This field is required."
    assert dialog.binder.error_text("birth_date") == ""
    assert dialog.binder.widget("address.zip").property("invalid") is True
    assert dialog.banner.isVisible() and "Nothing was saved" in dialog.banner.text()
    assert dialog.binder.widget("last_name").text() == "Keepme"
    assert dialog.isVisible()
    assert len(patients.search_ids(practice_db)) == before
    dialog.close()


def test_stale_edit_shows_a_clear_message(window: Any, qtbot: Any, practice_db: Any,
                                          error_reports: list[Any]) -> None:
    patient_id = patients.search_ids(practice_db)[0]
    dialog = window.patients.open_patient(patient_id)
    current = patients.detail(practice_db, patient_id).patient
    patients.save_patient(practice_db, {**current.model_dump(), "email": "x@example.com"})
    _type(qtbot, dialog, {"first_name": "Changed"})
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.banner.isVisible())
    assert "changed this record" in dialog.banner.text()
    assert dialog.binder.widget("first_name").text() == "Changed"
    assert error_reports == []
    dialog.close()


def test_enter_opens_the_patient_detail(window: Any, qtbot: Any) -> None:
    window.go_to(2)
    page = window.patients
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    page.table.setFocus()
    page.table.select_row(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.dialogs and page.dialogs[0].patient_id == page.model.id_at(0)
    assert page.dialogs[0].policies.model.rowCount() >= 1
    page.dialogs[0].close()


def test_policy_dialog_subscriber_section_follows_relationship(
        window: Any, qtbot: Any, practice_db: Any) -> None:
    patient_id = patients.search_ids(practice_db)[0]
    detail = window.patients.open_patient(patient_id)
    detail.add_policy()
    dialog = detail.child
    assert isinstance(dialog, PolicyDialog)
    assert not dialog.subscriber_box.isEnabled()
    _choose(dialog, "relationship", "01")
    assert dialog.subscriber_box.isEnabled()
    payer = settings.list_payers(practice_db)[0]
    _choose(dialog, "payer_id", payer.id)
    _choose(dialog, "order", "T")
    _type(qtbot, dialog, {"member_id": "SP123456"})
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.binder.error_text("subscriber.last_name") != "")
    assert dialog.binder.error_text("subscriber.birth_date") == "This field is required."
    _type(qtbot, dialog, {"subscriber.last_name": "Spouse", "subscriber.first_name": "Sam",
                          "subscriber.birth_date": "02/02/1970",
                          "subscriber.address.street1": "1 Main St",
                          "subscriber.address.city": "Springfield",
                          "subscriber.address.zip": "62701"})
    _choose(dialog, "subscriber.address.state", "IL")
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    policies = patients.detail(practice_db, patient_id).policies
    added = [p for p in policies if p.member_id == "SP123456"]
    assert added and added[0].subscriber is not None
    assert added[0].subscriber.last_name == "Spouse"
    qtbot.waitUntil(lambda: any(r.member_id == "SP123456" for r in detail.policies.model.rows()))
    detail.close()


def test_record_eligibility_check_and_prior_auth(window: Any, qtbot: Any,
                                                 practice_db: Any) -> None:
    patient_id = patients.search_ids(practice_db)[0]
    detail = window.patients.open_patient(patient_id)
    detail.record_check()
    check = detail.child
    _type(qtbot, check, {"copay": "25", "reference": "REF-9"})
    qtbot.mouseClick(check.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(r.reference == "REF-9" for r in detail.checks.model.rows()))
    detail.add_auth()
    auth = detail.child
    _choose(auth, "payer_id", settings.list_payers(practice_db)[0].id)
    _type(qtbot, auth, {"number": "PA-77", "codes": "97110, 97140",
                        "start_date": "01/01/2026", "end_date": "12/31/2025"})
    qtbot.mouseClick(auth.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: auth.binder.error_text("end_date") != "")
    assert "before the start date" in auth.binder.error_text("end_date")
    _type(qtbot, auth, {"end_date": "06/30/2026"})
    qtbot.mouseClick(auth.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(r.number == "PA-77" for r in detail.auths.model.rows()))
    saved = patients.detail(practice_db, patient_id).prior_auths
    assert [a.codes for a in saved if a.number == "PA-77"] == [("97110", "97140")]
    detail.close()
    assert QApplication.activeModalWidget() is None
