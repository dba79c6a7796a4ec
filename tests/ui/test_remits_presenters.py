"""Qt-free presenters of the batch and remittance screens."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from app.domain.errors import Problem
from app.domain.practice import UsageMode
from app.domain.remittance import Adjustment, Amount, ClaimPayment, ServicePayment
from app.services.batches import AckResult, BatchResult
from app.services.denials import DenialItem
from app.services.eob import RemitDetail, explain_adjustment, owner_label
from app.services.remittances import PostingSummary
from app.ui.presenters import remit_eob, remit_reports

D = Decimal


def test_problem_report_is_tab_separated_with_every_problem() -> None:
    problems = [Problem("claim C1", "2300/CLM05-1", "Missing place of service."),
                Problem("batch.txt", "ISA13", "Bad number.", line=1)]
    text = remit_reports.problem_report(problems, "2 problem(s)")
    lines = text.splitlines()
    assert lines[0] == "2 problem(s)" and len(lines) == 4
    assert lines[3] == "batch.txt\tISA13\t1\tBad number."


def test_selection_and_batch_result_text() -> None:
    count, total = remit_reports.selection_totals([D("10.00"), D("5.50")])
    assert remit_reports.selection_text(count, total) == \
        "2 claims selected · total charge $15.50"
    result = BatchResult(3, Path("/x/CD837.txt"), 2, D("15.50"), 7, 7, ("0001",),
                         UsageMode.TEST, True)
    rows = dict(remit_reports.batch_result_rows(result))
    assert rows["Interchange (ISA13)"] == "000000007" and rows["Usage"] == "TEST (T)"


def test_ack_and_posting_text() -> None:
    ack = AckResult("a.999", "999", accepted=["C1"], rejected=["C2"], unmatched=["group 9"])
    assert remit_reports.ack_headline(ack) == \
        "999 a.999: 1 accepted, 1 rejected, 1 not matched."
    assert [line.outcome for line in remit_reports.ack_lines(ack)] == [
        "Accepted", "Rejected", "Not matched"]
    again = AckResult("a.999", "999", already_imported="11/23/2026 10:00")
    assert "already imported" in remit_reports.ack_headline(again)
    preview = PostingSummary("e.835", dry_run=True, payments=1, claims_matched=2,
                             paid=D("10.00"), secondary_claims=["C9"])
    rows = dict(remit_reports.posting_rows(preview))
    assert rows["Paid"] == "$10.00" and rows["Secondary claims built"] == "C9"
    assert remit_reports.can_post(preview)
    assert not remit_reports.can_post(PostingSummary("e.835", dry_run=True,
                                                     already_posted=["x"]))


def remit() -> RemitDetail:
    svc = ServicePayment(code="36415", charge=D("45"), paid=D("0"),
                         service_date=date(2025, 1, 18),
                         adjustments=(Adjustment(group="CO", reason="97", amount=D("45")),),
                         remark_codes=("M15",), amounts=(Amount(qualifier="B6", amount=D("0")),))
    detail = ClaimPayment(patient_control_number="PCN0005", status_code="1", charge=D("45"),
                          paid=D("0"), payer_claim_control_number="ICN1", services=(svc,))
    return RemitDetail(1, 1, "EFT1", "ACME", date(2025, 2, 5), "posted", "Processed", detail)


def test_eob_rows_flatten_claim_lines_adjustments_and_remarks() -> None:
    rows = remit_eob.eob_rows([remit()])
    assert [r.kind for r in rows] == ["claim", "line", "adjustment", "remark"]
    assert rows[0].allowed == D("0") and "trace EFT1" in rows[0].explanation
    assert rows[2].code == "CO-97" and rows[2].explanation.startswith("Paid as part")
    assert rows[3].explanation and remit_eob.eob_headline("PCN0005", [remit()]).startswith(
        "Claim PCN0005: 1 remittance")
    assert "No remittance" in remit_eob.eob_headline("X", [])


def test_denial_actions_and_owner_choices() -> None:
    item = DenialItem(1, 1, "C1", None, "CO", "97", "", D("45"), "coding", "", "open", None, "")
    assert remit_eob.enabled_actions(item) == set(remit_eob.DENIAL_ACTIONS) - {"to_patient"}
    for group, reason, offered in (("PR", "204", True), ("OA", "27", True),
                                   ("OA", "23", False), ("CO", "27", False)):
        other = DenialItem(1, 1, "C1", None, group, reason, "", D("45"), "patient", "", "open",
                           None, "")
        assert ("to_patient" in remit_eob.enabled_actions(other)) == offered, (group, reason)
    under = DenialItem(2, 1, "C1", None, "OA", "UNDER", "", D("5"), "payer", "", "open", None,
                       "")
    assert not {"to_coding", "resubmit"} & remit_eob.enabled_actions(under)
    assert remit_eob.enabled_actions(None) == set()
    items = remit_eob.owner_filter_items()
    assert items[0] == ("All owners", None) and ("Coding", "coding") in items
    assert owner_label("front_desk_eligibility") == "Front desk: eligibility"
    assert explain_adjustment("OA", "UNDER").startswith("OA-UNDER")
