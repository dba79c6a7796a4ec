"""First run: the choice between set-up and demo, and the set-up wizard walked by keyboard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWizard

from app.services import settings, workspace
from app.ui import app as ui_app
from app.ui import dialogs
from app.ui.setup.wizard import SetupWizard

ALT = Qt.KeyboardModifier.AltModifier


def focused() -> Any:
    return QApplication.focusWidget()


def fill(name: str, text: str, *, tab: bool = True) -> None:
    """Type into the focused field (which must be ``field_<name>``), then Tab on."""
    widget = focused()
    assert widget is not None and widget.objectName() == f"field_{name}", (
        f"focus is on {widget and widget.objectName()}, expected field_{name}")
    if text:
        QTest.keyClicks(widget, text)
    if tab:
        QTest.keyClick(widget, Qt.Key.Key_Tab)


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed on the active window (as the keyboard would: shortcuts and mnemonics)."""
    window = QApplication.focusWindow()
    assert window is not None
    QTest.keyClick(window, key, modifier)


def next_button(wizard: QWizard) -> Any:
    return wizard.button(QWizard.WizardButton.NextButton)


def walk_practice(wizard: SetupWizard, npi: str = "1234567893") -> None:
    fill("legal_name", "Prairie Family Medicine")
    fill("npi", npi)
    fill("ein", "37-1234567")
    fill("taxonomy", "207q00000x")
    fill("address.street1", "100 Main St")
    fill("address.street2", "")
    fill("address.city", "Springfield")
    fill("address.state", "IL")
    fill("address.zip", "62701-1234")
    fill("phone", "2175550100")


def start_wizard(db: Any, qtbot: Any, monkeypatch: Any) -> ui_app.Startup:
    asked: list[list[tuple[str, str]]] = []

    def choose(_parent: Any, _title: str, _text: str, options: Any) -> str:
        asked.append(options)
        return "setup"

    monkeypatch.setattr(dialogs, "choose", choose)
    startup = ui_app.Startup(db)
    startup.start()
    assert [key for key, _label in asked[0]] == ["setup", "demo"]
    wizard = startup.wizard
    assert wizard is not None
    qtbot.addWidget(wizard)
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    qtbot.waitUntil(lambda: focused() is not None)
    return startup


def test_keyboard_walk_sets_up_the_practice(db: Any, qtbot: Any, monkeypatch: Any,
                                           codesets: Any) -> None:
    startup = start_wizard(db, qtbot, monkeypatch)
    wizard = startup.wizard
    assert wizard is not None and not next_button(wizard).isEnabled()
    walk_practice(wizard)
    assert wizard.practice.problems_text() == "" and next_button(wizard).isEnabled()
    assert focused() is next_button(wizard)  # Tab from the last field reaches Next
    press(Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.providers
    fill("first_name", "Sarah")
    fill("last_name", "Jones")
    fill("credential", "md")
    fill("npi", "1987654328")
    fill("taxonomy", "208000000X")
    assert focused().objectName() == "add_provider"  # Tab from the last field
    press(Qt.Key.Key_Space)  # a second provider
    assert len(wizard.providers.groups) == 2 and not next_button(wizard).isEnabled()
    fill("first_name", "Omar")
    fill("last_name", "Reyes")
    fill("credential", "NP")
    fill("npi", "1245319599")
    fill("taxonomy", "363L00000X", tab=False)
    assert next_button(wizard).isEnabled(), wizard.providers.problems_text()
    press(Qt.Key.Key_Return)  # Enter in a field presses the default button (Next)
    assert wizard.currentPage() is wizard.clearinghouse
    fill("name", "Gateway Clearing")
    fill("submitter_name", "")  # prefilled with the practice's legal name
    fill("submitter_id", "SUB123")
    fill("receiver_name", "Gateway Clearing")
    fill("receiver_id", "GW01")
    fill("contact_name", "Pat Biller")
    fill("contact_phone", "")  # prefilled with the practice's phone
    fill("contact_email", "billing@example.test", tab=False)  # usage stays Test
    assert next_button(wizard).isEnabled(), wizard.clearinghouse.problems_text()
    press(Qt.Key.Key_N, ALT)  # the mnemonic animates a click (about 100 ms)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.payers)
    payers = focused()
    assert payers is wizard.payers.list
    press(Qt.Key.Key_Space)  # the first starter payer
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Space)  # the third
    chosen = wizard.payers.payer_ids()
    assert len(chosen) == 2
    press(Qt.Key.Key_F, ALT)  # Finish
    qtbot.waitUntil(lambda: startup.window is not None, timeout=10000)
    qtbot.addWidget(startup.window)
    practice = settings.get_practice(db)
    assert practice is not None and practice.legal_name == "Prairie Family Medicine"
    assert practice.taxonomy == "207Q00000X" and practice.ein == "371234567"
    assert [(p.last_name, p.credential) for p in settings.list_providers(db)] == [
        ("Jones", "MD"), ("Reyes", "NP")]
    ch = settings.get_clearinghouse(db)
    assert ch is not None and ch.submitter_name == "Prairie Family Medicine"
    assert ch.contact_phone == "2175550100" and ch.usage.value == "T"
    assert {p.payer_id for p in settings.list_payers(db)} == {"SELFPAY", *chosen}
    assert "Prairie Family Medicine" in startup.window.windowTitle()


