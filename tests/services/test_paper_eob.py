"""Paper EOB posting: the same engine, ledger and work items as the equivalent 835."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.domain.errors import ImportRejected
from app.domain.paper_eob import PaperEob
from app.services import claims, denials, paper_eob, remit_screen, remittances, workspace
from app.store import repository as repo
from app.store.database import Database
from tests import builders

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "standards" / "fixtures"
D = Decimal

#: The paper version of 835_denial_deductible_coinsurance.txt.
EOB: dict[str, Any] = {
    "payer": "12345", "payer_name": "Acme Health Plan", "check_number": "00012345",
    "payment_date": "2025-02-05", "check_amount": "48.00",
    "claims": [
        {"claim": "PCN0005", "payer_claim_number": "ACME2025012000005", "lines": [
            {"code": "99214", "service_date": "2025-01-18", "charge": "200.00",
             "allowed": "160.00", "paid": "48.00", "patient_responsibility": "112.00",
             "adjustments": [{"group": "CO", "reason": "45", "amount": "40.00"},
                             {"group": "PR", "reason": "1", "amount": "100.00"},
                             {"group": "PR", "reason": "2", "amount": "12.00"}]},
            {"code": "36415", "service_date": "2025-01-18", "charge": "45.00",
             "paid": "0.00", "remarks": ["M15"],
             "adjustments": [{"group": "CO", "reason": "97", "amount": "45.00"}]}]},
        {"claim": "PCN0006", "payer_claim_number": "ACME2025012000006", "lines": [
            {"code": "99213", "service_date": "2025-01-19", "charge": "95.00", "paid": "0",
             "adjustments": [{"group": "CO", "reason": "27", "amount": "95.00"}]}]},
    ]}


def _practice(db: Database) -> dict[str, Any]:
    builders.set_up_practice(db)
    payer = builders.add_payer(db, "Acme Health Plan", "12345", timely_filing_days=180)
    provider = builders.add_provider(db)
    out = {}
    for control, name, account, lines in (
            ("PCN0005", "Green", "P5", [("99214", "200"), ("36415", "45")]),
            ("PCN0006", "White", "P6", [("99213", "95")])):
        patient = builders.add_patient(db, name, "Pat", account)
        policy = builders.add_policy(db, patient.id, payer.id, member_id=f"M{account}")
        out[control] = builders.add_claim(db, control, lines, patient_id=patient.id,
                                          policy_id=policy.id, payer_id=payer.id,
                                          provider_id=provider.id)
    return out


@pytest.fixture
def practice(db: Database) -> dict[str, Any]:
    return _practice(db)


def _eob(**changes: Any) -> PaperEob:
    return PaperEob.model_validate({**EOB, **changes})


def _ledger(db: Database, claim_id: int) -> list[tuple[Any, ...]]:
    with db.reading() as s:
        return sorted((str(e.kind), str(e.account), e.amount, str(e.group_code or ""),
                       e.reason_code, e.line_id is not None)
                      for e in repo.entries_for(s, claim_id=claim_id))


def test_eob_posts_like_the_equivalent_835(db: Database, practice: dict[str, Any],
                                           tmp_path: Path) -> None:
    summary, changes = paper_eob.post_paper_eob(db, _eob())
    assert changes.payments and summary.claims_matched == 2 and not summary.held
    other = workspace.open_database(tmp_path / "era.sqlite3")
    era_claims = _practice(other)
    era, _ = remittances.import_835(other, FIXTURES / "835_denial_deductible_coinsurance.txt")
    for name in ("paid", "adjusted", "patient_responsibility", "denials", "underpayments"):
        assert getattr(summary, name) == getattr(era, name), name
    for control in ("PCN0005", "PCN0006"):
        assert _ledger(db, practice[control].id) == _ledger(other, era_claims[control].id)
        assert claims.get_claim(db, practice[control].id)[0].status == \
            claims.get_claim(other, era_claims[control].id)[0].status
    assert sorted((i.reason_code, i.owner, i.amount) for i in denials.work_queue(db)) == \
        sorted((i.reason_code, i.owner, i.amount) for i in denials.work_queue(other))
    other.dispose()


def test_unbalanced_line_is_refused_and_nothing_written(db: Database,
                                                        practice: dict[str, Any]) -> None:
    data = json.loads(json.dumps(EOB))
    data["claims"][0]["lines"][1]["adjustments"][0]["amount"] = "40.00"
    with pytest.raises(ImportRejected) as info:
        paper_eob.post_paper_eob(db, PaperEob.model_validate(data))
    messages = [p.message for p in info.value.problems]
    assert messages[0].startswith("EOB claim PCN0005 line 2 (36415): charge 45.00")
    assert claims.get_claim(db, practice["PCN0005"].id)[1].paid == D("0.00")
    assert not denials.work_queue(db)


def test_preview_writes_nothing_then_post(db: Database, practice: dict[str, Any]) -> None:
    summary, changes = paper_eob.post_paper_eob(db, _eob(), dry_run=True)
    assert summary.paid == D("48.00") and summary.denials == 2 and not changes.payments
    assert claims.get_claim(db, practice["PCN0005"].id)[1].paid == D("0.00")
    assert paper_eob.post_paper_eob(db, _eob())[0].payments == 1


def test_same_eob_keyed_twice_is_held_as_duplicate(db: Database,
                                                    practice: dict[str, Any]) -> None:
    paper_eob.post_paper_eob(db, _eob())
    again, _ = paper_eob.post_paper_eob(db, _eob())
    assert {h.kind for h in again.held} == {"duplicate"} and len(again.held) == 2
    assert claims.get_claim(db, practice["PCN0005"].id)[1].paid == D("48.00")
    assert len(remit_screen.held_items(db)) == 2


def test_takeback_reverses_the_earlier_posting(db: Database, practice: dict[str, Any]) -> None:
    paper_eob.post_paper_eob(db, _eob())
    first = EOB["claims"][0]
    summary, _ = paper_eob.post_paper_eob(db, _eob(
        check_number="TB-1", check_amount="-48.00", claims=[{**first, "reversal": True}]))
    assert summary.claims_matched == 1 and not summary.held
    _, money = claims.get_claim(db, practice["PCN0005"].id)
    assert (money.paid, money.adjusted, money.patient_responsibility) == (D("0"), D("0"),
                                                                        D("0"))
    assert money.balance == money.billed


def test_crash_mid_posting_leaves_nothing(db: Database, practice: dict[str, Any],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    real = remittances._post_claim

    def flaky(ctx: Any, clp: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        real(ctx, clp)

    monkeypatch.setattr(remittances, "_post_claim", flaky)
    with pytest.raises(OSError):
        paper_eob.post_paper_eob(db, _eob())
    monkeypatch.undo()
    assert claims.get_claim(db, practice["PCN0005"].id)[1].paid == D("0.00")
    assert not denials.work_queue(db)
    summary, _ = paper_eob.post_paper_eob(db, _eob())
    assert summary.payments == 1 and not summary.held


def test_bad_json_file_is_located(tmp_path: Path) -> None:
    path = tmp_path / "eob.json"
    path.write_text('{"payer": "1", "check_number": "9", "payment_date": "2025-13-01",'
                    ' "claims": []}')
    with pytest.raises(ImportRejected) as info:
        paper_eob.load_eob(path)
    fields = {p.field for p in info.value.problems}
    assert {"payment_date", "claims"} <= fields
    assert all(p.source == "eob.json" for p in info.value.problems)


def test_recoupment_reversal_and_correction_on_a_debit_check(
        db: Database, practice: dict[str, Any]) -> None:
    paper_eob.post_paper_eob(db, _eob())
    first = json.loads(json.dumps(EOB["claims"][0]))
    corrected = json.loads(json.dumps(first))
    corrected["lines"][0]["paid"] = "38.00"
    corrected["lines"][0]["adjustments"][0]["amount"] = "50.00"
    summary, _ = paper_eob.post_paper_eob(db, _eob(
        check_number="R1", check_amount="-10.00", claims=[{**first, "reversal": True},
                                                          corrected]))
    assert summary.paid == D("-10.00") and summary.claims_matched == 2 and not summary.held
    _, money = claims.get_claim(db, practice["PCN0005"].id)
    assert (money.paid, money.adjusted, money.patient_responsibility, money.balance) == (
        D("38.00"), D("95.00"), D("112.00"), D("0.00"))


def test_bare_negative_paid_is_held_like_an_era(db: Database, practice: dict[str, Any]) -> None:
    paper_eob.post_paper_eob(db, _eob())
    summary, _ = paper_eob.post_paper_eob(db, _eob(check_number="R2", check_amount=None, claims=[
        {"claim": "PCN0005", "charge": "0", "paid": "-10.00",
         "adjustments": [{"group": "CO", "reason": "45", "amount": "10.00"}]}]))
    assert [h.kind for h in summary.held] == ["implausible_amount"]
    assert claims.get_claim(db, practice["PCN0005"].id)[1].paid == D("48.00")
