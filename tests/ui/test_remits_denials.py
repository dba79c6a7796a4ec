"""The denial queue: owner filter and every action through the UI, on a posted 835 denial."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.domain.errors import UserError
from app.services import claims, coding, denials, remittances
from app.ui import dialogs
from app.ui.batches import prompts
from app.ui.changes import ChangeBus
from app.ui.remits.remits_page import RemittancesPage
from tests import builders
from tests.printing.pdftext import all_text

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "standards" / "fixtures"
DENIAL_835 = FIXTURES / "835_denial_deductible_coinsurance.txt"


def build_denials(db: Any, era: Path = DENIAL_835) -> None:
    """Two claims like tests/services/test_remittances.py, then the payer's denial 835."""
    builders.set_up_practice(db)
    payer = builders.add_payer(db, "Acme Health Plan", "12345", timely_filing_days=180,
                               address={"street1": "500 Insurance Plaza", "city": "Chicago",
                                        "state": "IL", "zip": "60601"})
    provider = builders.add_provider(db)
    for control, account, last, lines in (
            ("PCN0005", "P5", "Green", [("99214", "200"), ("36415", "45")]),
            ("PCN0006", "P6", "White", [("99213", "95")])):
        patient = builders.add_patient(db, last, "Pat", account)
        policy = builders.add_policy(db, patient.id, payer.id, member_id=f"M{account}")
        builders.add_claim(db, control, lines, patient_id=patient.id, policy_id=policy.id,
                           payer_id=payer.id, provider_id=provider.id)
    remittances.import_835(db, era)


@pytest.fixture
def denial_db(db: Any) -> Any:
    build_denials(db)
    return db


@pytest.fixture
def page(denial_db: Any, qtbot: Any) -> RemittancesPage:
    widget = RemittancesPage(denial_db, ChangeBus())
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.tabs.setCurrentWidget(widget.denials)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def select(page: RemittancesPage, reason: str) -> Any:
    view = page.denials
    row = next(n for n, r in enumerate(view.model.rows()) if r.reason_code == reason)
    view.table.select_row(row)
    return view.current_item()


def done_item(db: Any, item_id: int) -> Any:
    return next(i for i in denials.work_queue(db, include_done=True) if i.id == item_id)


def test_queue_shows_claim_reason_owner_amount_deadline_explanation(
        page: RemittancesPage) -> None:
    view = page.denials
    assert view.model.rowCount() == 2
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(view.model.columnCount())]
    assert {"Claim", "Reason", "Owner", "Amount", "Deadline", "Explanation"} <= set(headers)
    item = select(page, "97")
    row = view.model.row_of_id(item.id)
    col = {view.model.headerData(c, Qt.Orientation.Horizontal): c for c in range(len(headers))}
    assert view.model.index(row, col["Claim"]).data() == "PCN0005"
    assert view.model.index(row, col["Reason"]).data() == "CO-97"
    assert view.model.index(row, col["Owner"]).data() == "Coding"
    assert view.model.index(row, col["Amount"]).data() == "45.00"
    assert "bundled" in view.model.index(row, col["Explanation"]).data()
    assert view.model.index(row, col["Patient"]).data().startswith("Green")
    assert view.model.index(row, col["Payer"]).data() == "Acme Health Plan"
    assert view.model.index(row, col["DOS"]).data() == f"{item.date_of_service:%m/%d/%Y}"
    assert item.date_of_service is not None
    assert item.deadline < date.today() and item.overdue  # DOS + 180 days: long past
    assert view.model.index(row, col["Due"]).data() == "OVERDUE"
    assert "2 overdue" in view.count_label.text()
    assert "Denials (2)" in page.tabs.tabText(1).replace("&", "")


def test_owner_filter(page: RemittancesPage) -> None:
    view = page.denials
    view.set_owner("coding")
    assert [r.reason_code for r in view.model.rows()] == ["97"]
    view.set_owner("front_desk_eligibility")
    assert [r.reason_code for r in view.model.rows()] == ["27"]
    view.set_owner(None)
    assert view.model.rowCount() == 2


