"""Settings: field-level validation (NPI check digit, billing ZIP+4), nothing saved on error."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.services import settings
from app.ui.settings.directory_tabs import PayerDialog, ProviderDialog


def _type(qtbot: Any, binder: Any, values: dict[str, str]) -> None:
    for path, text in values.items():
        widget = binder.widget(path)
        widget.clear()
        qtbot.keyClicks(widget, text)


def _settings_tab(window: Any, index: int) -> Any:
    window.go_to(3)
    window.settings.tabs.setCurrentIndex(index)
    return window.settings.tabs.currentWidget()


def test_bad_provider_npi_shows_under_the_field_and_saves_nothing(
        window: Any, qtbot: Any, practice_db: Any) -> None:
    tab = _settings_tab(window, 1)
    before = settings.list_providers(practice_db)
    dialog = tab.add()
    assert isinstance(dialog, ProviderDialog)
    _type(qtbot, dialog.binder, {"last_name": "Badnpi", "first_name": "Nora",
                                 "npi": "1234567890"})
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.binder.error_text("npi") != "")
    assert "check digit" in dialog.binder.error_text("npi")
    assert dialog.binder.widget("npi").property("invalid") is True
    assert dialog.findChild(QLabel, "error_npi").isVisible()
    assert dialog.isVisible()
    assert settings.list_providers(practice_db) == before
    _type(qtbot, dialog.binder, {"npi": "1234567893"})
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(p.last_name == "Badnpi" for p in tab.model.rows()))


def test_practice_npi_and_billing_zip_plus4(window: Any, qtbot: Any, practice_db: Any) -> None:
    form = _settings_tab(window, 0)
    qtbot.waitUntil(lambda: form.loaded)
    saved = settings.get_practice(practice_db)
    _type(qtbot, form.binder, {"npi": "1234567891", "address.zip": "62701"})
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.binder.error_text("npi") != "")
    assert "check digit" in form.binder.error_text("npi")
    assert "ZIP+4" in form.binder.error_text("address.zip")  # both problems at once
    assert "2 fields" in form.banner.text()
    _type(qtbot, form.binder, {"npi": saved.npi})
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.status.text() == "Not saved.")
    assert form.binder.error_text("npi") == ""
    assert "ZIP+4" in form.binder.error_text("address.zip")
    assert form.binder.widget("address.zip").text() == "62701"  # input kept
    assert settings.get_practice(practice_db) == saved
    _type(qtbot, form.binder, {"address.zip": "62701-4321"})
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.status.text() == "Saved.")
    assert settings.get_practice(practice_db).address.zip == "627014321"


def test_payer_dialog_optional_address(window: Any, qtbot: Any, practice_db: Any) -> None:
    tab = _settings_tab(window, 2)
    dialog = tab.add()
    assert isinstance(dialog, PayerDialog)
    _type(qtbot, dialog.binder, {"name": "Paper Payer", "payer_id": "PAPER1"})
    dialog.address_box.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.binder.error_text("address.street1") != "")
    dialog.address_box.setChecked(False)
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = [p for p in settings.list_payers(practice_db) if p.payer_id == "PAPER1"]
    assert saved and saved[0].address is None


def test_unsaved_settings_survive_a_refresh(window: Any, qtbot: Any) -> None:
    form = _settings_tab(window, 0)
    qtbot.waitUntil(lambda: form.loaded)
    _type(qtbot, form.binder, {"legal_name": "Typed But Not Saved"})
    window.settings.refresh()
    assert form.binder.widget("legal_name").text() == "Typed But Not Saved"
    assert window.settings.has_unsaved()


def test_a_new_payer_starts_from_the_starter_list(
        window: Any, qtbot: Any, practice_db: Any) -> None:
    tab = _settings_tab(window, 2)
    dialog = tab.add()
    assert isinstance(dialog, PayerDialog)
    index = dialog.starter.findText("Cigna (62308)")
    assert index > 0
    dialog.starter.setCurrentIndex(index)
    assert dialog.binder.widget("payer_id").text() == "62308"
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = [p for p in settings.list_payers(practice_db) if p.payer_id == "62308"]
    assert saved and saved[0].name == "Cigna" and saved[0].timely_filing_days == 90
