"""The billing panel: paged claim list, filters and totals, editor, findings, actions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from app.domain.claims import TRANSITIONS, ClaimStatus
from app.domain.findings import Finding, Owner, Severity
from app.services import billing, claim_queries, claims
from app.services.claim_queries import ClaimFilter
from app.ui import jobs
from app.ui.billing import prompts
from app.ui.changes import ChangeBus
from app.ui.presenters import billing_editor as pe
from app.ui.presenters.billing_findings import locate
from tests.ui.test_billing_data import (  # noqa: F401 - fixture
    add_unbuilt_visit,
    billing_db,
    claim_in,
    settle,
)

S = ClaimStatus


@pytest.fixture
def page(billing_db: Any, qtbot: Any) -> Iterator[Any]:  # noqa: F811
    from app.ui.billing.claims_page import ClaimsPage

    widget = ClaimsPage(billing_db, ChangeBus())
    qtbot.addWidget(widget)
    widget.resize(1400, 860)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    settle(widget)


def select(ws: Any, claim_id: int) -> None:
    row = ws.model.row_of_id(claim_id)
    assert row >= 0, "claim not in the list"
    ws.table.select_row(row)
    assert ws.claim_id == claim_id


def visible_rows(ws: Any) -> list[Any]:
    return [ws.model.row_at(r) for r in range(ws.model.rowCount())]


def test_every_model_passes_the_model_tester(page: Any, qtmodeltester: Any) -> None:
    ws = page.claims
    select(ws, claim_in(page.db, S.DRAFT))
    for model in (ws.model, ws.findings.model, ws.history.history_model, ws.editor.lines_model,
                  ws.editor.dx_model, page.paper.model, page.statements.model):
        qtmodeltester.check(model)


def test_filters_change_the_rows_and_totals_are_their_sum(page: Any) -> None:
    ws = page.claims
    everything = ws.model.rowCount()
    assert everything == len(claims.list_claims(page.db)) > 0
    checks = 0
    for combo in (ws.filters.status, ws.filters.errors, ws.filters.days_left,
                  ws.filters.payer, ws.filters.provider):
        for index in range(1, combo.count()):
            combo.setCurrentIndex(index)
            rows = visible_rows(ws)
            totals = ws.model.totals
            assert totals.count == len(rows) <= everything
            assert totals.billed == sum((r.billed for r in rows), Decimal("0.00"))
            assert totals.balance == sum((r.balance for r in rows), Decimal("0.00"))
            assert f"{len(rows):,} claim" in ws.totals.text()
            checks += len(rows) != everything
        combo.setCurrentIndex(0)
    assert checks > 0, "some filter narrowed the list"
    ws.filters.status.setCurrentIndex(ws.filters.status.findData(S.READY.value))
    assert {r.status for r in visible_rows(ws)} == {S.READY.value}
    ws.filters.errors.setCurrentIndex(ws.filters.errors.findData(True))
    assert all(r.has_errors for r in visible_rows(ws))


def test_dos_filter_and_sorting_requery_sql(page: Any) -> None:
    from PySide6.QtCore import Qt

    ws = page.claims
    rows = visible_rows(ws)
    middle = sorted(r.date_of_service for r in rows)[len(rows) // 2]
    ws.filters.dos_from.setText(middle.strftime("%m/%d/%Y"))
    ws.filters.dos_from.editingFinished.emit()
    assert all(r.date_of_service >= middle for r in visible_rows(ws))
    assert 0 < ws.model.rowCount() < len(rows)
    ws.filters.dos_from.setText("13/45/2020")
    ws.filters.dos_from.editingFinished.emit()
    assert ws.filters.dos_from.property("invalid") is True
    assert ws.model.rowCount() == len(rows)  # an unreadable date filters nothing
    column = [c.key for c in ws.model.columns].index("balance")
    ws.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    balances = [r.balance for r in visible_rows(ws)]
    assert balances == sorted(balances) and ws.model.sort_key == "balance"


@pytest.mark.parametrize("status", list(ClaimStatus))
def test_action_state_follows_the_transition_table(status: ClaimStatus) -> None:
    state = pe.action_state(status, None)
    allowed = TRANSITIONS[status]
    assert state.hold == (S.ON_HOLD in allowed)
    assert state.release == (status == S.ON_HOLD)
    assert state.print == (S.SUBMITTED in allowed)
    assert state.void == (S.VOID in allowed)
    assert state.scrub == (status in billing.SCRUBBABLE)
    assert pe.action_state(status, date(2026, 1, 5)).print  # reprint once submitted


def test_toolbar_actions_enable_per_status(page: Any) -> None:
    ws = page.claims
    expectations = {S.READY: {"billing_scrub", "billing_hold", "billing_print"},
                    S.SUBMITTED: {"billing_print"},
                    S.DRAFT: {"billing_scrub", "billing_hold"}}
    for status, enabled in expectations.items():
        select(ws, claim_in(page.db, status))
        for name in ("billing_scrub", "billing_hold", "billing_release", "billing_print"):
            assert ws.actions_by_name[name].isEnabled() == (name in enabled), (status, name)
        assert ws.editor.save_button.isEnabled() == (status != S.SUBMITTED)
        assert ws.editor.status_note.isReadOnly() == (status == S.SUBMITTED)


def test_hold_with_a_reason_then_release(page: Any, qtbot: Any,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    ws = page.claims
    claim_id = claim_in(page.db, S.READY, S.DRAFT)
    select(ws, claim_id)
    monkeypatch.setattr(prompts, "ask_reason", lambda *a, **k: None)
    ws.actions_by_name["billing_hold"].trigger()  # cancelled: nothing happens
    assert jobs.wait_idle()
    assert claims.get_claim(page.db, claim_id)[0].status != S.ON_HOLD
    monkeypatch.setattr(prompts, "ask_reason", lambda *a, **k: "waiting for op note")
    ws.actions_by_name["billing_hold"].trigger()
    qtbot.waitUntil(lambda: ws.editor.claim is not None and ws.editor.claim.status == S.ON_HOLD)
    assert ws.actions_by_name["billing_release"].isEnabled()
    assert not ws.actions_by_name["billing_hold"].isEnabled()
    assert ws.claim_id == claim_id
    monkeypatch.setattr(prompts, "ask_reason", lambda *a, **k: "op note received")
    ws.actions_by_name["billing_release"].trigger()
    qtbot.waitUntil(lambda: ws.editor.claim is not None and ws.editor.claim.status != S.ON_HOLD)
    reasons = [ws.history.history_model.row_at(r).reason
               for r in range(ws.history.history_model.rowCount())]
    assert {"op note received", "waiting for op note"} <= set(reasons)
    history = claims.history(page.db, claim_id)
    assert [(h.to_status, h.reason) for h in history if h.reason in (
        "waiting for op note", "op note received")] == [
        (S.ON_HOLD, "waiting for op note"), (S.DRAFT, "op note received")]


def test_finding_jump_selects_the_line_and_the_box(page: Any, qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    ws = page.claims
    ids = claim_queries.claim_ids(page.db, ClaimFilter())
    two_lines = next(i for i in ids if len(billing_data(page.db, i).lines) >= 2)
    select(ws, two_lines)
    ws.findings.set_findings([
        Finding(rule_id="T-1", severity=Severity.ERROR, owner=Owner.CODING,
                message="Modifier missing", location="lines[1].modifiers"),
        Finding(rule_id="T-2", severity=Severity.WARNING, owner=Owner.FRONT_DESK,
                message="Check the member id", location="policy.member_id"),
        Finding(rule_id="T-3", severity=Severity.HINT, owner=Owner.CODING,
                message="More specific code", location="diagnoses[0]")])
    ws.findings.table.setFocus()
    ws.findings.table.select_row(0)
    qtbot.keyClick(ws.findings.table, Qt.Key.Key_Return)
    assert ws.editor.tabs.currentWidget().objectName() == "section_lines"
    assert ws.editor.lines.currentIndex().row() == 1
    ws.findings.table.select_row(1)
    assert ws.findings.accept_button.isEnabled()  # a warning
    ws.findings.table.activated.emit(ws.findings.model.index(1, 0))
    assert ws.editor.tabs.currentWidget().objectName() == "section_patient"
    assert ws.editor.focusWidget() is ws.editor.fields["1a"] or \
        ws.editor.fields["1a"].hasSelectedText()
    ws.findings.table.activated.emit(ws.findings.model.index(2, 0))
    assert ws.editor.diagnoses.currentIndex().row() == 0
    assert locate("lines[3].units").row == 3 and locate("practice.npi").field == "33a"


def billing_data(db: Any, claim_id: int) -> Any:
    from app.services import claim_data

    return claim_data.claim_data(db, claim_id)


def test_accept_a_warning_with_a_reason(page: Any, qtbot: Any,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    ws = page.claims
    result, _ = billing.build_claims(page.db, [add_unbuilt_visit(page.db)])
    warned = result.claims[0]
    page.refresh()
    select(ws, warned)
    row = next(r for r in range(ws.findings.model.rowCount())
               if ws.findings.model.row_at(r).rule_id == "FD-002")
    ws.findings.table.select_row(row)
    monkeypatch.setattr(prompts, "ask_reason", lambda *a, **k: "verified by phone")
    ws.findings.accept_button.click()
    qtbot.waitUntil(lambda: any(ws.findings.model.row_at(r).accepted
                                for r in range(ws.findings.model.rowCount())))
    assert ("FD-002", ws.findings.model.row_at(row).location) in \
        claim_queries.accepted_warnings(page.db, warned)


def test_build_all_coded_runs_as_a_job_with_progress(page: Any, qtbot: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    ws = page.claims
    add_unbuilt_visit(page.db)
    page.refresh()
    before = ws.model.rowCount()
    reports: list[tuple[int, int, str]] = []
    real = billing.build_claims

    def recording(db: Any, *args: Any, progress: Any, cancel: Any, **kw: Any) -> Any:
        def progress_spy(done: int, total: int, label: str) -> None:
            reports.append((done, total, label))
            progress(done, total, label)
        return real(db, *args, progress=progress_spy, cancel=cancel, **kw)

    monkeypatch.setattr(billing, "build_claims", recording)
    messages: list[str] = []
    page.message.connect(messages.append)
    ws.actions_by_name["billing_build"].trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=20_000)
    built = int(messages[-1].split()[1])
    assert built > 0 and ws.model.rowCount() == before + built
    assert reports and reports[-1][0] == reports[-1][1]  # finished at total


def test_editor_shows_the_cms1500_sections_and_money(page: Any) -> None:
    ws = page.claims
    claim_id = claim_in(page.db, S.READY)
    select(ws, claim_id)
    data = billing_data(page.db, claim_id)
    assert ws.editor.fields["1a"].text() == data.subscriber.member_id
    assert ws.editor.fields["33a"].text() == data.billing.npi
    assert ws.editor.fields["1a"].isReadOnly()
    assert ws.editor.lines_model.rowCount() == len(data.lines)
    assert ws.editor.dx_model.rowCount() == len(data.diagnoses)
    _, amounts = claims.get_claim(page.db, claim_id)
    assert f"{amounts.billed:,.2f}" in ws.editor.money.text()
    assert ws.editor.frequency.count() == 1  # original only: never sent


def test_jump_to_patient_opens_the_patient_from_the_main_window(window: Any,
                                                                 monkeypatch: Any) -> None:
    if not claims.list_claims(window.db):
        pytest.skip("no claims in this practice")
    window.go_to(1)
    ws = window.billing.claims
    window.billing.refresh()
    ws.table.select_row(0)
    ws.editor.jump_requested.emit(pe.JUMP_PATIENT)
    assert window.stack.currentWidget() is window.patients
    assert window.patients.dialogs
    window.go_to(1)
    ws.editor.jump_requested.emit(pe.JUMP_PAYERS)
    assert window.stack.currentWidget() is window.settings
    assert window.settings.tabs.currentWidget() is window.settings.payers
    for dialog in list(window.patients.dialogs):
        dialog.close()
