"""Remittance checks: duplicates held, right claim and payer, plausible amounts and dates."""
# ruff: noqa: F811  (the shared ``practice`` fixture is imported, then named by each test)

from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path

import pytest

from app.domain.errors import UserError
from app.services import claims, remit_screen, remittances
from app.store.database import Database
from tests import builders
from tests.services.test_remittances import FIXTURES, practice  # noqa: F401

D = Decimal
PAID_AND_PARTIAL = (FIXTURES / "835_paid_and_partial.txt").read_text()
HEAD = PAID_AND_PARTIAL.split("ST*835")[0]


def clp(pcn: str, charge: str, paid: str, icn: str, lines: list[tuple[str, str, str, str]],
        status: str = "1", dos: str = "20250110") -> list[str]:
    """A CLP with its SVC lines (code, charge, paid, REF*6R); the rest is CO-45."""
    segs = [f"CLP*{pcn}*{status}*{charge}*{paid}**12*{icn}*11*1",
            "NM1*QC*1*SAMPLE*PAT****MI*M0"]
    for code, line_charge, line_paid, ref in lines:
        segs += [f"SVC*HC:{code}*{line_charge}*{line_paid}**1", f"DTM*472*{dos}",
                 f"CAS*CO*45*{D(line_charge) - D(line_paid)}", f"REF*6R*{ref}"]
    return segs


def era(tmp_path: Path, name: str, *claims_: list[str], trace: str = "EFT9001",
        payer: str = "ACME HEALTH PLAN", ref: str = "12345", trn03: str = "1512345678",
        paid_on: str = "20250201") -> Path:
    """A whole 835 file (the fixture's envelope) with these CLPs; BPR02 is their sum."""
    body = [s for c in claims_ for s in c]
    total = sum((D(s.split("*")[4]) for s in body if s.startswith("CLP*")), D(0))
    segs = ["ST*835*0001", f"BPR*I*{total}*C*CHK************{paid_on}",
            f"TRN*1*{trace}*{trn03}", f"DTM*405*{paid_on}", f"N1*PR*{payer}",
            "N3*500 INSURANCE PLAZA", "N4*CHICAGO*IL*60601", f"REF*2U*{ref}",
            "PER*BL*PROVIDER SERVICES*TE*8005550199",
            "N1*PE*SUNRISE FAMILY MEDICINE*XX*1234567893", "N3*100 MAIN ST",
            "N4*SPRINGFIELD*IL*627011234", "REF*TJ*371234567", "LX*1", *body]
    segs.append(f"SE*{len(segs) + 1}*0001")
    path = tmp_path / name
    path.write_text(HEAD + "~\n".join(segs) + "~\nGE*1*201~\nIEA*1*000000201~\n")
    return path


PCN1 = clp("PCN0001", "110", "82.4", "ACME2025011500001", [("99213", "110", "82.4", "L0001-1")])
PCN4 = clp("PCN0004", "160", "100", "X4", [("99214", "130", "80", "L0004-1"),
                                          ("36415", "30", "20", "L0004-2")])
PCN7 = clp("PCN0007", "75", "60", "ACME7", [("99212", "75", "60", "L0007-1")])


def money(db: Database, claim_id: int) -> tuple[str, Decimal, Decimal, Decimal]:
    claim, amounts = claims.get_claim(db, claim_id)
    return claim.status, amounts.paid, amounts.adjusted, amounts.balance


def post(db: Database, path: Path, **kw: object) -> remittances.PostingSummary:
    return remittances.import_835(db, path, **kw)[0]  # type: ignore[arg-type]


def held(summary: remittances.PostingSummary) -> dict[str, remit_screen.HeldItem]:
    return {h.control_number: h for h in summary.held}


def assert_located(item: remit_screen.HeldItem, file: str, element: str) -> None:
    assert item.file == file and item.segment and item.position >= 1
    assert element in item.elements and element in item.reasons
    assert file in item.reasons and f"segment {item.segment}" in item.reasons
    assert f"claim #{item.position} of the payment" in item.reasons
    for name in ("DOE", "JOHN", "BROWN", "LISA"):  # no patient data in messages
        assert name not in item.reasons and name not in item.earlier