def run_action(page: RemittancesPage, qtbot: Any, key: str, reason: str) -> Any:
    item = select(page, reason)
    view = page.denials
    assert view.buttons[key].isEnabled()
    messages: list[str] = []
    view.message.connect(messages.append)
    view.buttons[key].click()
    qtbot.waitUntil(lambda: bool(messages), timeout=20_000)
    assert view.model.row_of_id(item.id) == -1  # gone from the open queue
    return item, messages[0]


def test_send_back_to_coding(page: RemittancesPage, denial_db: Any, qtbot: Any) -> None:
    item, _ = run_action(page, qtbot, "to_coding", "97")
    assert done_item(denial_db, item.id).action == "to_coding"
    queue = coding.work_queue(denial_db, ("correction",))
    assert len(queue) == 1


def test_correct_and_resubmit_builds_a_replacement_claim(page: RemittancesPage,
                                                         denial_db: Any, qtbot: Any) -> None:
    item, message = run_action(page, qtbot, "resubmit", "97")
    assert done_item(denial_db, item.id).action == "corrected"
    replacement = message.split()[2]
    rows = [r for r in claims.list_claims(denial_db) if r.control_number == replacement]
    assert rows and claims.get_claim(denial_db, rows[0].id)[0].frequency_code == "7"


def test_appeal_saves_the_letter_and_marks_the_claim_appealed(
        page: RemittancesPage, denial_db: Any, qtbot: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "letters" / "appeal.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *args: target)
    shown: list[str] = []

    def edit(_parent: Any, _title: str, _label: str, text: str) -> str:
        shown.append(text)
        return text + "\nEdited by the biller before saving."

    monkeypatch.setattr(dialogs, "edit_text", edit)
    item, message = run_action(page, qtbot, "appeal", "97")
    assert target.read_bytes().startswith(b"%PDF") and str(target) in message
    assert "separately identifiable" in shown[0]  # CO-97: the bundling text, editable
    assert "Edited by the biller" in " ".join(all_text(target.read_bytes()).split())
    assert claims.get_claim(denial_db, item.claim_id)[0].status == "appealed"
    assert done_item(denial_db, item.id).action == "appeal"
    assert list(target.parent.iterdir()) == [target]  # no temporary file left


def test_appeal_cancelled_at_the_text_changes_nothing(
        page: RemittancesPage, denial_db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dialogs, "edit_text", lambda *args: None)
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *args: pytest.fail("not asked"))
    item = select(page, "97")
    page.denials.appeal()
    assert done_item(denial_db, item.id).state == "open"


