"""An 835 that pays nothing says so in the preview instead of "check the figures, then Post"."""

from __future__ import annotations

from decimal import Decimal

from app.services.remittances import PostingSummary
from app.ui.presenters import remit_reports


def test_a_zero_paid_denial_file_says_it_holds_no_payments() -> None:
    preview = PostingSummary("deny.835", dry_run=True, payments=1, claims_matched=2, denials=2)
    text = remit_reports.posting_headline(preview)
    assert "holds no payments" in text and "2 claims paid $0.00, 2 denied" in text
    assert "Check the figures" not in text
    assert remit_reports.can_post(preview)  # the denials still become work items


def test_a_plb_only_file_names_the_provider_adjustment() -> None:
    preview = PostingSummary("plb.835", dry_run=True, payments=1,
                             provider_adjustments=Decimal("-25.00"))
    text = remit_reports.posting_headline(preview)
    assert "holds no payments" in text and "only a provider-level adjustment (PLB)" in text
    assert "$-25.00" in text or "-$25.00" in text or "($25.00)" in text


def test_an_empty_file_holds_nothing_to_record() -> None:
    text = remit_reports.posting_headline(PostingSummary("empty.835", dry_run=True))
    assert text.endswith("holds no payments and nothing to record.")


def test_a_paying_file_still_asks_to_check_the_figures() -> None:
    preview = PostingSummary("pay.835", dry_run=True, payments=1, claims_matched=1,
                             paid=Decimal("10.00"))
    assert "Check the figures, then Post." in remit_reports.posting_headline(preview)