def test_resent_era_under_a_new_trace_is_held_as_duplicates(
        db: Database, practice: dict, tmp_path: Path) -> None:  # noqa: F811
    post(db, FIXTURES / "835_paid_and_partial.txt")
    before = money(db, practice["PCN0001"].id), money(db, practice["PCN0004"].id)
    resent = tmp_path / "resent.835"
    resent.write_text(PAID_AND_PARTIAL.replace("EFT20250201001", "EFT20250301999"))
    summary = post(db, resent)
    items = held(summary)
    assert set(items) == {"PCN0001", "PCN0004"} and summary.claims_matched == 0
    assert summary.paid == D("0") and summary.patient_responsibility == D("0")
    one = items["PCN0001"]
    assert one.kind == "duplicate" and one.can_post_knowingly
    assert_located(one, "resent.835", "2100/CLP04")
    assert "835_paid_and_partial.txt" in one.earlier and "EFT20250201001" in one.earlier
    assert "EFT20250301999" in one.reasons and "82.40" in one.earlier
    assert (money(db, practice["PCN0001"].id), money(db, practice["PCN0004"].id)) == before
    assert [h.control_number for h in remit_screen.held_items(db)] == ["PCN0001", "PCN0004"]


def test_resent_with_new_payer_claim_numbers_too_is_still_held(
        db: Database, practice: dict, tmp_path: Path) -> None:  # noqa: F811
    post(db, FIXTURES / "835_paid_and_partial.txt")
    resent = tmp_path / "reissued.835"
    resent.write_text(PAID_AND_PARTIAL.replace("EFT20250201001", "CHK555")
                      .replace("ACME2025011500001", "NEW0001").replace("ACME2025011500002",
                                                                        "NEW0002"))
    summary = post(db, resent)
    assert {h.control_number: h.kind for h in summary.held} == {
        "PCN0001": "duplicate", "PCN0004": "duplicate"}
    assert "line control number L0001-1" in held(summary)["PCN0001"].reasons
    assert money(db, practice["PCN0001"].id)[1] == D("82.40")


def test_wrong_payer_is_held_and_the_rest_posts(
        db: Database, practice: dict, tmp_path: Path) -> None:  # noqa: F811
    other = builders.add_payer(db, "Other Health", "99999")
    patient, _ = practice["patients"]["P1"]
    policy = builders.add_policy(db, patient.id, other.id, member_id="OTH1", order="S")
    builders.add_claim(db, "PCN0099", [("99213", "110")], patient_id=patient.id,
                       policy_id=policy.id, payer_id=other.id,
                       provider_id=1,
                       responsibility="S")
    path = era(tmp_path, "wrong.835", PCN1, clp("PCN0099", "110", "50", "OTH1",
                                                  [("99213", "110", "50", "X")], status="2"))
    summary = post(db, path)
    item = held(summary)["PCN0099"]
    assert item.kind == "wrong_payer" and not item.can_post_knowingly
    assert_located(item, "wrong.835", "1000A/N102")
    assert "Other Health" in item.reasons and "99999" in item.reasons
    assert summary.claims_matched == 1 and money(db, practice["PCN0001"].id)[1] == D("82.40")


@pytest.mark.parametrize("status", ["draft", "void"])
def test_a_claim_never_sent_or_void_is_held(db: Database, practice: dict, tmp_path: Path,
                                            status: str) -> None:  # noqa: F811
    patient, policy = practice["patients"]["P7"]
    made = builders.add_claim(db, "PCN0050", [("99212", "75")], patient_id=patient.id,
                              policy_id=policy.id, payer_id=practice["payer"].id,
                              provider_id=1, status=status)
    path = era(tmp_path, f"{status}.835", clp("PCN0050", "75", "60", "X50",
                                              [("99212", "75", "60", "PCN0050-1")]))
    summary = post(db, path, validate_structure=False)
    item = held(summary)["PCN0050"]
    assert item.kind == "not_sent"
    assert_located(item, f"{status}.835", "2100/CLP01")
    assert money(db, made.id) == (status, D("0.00"), D("0.00"), D("75.00"))


def test_reversal_of_a_payment_never_posted_is_held(
        db: Database, practice: dict, tmp_path: Path) -> None:  # noqa: F811
    reversal = clp("PCN0001", "-110", "-82.4", "ACME2025011500001",
                   [("99213", "-110", "-82.4", "L0001-1")], status="22")
    path = era(tmp_path, "reversal.835", reversal, PCN4)
    summary = post(db, path)
    item = held(summary)["PCN0001"]
    assert item.kind == "unposted_reversal" and "never posted" in item.reasons
    assert_located(item, "reversal.835", "2100/CLP02")
    assert money(db, practice["PCN0001"].id)[1:] == (D("0.00"), D("0.00"), D("110.00"))
    assert money(db, practice["PCN0004"].id)[1] == D("100.00")  # the rest of the file posts