def test_write_off_asks_the_amount_defaulting_to_the_denied_amount(
        page: RemittancesPage, denial_db: Any, qtbot: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[Any] = []

    def amount(_parent: Any, _title: str, label: str, default: Any) -> Any:
        asked.append((label, default))
        return default

    monkeypatch.setattr(dialogs, "ask_amount", amount)
    monkeypatch.setattr(prompts, "ask_reason", lambda *args, **kwargs: "not worth appealing")
    item, message = run_action(page, qtbot, "write_off", "27")
    assert asked[0][1] == item.amount and "95.00" in asked[0][0]
    assert done_item(denial_db, item.id).action == "write_off"
    assert stored_note(denial_db, item.id) == "not worth appealing"
    assert claims.get_claim(denial_db, item.claim_id)[1].balance == 0
    assert "95.00 written off" in message


def test_write_off_of_part_of_the_amount(page: RemittancesPage, denial_db: Any, qtbot: Any,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dialogs, "ask_amount", lambda *args: Decimal("40.00"))
    monkeypatch.setattr(prompts, "ask_reason", lambda *args, **kwargs: "partial")
    item, _ = run_action(page, qtbot, "write_off", "27")
    assert claims.get_claim(denial_db, item.claim_id)[1].balance == item.amount - 40
    with pytest.raises(UserError, match="at most"):  # more than denied + open: refused
        denials.write_off(denial_db, select(page, "97").id, "x", Decimal("9999"))


def stored_note(db: Any, item_id: int) -> str:
    from app.store import remit_repo

    with db.reading() as session:
        return remit_repo.get_denial(session, item_id).note


def test_write_off_cancelled_changes_nothing(page: RemittancesPage, denial_db: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dialogs, "ask_amount", lambda *args: None)
    monkeypatch.setattr(prompts, "ask_reason", lambda *args, **kwargs: pytest.fail("asked"))
    item = select(page, "27")
    page.denials.write_off()
    assert done_item(denial_db, item.id).state == "open"


def test_bill_patient_is_not_offered_on_a_contractual_denial(page: RemittancesPage,
                                                             denial_db: Any) -> None:
    item = select(page, "27")
    assert item.group_code == "CO" and not page.denials.buttons["to_patient"].isEnabled()
    with pytest.raises(UserError, match="may not be billed"):
        denials.transfer_to_patient(denial_db, item.id, "signed waiver")
    assert done_item(denial_db, item.id).state == "open"


def test_transfer_to_patient_on_an_oa_denial_the_patient_owes(
        db: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    oa = tmp_path / "oa.835"
    oa.write_text(DENIAL_835.read_text().replace("CAS*CO*27*95", "CAS*OA*27*95"))
    build_denials(db, oa)
    page = RemittancesPage(db, ChangeBus())
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.tabs.setCurrentWidget(page.denials)
    page.show()
    qtbot.waitExposed(page)
    monkeypatch.setattr(prompts, "ask_reason", lambda *args, **kwargs: "signed waiver")
    item, _ = run_action(page, qtbot, "to_patient", "27")
    assert item.group_code == "OA" and done_item(db, item.id).action == "to_patient"
    money = claims.get_claim(db, item.claim_id)[1]
    assert money.patient_responsibility == item.amount


def test_snooze_until_a_date(page: RemittancesPage, denial_db: Any, qtbot: Any,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    until = date.today() + timedelta(days=10)
    monkeypatch.setattr(prompts, "ask_date", lambda *args, **kwargs: until)
    item, message = run_action(page, qtbot, "snooze", "97")
    assert done_item(denial_db, item.id).state == "snoozed"
    assert f"{until:%m/%d/%Y}" in message
    later = denials.work_queue(denial_db, today=until)
    assert item.id in {i.id for i in later}


def test_eob_button_opens_the_claims_eob(page: RemittancesPage) -> None:
    select(page, "97")
    page.denials.buttons["eob"].click()
    assert page.tabs.currentWidget() is page.eob
    codes = {r.code for r in page.eob.model.rows()}
    assert {"CO-97", "CO-45", "PR-1", "M15"} <= codes


def test_every_remittance_model_passes_the_model_tester(page: RemittancesPage,
                                                        qtmodeltester: Any) -> None:
    page.refresh()
    page.open_eob(page.denials.model.row_at(0).claim_id, "PCN0005")
    page.exceptions.search.setText("PCN")
    page.exceptions.run_search()
    for model in (page.denials.model, page.exceptions.model, page.exceptions.candidates,
                  page.eob.model, page.era.problems.model):
        qtmodeltester.check(model)


def test_a_crash_during_a_partial_write_off_changes_nothing(
        denial_db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    item = next(i for i in denials.work_queue(denial_db) if i.reason_code == "27")
    before = claims.get_claim(denial_db, item.claim_id)[1]

    def crash(*args: Any, **kwargs: Any) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(denials, "_close", crash)
    with pytest.raises(OSError):
        denials.write_off(denial_db, item.id, "partial", Decimal("10.00"))
    assert claims.get_claim(denial_db, item.claim_id)[1] == before
    assert done_item(denial_db, item.id).state == "open"


def test_the_list_keeps_its_place_after_an_action(
        db: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    three = tmp_path / "three.835"
    three.write_text(DENIAL_835.read_text().replace("CAS*CO*27*95", "CAS*CO*27*50**16*45"))
    build_denials(db, three)
    page = RemittancesPage(db, ChangeBus())
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.tabs.setCurrentWidget(page.denials)
    page.show()
    qtbot.waitExposed(page)
    view = page.denials
    assert view.model.rowCount() == 3
    view.table.select_row(1)
    after = view.model.row_at(2)
    monkeypatch.setattr(prompts, "ask_date", lambda *args, **kwargs: date.today()
                        + timedelta(days=5))
    messages: list[str] = []
    view.message.connect(messages.append)
    view.buttons["snooze"].click()
    qtbot.waitUntil(lambda: bool(messages), timeout=20_000)
    assert view.model.rowCount() == 2
    assert view.current_item() == after  # the next item, where the worked one was