def test_a_bad_npi_keeps_next_disabled_and_says_why(db: Any, qtbot: Any,
                                                   monkeypatch: Any) -> None:
    startup = start_wizard(db, qtbot, monkeypatch)
    wizard = startup.wizard
    assert wizard is not None
    walk_practice(wizard, npi="1234567890")
    assert not next_button(wizard).isEnabled()
    assert "NPI check digit is wrong" in wizard.practice.problems_text()
    error = wizard.findChild(object, "error_npi")
    assert error is not None and error.isVisible()
    press(Qt.Key.Key_N, ALT)
    qtbot.wait(300)  # longer than the animated click of an enabled button
    assert wizard.currentPage() is wizard.practice
    npi = wizard.practice.form.binder.widget("npi")
    npi.setFocus()
    QTest.keyClick(npi, Qt.Key.Key_Backspace)
    QTest.keyClicks(npi, "3")
    assert next_button(wizard).isEnabled() and wizard.practice.problems_text() == ""
    assert workspace.needs_setup(db)


def test_a_short_zip_and_bad_ein_are_named_as_typed(db: Any, qtbot: Any) -> None:
    wizard = SetupWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    binder = wizard.practice.form.binder
    QTest.keyClicks(binder.widget("ein"), "00-1234567")
    QTest.keyClicks(binder.widget("address.zip"), "62701")
    assert "prefix" in binder.error_text("ein")
    assert "ZIP+4" in binder.error_text("address.zip")
    assert binder.error_text("legal_name") == ""  # empty: listed, not shouted at
    assert "Legal name" in wizard.practice.todo.text()
    assert not next_button(wizard).isEnabled()


def test_cancelling_the_wizard_asks_again_and_the_demo_keeps_working(
        db: Any, qtbot: Any, monkeypatch: Any, codesets: Any) -> None:
    answers = ["setup", "demo"]
    monkeypatch.setattr(dialogs, "choose", lambda *_args: answers.pop(0))
    monkeypatch.setattr(ui_app, "_create_demo",
                        lambda database, _p, _c: ui_app_populate(database))
    startup = ui_app.Startup(db)
    startup.start()
    assert startup.wizard is not None
    qtbot.addWidget(startup.wizard)
    startup.wizard.reject()
    qtbot.waitUntil(lambda: startup.window is not None)
    qtbot.addWidget(startup.window)
    assert answers == [] and not workspace.needs_setup(db)


def test_cancel_after_typing_asks_before_discarding(db: Any, qtbot: Any,
                                                   monkeypatch: Any) -> None:
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _parent, _title, text, **_kw:
                        asked.append(text) or False)
    wizard = SetupWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    QTest.keyClicks(wizard.practice.form.binder.widget("legal_name"), "Prairie")
    wizard.reject()
    assert asked and wizard.isVisible()


def ui_app_populate(database: Any) -> None:
    from tests.ui.conftest import populate

    populate(database, patients=2)