def test_reversal_and_correction_pair_posts(
        db: Database, practice: dict, tmp_path: Path) -> None:  # noqa: F811
    post(db, FIXTURES / "835_paid_and_partial.txt")
    reversal = clp("PCN0001", "-110", "-82.4", "ACME2025011500001",
                   [("99213", "-110", "-82.4", "L0001-1")], status="22")
    correction = clp("PCN0001", "110", "90", "ACME2025011500001",
                     [("99213", "110", "90", "L0001-1")])
    summary = post(db, era(tmp_path, "corrected.835", reversal, correction, PCN7))
    assert summary.held == [] and summary.claims_matched == 3
    assert money(db, practice["PCN0001"].id) == ("paid", D("90.00"), D("20.00"), D("0.00"))
    summary = post(db, FIXTURES / "835_reversal_correction_plb.txt")  # the same pair again
    assert [h.kind for h in summary.held if h.control_number == "PCN0001"] == [
        "unposted_reversal", "duplicate"]
    assert money(db, practice["PCN0001"].id) == ("paid", D("90.00"), D("20.00"), D("0.00"))


def test_the_fixture_reversal_after_its_payment_posts(
        db: Database, practice: dict) -> None:  # noqa: F811
    post(db, FIXTURES / "835_paid_and_partial.txt")
    summary = post(db, FIXTURES / "835_reversal_correction_plb.txt")
    assert summary.held == []
    assert money(db, practice["PCN0001"].id)[1:] == (D("90.00"), D("20.00"), D("0.00"))


def test_charge_far_from_what_was_billed_is_held(
        db: Database, practice: dict, tmp_path: Path) -> None:  # noqa: F811
    path = era(tmp_path, "charge.835", clp("PCN0006", "9999", "80", "X6",
                                           [("99213", "9999", "80", "L0006-1")]))
    item = held(post(db, path))["PCN0006"]
    assert item.kind == "charge_mismatch" and "9,999.00" in item.reasons
    assert_located(item, "charge.835", "2100/CLP03")
    assert money(db, practice["PCN0006"].id)[1] == D("0.00")


def test_an_absurd_payment_is_held(db: Database, practice: dict,
                                   tmp_path: Path) -> None:  # noqa: F811
    path = era(tmp_path, "absurd.835", clp("PCN0007", "75", "99999999999.99", "X7",
                                           [("99212", "75", "99999999999.99", "L0007-1")]))
    item = held(post(db, path, validate_structure=False))["PCN0007"]
    assert item.kind == "implausible_amount" and "99,999,999,999.99" in item.reasons
    assert_located(item, "absurd.835", "2100/CLP04")
    assert money(db, practice["PCN0007"].id)[1] == D("0.00")


@pytest.mark.parametrize(("dos", "paid_on", "element"), [
    ("19000101", "20250201", "2110/DTM*472"), ("20250110", "20990101", "BPR16")])
def test_implausible_dates_are_held(db: Database, practice: dict, tmp_path: Path, dos: str,
                                    paid_on: str, element: str) -> None:  # noqa: F811
    path = era(tmp_path, "dates.835", clp("PCN0007", "75", "60", "X7",
                                          [("99212", "75", "60", "L0007-1")], dos=dos),
               paid_on=paid_on)
    item = held(post(db, path, validate_structure=False))["PCN0007"]
    assert item.kind == "implausible_date"
    assert_located(item, "dates.835", element)
    assert money(db, practice["PCN0007"].id)[1] == D("0.00")


def test_the_same_clp_twice_in_one_file_posts_once(
        db: Database, practice: dict, tmp_path: Path) -> None:  # noqa: F811
    summary = post(db, era(tmp_path, "twice.835", PCN1, PCN1))
    item = held(summary)["PCN0001"]
    assert summary.claims_matched == 1 and item.position == 2 and item.kind == "duplicate"
    assert "claim #1 of the same payment" in item.earlier
    assert money(db, practice["PCN0001"].id)[1] == D("82.40")


def test_a_preview_shows_holds_and_writes_nothing(
        db: Database, practice: dict, tmp_path: Path) -> None:  # noqa: F811
    summary = post(db, era(tmp_path, "twice.835", PCN1, PCN1), dry_run=True)
    assert [h.kind for h in summary.held] == ["duplicate"] and summary.held[0].id is None
    assert remit_screen.held_items(db) == []
    assert money(db, practice["PCN0001"].id)[1] == D("0.00")


