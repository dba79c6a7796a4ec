"""The remit checks on the hand-driven doors: a manual match is checked (and held when it does
not fit), and a held CLP whose cause was fixed can be re-checked and posted."""
# ruff: noqa: F811  (the shared ``practice`` fixture is imported, then named by each test)

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from app.domain.claims import ClaimStatus
from app.domain.errors import UserError
from app.services import claims, remit_match, remit_screen, remittances
from app.store.database import Database
from tests import builders
from tests.services.test_remit_checks import clp, era, money, post
from tests.services.test_remittances import practice  # noqa: F401

D = Decimal
#: A CLP whose control number and payer claim number match none of our claims.
UNKNOWN = clp("ZZZ9999", "75", "60", "NOPE1", [("99212", "75", "60", "X1")])


def _exception(db: Database, tmp_path: Path) -> int:
    summary = post(db, era(tmp_path, "unmatched.835", UNKNOWN, trace="EFT5150"),
                   validate_structure=False)
    assert summary.exceptions == 1
    [item] = remittances.exception_queue(db)
    return item.id


def _suspense(db: Database) -> Decimal:
    from app.store import remit_repo

    with db.reading() as s:
        found = remit_repo.payment_source(s, 1)
        assert found is not None
        return found[0].suspense


def _draft(db: Database, practice: dict, status: str = "draft"):  # type: ignore[no-untyped-def]
    patient, policy = practice["patients"]["P7"]
    return builders.add_claim(db, "PCN0050", [("99212", "75")], patient_id=patient.id,
                              policy_id=policy.id, payer_id=practice["payer"].id,
                              provider_id=1, status=status)


def test_a_manual_match_that_fits_posts(db: Database, practice: dict,
                                        tmp_path: Path) -> None:
    item = _exception(db, tmp_path)
    summary, changes = remittances.match_exception(db, item, practice["PCN0007"].id)
    assert changes.payments and summary.held == [] and summary.claims_matched == 1
    assert money(db, practice["PCN0007"].id)[1] == D("60.00") and _suspense(db) == D("0.00")
    assert remittances.exception_queue(db) == [] and remit_screen.held_items(db) == []


def test_a_manual_match_to_a_claim_never_sent_is_held_then_posts_once_sent(
        db: Database, practice: dict, tmp_path: Path) -> None:
    made = _draft(db, practice)
    item = _exception(db, tmp_path)
    summary, _ = remittances.match_exception(db, item, made.id)
    [held] = summary.held
    assert held.kind == "not_sent" and not held.can_post_knowingly
    assert held.file == "unmatched.835" and "2100/CLP01" in held.elements
    assert money(db, made.id) == ("draft", D("0.00"), D("0.00"), D("75.00"))  # not posted
    assert remittances.exception_queue(db) == [] and _suspense(db) == D("60.00")
    [waiting] = remit_screen.held_items(db)
    assert waiting.control_number == "PCN0050"
    with pytest.raises(UserError, match="Still held"):  # nothing fixed yet
        remit_match.recheck_hold(db, waiting.id or 0)
    assert remit_screen.held_items(db) == [waiting]
    for target in (ClaimStatus.READY, ClaimStatus.SUBMITTED):  # the user sends the claim
        claims.change_status(db, made.id, target, 0)
    summary, changes = remit_match.recheck_hold(db, waiting.id or 0)
    assert changes.payments and summary.held == [] and summary.claims_matched == 1
    assert money(db, made.id)[1:] == (D("60.00"), D("15.00"), D("0.00"))
    assert remit_screen.held_items(db) == [] and _suspense(db) == D("0.00")
    with pytest.raises(UserError):  # decided once
        remit_match.recheck_hold(db, waiting.id or 0)
    # the posted CLP counts as paid: the same payment again is a possible duplicate
    again = post(db, era(tmp_path, "again.835", clp("PCN0050", "75", "60", "X50",
                                                    [("99212", "75", "60", "X1")]),
                         trace="EFT777"), validate_structure=False)
    assert [h.kind for h in again.held] == ["duplicate"]


def test_a_manual_match_to_another_payers_claim_is_held(db: Database, practice: dict,
                                                        tmp_path: Path) -> None:
    other = builders.add_payer(db, "Other Health", "99999")
    patient, _ = practice["patients"]["P1"]
    policy = builders.add_policy(db, patient.id, other.id, member_id="OTH1", order="S")
    made = builders.add_claim(db, "PCN0099", [("99212", "75")], patient_id=patient.id,
                              policy_id=policy.id, payer_id=other.id, provider_id=1,
                              responsibility="S")
    summary, _ = remittances.match_exception(db, _exception(db, tmp_path), made.id)
    assert [h.kind for h in summary.held] == ["wrong_payer"]
    assert "Other Health" in summary.held[0].reasons
    assert money(db, made.id)[1] == D("0.00")


def test_a_manual_match_repeating_a_payment_is_a_possible_duplicate(
        db: Database, practice: dict, tmp_path: Path) -> None:
    post(db, era(tmp_path, "first.835", clp("PCN0007", "75", "60", "ACME7",
                                            [("99212", "75", "60", "X1")])),
         validate_structure=False)
    item = _exception(db, tmp_path)
    summary, _ = remittances.match_exception(db, item, practice["PCN0007"].id)
    [held] = summary.held
    assert held.kind == "duplicate" and held.can_post_knowingly
    assert money(db, practice["PCN0007"].id)[1] == D("60.00")  # paid once


def test_a_crash_while_rechecking_leaves_the_hold_open(db: Database, practice: dict,
                                                       tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    made = _draft(db, practice)
    remittances.match_exception(db, _exception(db, tmp_path), made.id)
    [waiting] = remit_screen.held_items(db)
    for target in (ClaimStatus.READY, ClaimStatus.SUBMITTED):
        claims.change_status(db, made.id, target, 0)

    def crash(ctx, clp):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(remittances, "_post_claim", crash)
    with pytest.raises(OSError):
        remit_match.recheck_hold(db, waiting.id or 0)
    monkeypatch.undo()
    assert remit_screen.held_items(db) == [waiting]
    assert money(db, made.id)[1] == D("0.00")
    remit_match.recheck_hold(db, waiting.id or 0)
    assert money(db, made.id)[1] == D("60.00")
