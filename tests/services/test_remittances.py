from decimal import Decimal
from pathlib import Path

import pytest

from app.domain.errors import ImportRejected
from app.services import claims, patients, remittances
from app.store.database import Database
from tests import builders

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "standards" / "fixtures"
D = Decimal


@pytest.fixture
def practice(db: Database) -> dict:
    builders.set_up_practice(db)
    payer = builders.add_payer(db, "Acme Health Plan", "12345", timely_filing_days=180)
    provider = builders.add_provider(db)
    made = {}
    for name, account in (("Doe", "P1"), ("Brown", "P4"), ("Green", "P5"), ("White", "P6"),
                          ("Lee", "P7")):
        patient = builders.add_patient(db, name, "Pat", account)
        policy = builders.add_policy(db, patient.id, payer.id, member_id=f"M{account}")
        made[account] = (patient, policy)
    ids = {"payer_id": payer.id, "provider_id": provider.id}

    def claim(control: str, account: str, lines: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
        patient, policy = made[account]
        return builders.add_claim(db, control, lines, patient_id=patient.id,
                                  policy_id=policy.id, **ids)

    return {
        "PCN0001": claim("PCN0001", "P1", [("99213", "110")]),
        "PCN0004": claim("PCN0004", "P4", [("99214", "130"), ("36415", "30")]),
        "PCN0005": claim("PCN0005", "P5", [("99214", "200"), ("36415", "45")]),
        "PCN0006": claim("PCN0006", "P6", [("99213", "95")]),
        "PCN0007": claim("PCN0007", "P7", [("99212", "75")]),
        "patients": made, "payer": payer,
    }


def amounts(db: Database, claim_id: int):  # type: ignore[no-untyped-def]
    return claims.get_claim(db, claim_id)


def test_paid_and_partial_posts_to_the_cent(db: Database, practice: dict) -> None:
    summary, changes = remittances.import_835(db, FIXTURES / "835_paid_and_partial.txt")
    assert summary.payments == 1 and summary.claims_matched == 2 and changes.payments
    assert summary.paid == D("182.40")
    claim, money = amounts(db, practice["PCN0001"].id)
    assert (money.billed, money.paid, money.adjusted, money.balance) == (
        D("110.00"), D("82.40"), D("27.60"), D("0.00"))
    assert claim.status == "paid" and claim.payer_claim_number == "ACME2025011500001"
    claim, money = amounts(db, practice["PCN0004"].id)
    assert (money.paid, money.adjusted, money.patient_responsibility, money.balance) == (
        D("100.00"), D("35.00"), D("25.00"), D("0.00"))
    brown = practice["patients"]["P4"][0]
    assert patients.detail(db, brown.id).balance == D("25.00")


def test_same_file_twice_posts_once(db: Database, practice: dict) -> None:
    path = FIXTURES / "835_paid_and_partial.txt"
    remittances.import_835(db, path)
    again, changes = remittances.import_835(db, path)
    assert again.payments == 0 and again.already_posted and not changes.payments
    assert amounts(db, practice["PCN0001"].id)[1].paid == D("82.40")


def test_same_payment_in_another_file_posts_once(db: Database, practice: dict,
                                                 tmp_path: Path) -> None:
    text = (FIXTURES / "835_paid_and_partial.txt").read_text()
    remittances.import_835(db, FIXTURES / "835_paid_and_partial.txt")
    copy = tmp_path / "resent.835"
    copy.write_text(text.replace("DTM*405*20250201", "DTM*405*20250202"))
    summary, _ = remittances.import_835(db, copy)
    assert summary.payments == 0 and "EFT20250201001" in summary.already_posted[0]


def test_denials_deductible_coinsurance_and_work_items(db: Database, practice: dict) -> None:
    summary, _ = remittances.import_835(db, FIXTURES / "835_denial_deductible_coinsurance.txt")
    assert summary.paid == D("48.00") and summary.patient_responsibility == D("112.00")
    claim, money = amounts(db, practice["PCN0005"].id)
    assert claim.status == "partial"
    assert money.billed == money.paid + money.adjusted + money.patient_responsibility + \
        money.balance
    assert (money.paid, money.adjusted, money.patient_responsibility) == (
        D("48.00"), D("85.00"), D("112.00"))
    denied, money6 = amounts(db, practice["PCN0006"].id)
    assert denied.status == "denied" and money6.adjusted == D("95.00")
    items = remittances_denials(db)
    assert {(i.reason_code, i.owner) for i in items} >= {("97", "coding"),
                                                          ("27", "front_desk_eligibility")}


def remittances_denials(db: Database):  # type: ignore[no-untyped-def]
    from app.services import denials

    return denials.work_queue(db)


def test_reversal_correction_and_plb(db: Database, practice: dict) -> None:
    remittances.import_835(db, FIXTURES / "835_paid_and_partial.txt")
    summary, _ = remittances.import_835(db, FIXTURES / "835_reversal_correction_plb.txt")
    claim, money = amounts(db, practice["PCN0001"].id)
    assert (money.paid, money.adjusted, money.balance) == (D("90.00"), D("20.00"), D("0.00"))
    assert claim.payer_claim_number in ("ACME2025030100044", "ACME2025011500001")
    assert amounts(db, practice["PCN0007"].id)[1].paid == D("75.00")
    assert summary.provider_adjustments == D("18.50")  # WO 20 taken back, L6 1.50 interest


def test_unbalanced_file_writes_nothing(db: Database, practice: dict) -> None:
    with pytest.raises(ImportRejected) as info:
        remittances.import_835(db, FIXTURES / "broken" / "835_svc_not_balanced.txt")
    assert any(p.field.startswith("SVC") or "SVC" in p.message for p in info.value.problems)
    assert amounts(db, practice["PCN0001"].id)[1].paid == D("0.00")


def test_unmatched_claim_goes_to_exceptions_with_money_in_suspense(
        db: Database, practice: dict, tmp_path: Path) -> None:
    text = (FIXTURES / "835_paid_and_partial.txt").read_text().replace("PCN0004", "ZZZ0004")
    path = tmp_path / "unknown.835"
    path.write_text(text)
    summary, _ = remittances.import_835(db, path)
    assert summary.exceptions == 1 and summary.claims_matched == 1
    assert [e.control_number for e in remittances.exception_queue(db)] == ["ZZZ0004"]


def test_dry_run_changes_nothing(db: Database, practice: dict) -> None:
    summary, changes = remittances.import_835(db, FIXTURES / "835_paid_and_partial.txt",
                                              dry_run=True)
    assert summary.paid == D("182.40") and not changes.payments
    assert amounts(db, practice["PCN0001"].id)[1].paid == D("0.00")
    real, _ = remittances.import_835(db, FIXTURES / "835_paid_and_partial.txt")
    assert real.payments == 1


def test_crash_mid_posting_leaves_nothing(db: Database, practice: dict, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls = {"n": 0}
    real = remittances._post_claim

    def flaky(ctx, clp):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real(ctx, clp)

    monkeypatch.setattr(remittances, "_post_claim", flaky)
    with pytest.raises(OSError):
        remittances.import_835(db, FIXTURES / "835_paid_and_partial.txt")
    monkeypatch.undo()
    assert amounts(db, practice["PCN0001"].id)[1].paid == D("0.00")
    assert remittances.import_835(db, FIXTURES / "835_paid_and_partial.txt")[0].payments == 1


def test_posted_practice_round_trips_through_json(db: Database, practice: dict,
                                                  tmp_path: Path) -> None:
    from app.services import practice_io, workspace

    remittances.import_835(db, FIXTURES / "835_denial_deductible_coinsurance.txt")
    first = practice_io.document_json(practice_io.export_document(db))
    other = workspace.open_database(tmp_path / "copy.sqlite3")
    practice_io.import_document(other, practice_io.parse_document(first, "a.json"))
    assert practice_io.document_json(practice_io.export_document(other)) == first
    assert '"table": "denials"' in first and '"table": "payments"' in first