def test_dismiss_and_post_knowingly(db: Database, practice: dict,
                                    tmp_path: Path) -> None:  # noqa: F811
    post(db, FIXTURES / "835_paid_and_partial.txt")
    resent = tmp_path / "resent.835"
    resent.write_text(PAID_AND_PARTIAL.replace("EFT20250201001", "EFT2"))
    post(db, resent)
    first, second = remit_screen.held_items(db)
    credit, changes = remit_screen.post_knowingly(db, first.id or 0, today=claims_today())
    assert changes.payments and credit.amount == D("82.40") and credit.owed_to == "payer"
    assert credit.refund_task_id and credit.refund_due is not None
    assert money(db, practice["PCN0001"].id)[1:] == (D("164.80"), D("27.60"), D("-82.40"))
    remit_screen.dismiss(db, second.id or 0)
    assert money(db, practice["PCN0004"].id)[1] == D("100.00")
    assert remit_screen.held_items(db) == []
    assert [c.claim_id for c in remit_screen.credit_balances(db)] == [practice["PCN0001"].id]
    with pytest.raises(UserError):
        remit_screen.dismiss(db, first.id or 0)
    with pytest.raises(UserError):
        remit_screen.post_knowingly(db, second.id or 0)
    # a third copy is still a duplicate of the original payment
    third = tmp_path / "third.835"
    third.write_text(PAID_AND_PARTIAL.replace("EFT20250201001", "EFT3"))
    assert len(post(db, third).held) == 2


def claims_today():  # type: ignore[no-untyped-def]
    from datetime import date

    return date(2025, 2, 10)


def test_a_hold_that_is_not_a_duplicate_cannot_be_posted_knowingly(
        db: Database, practice: dict, tmp_path: Path) -> None:  # noqa: F811
    post(db, era(tmp_path, "charge.835", clp("PCN0006", "9999", "80", "X6",
                                             [("99213", "9999", "80", "L0006-1")])))
    [item] = remit_screen.held_items(db)
    with pytest.raises(UserError):
        remit_screen.post_knowingly(db, item.id or 0)
    remit_screen.dismiss(db, item.id or 0, note="payer error, called them")
    assert remit_screen.held_items(db) == []


def test_two_processes_posting_resent_copies_at_once_post_once(
        db: Database, practice: dict, tmp_path: Path, db_path: Path) -> None:  # noqa: F811
    copies = []
    for n in (1, 2):
        copy = tmp_path / f"copy{n}.835"
        copy.write_text(PAID_AND_PARTIAL.replace("EFT20250201001", f"EFT-RACE-{n}"))
        copies.append(copy)
    results: list[remittances.PostingSummary] = []
    start = threading.Barrier(2)

    def worker(path: Path, other: Database) -> None:
        start.wait()
        results.append(remittances.import_835(other, path, validate_structure=False)[0])
        other.dispose()

    # each its own engine and lock: another process as far as SQLite knows
    threads = [threading.Thread(target=worker, args=(p, Database(db_path, migrate=False)))
               for p in copies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(r.claims_matched for r in results) == [0, 2]
    assert sorted(len(r.held) for r in results) == [0, 2]
    assert money(db, practice["PCN0001"].id)[1] == D("82.40")


def test_holds_and_credits_round_trip_through_json(db: Database, practice: dict,
                                                   tmp_path: Path) -> None:
    from app.services import practice_io, workspace

    post(db, FIXTURES / "835_paid_and_partial.txt")
    post(db, era(tmp_path, "twice.835", PCN1, PCN1, trace="EFT-J"))
    item = remit_screen.held_items(db)[0]  # both repeat the fixture's payment
    remit_screen.post_knowingly(db, item.id or 0)
    first = practice_io.document_json(practice_io.export_document(db))
    assert '"table": "credit_balances"' in first and '"table": "remit_holds"' in first
    other = workspace.open_database(tmp_path / "copy.sqlite3")
    practice_io.import_document(other, practice_io.parse_document(first, "a.json"))
    assert practice_io.document_json(practice_io.export_document(other)) == first


def test_a_crash_while_posting_knowingly_leaves_the_hold_open(
        db: Database, practice: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.store import remit_holds

    post(db, era(tmp_path, "twice.835", PCN1, PCN1))
    [item] = remit_screen.held_items(db)

    def disk_full(*args: object, **kw: object) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(remit_holds, "add_credit", disk_full)
    with pytest.raises(OSError):
        remit_screen.post_knowingly(db, item.id or 0)
    monkeypatch.undo()
    assert [h.id for h in remit_screen.held_items(db)] == [item.id]
    assert money(db, practice["PCN0001"].id)[1] == D("82.40")
    assert remit_screen.credit_balances(db) == []
    remit_screen.post_knowingly(db, item.id or 0)
    assert money(db, practice["PCN0001"].id)[1] == D("164.80")
