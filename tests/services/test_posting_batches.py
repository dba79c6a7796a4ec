"""Batch paths of ERA posting: several payments in one file, failures while writing."""

from decimal import Decimal
from pathlib import Path

import pytest

from app.services import claims, denials, remittances
from app.store import repository as repo
from app.store.database import Database
from tests.services.test_remittances import FIXTURES, practice  # noqa: F401

D = Decimal


def _segments(name: str) -> list[str]:
    return [s.strip() for s in (FIXTURES / name).read_text().split("~") if s.strip()]


def _two_payments_file(tmp_path: Path) -> Path:
    """The paid/partial payment and the reversal/correction/PLB payment in one interchange."""
    first, second = _segments("835_paid_and_partial.txt"), _segments(
        "835_reversal_correction_plb.txt")

    def body(segments: list[str], st02: str) -> list[str]:
        start = next(i for i, s in enumerate(segments) if s.startswith("ST*"))
        end = next(i for i, s in enumerate(segments) if s.startswith("SE*"))
        part = segments[start:end + 1]
        part[0] = f"ST*835*{st02}"
        part[-1] = "*".join(part[-1].split("*")[:2] + [st02])
        return part

    head = first[:2]
    tail = ["GE*2*" + first[-2].split("*")[2], first[-1]]
    text = "~".join(head + body(first, "0001") + body(second, "0002") + tail) + "~"
    path = tmp_path / "two_payments.835"
    path.write_text(text)
    return path


def test_two_payments_in_one_file_post_like_two_files(
        db: Database, practice: dict, tmp_path: Path) -> None:  # noqa: F811
    summary, _ = remittances.import_835(db, _two_payments_file(tmp_path))
    assert summary.payments == 2
    claim, money = claims.get_claim(db, practice["PCN0001"].id)
    # the same end state as posting the two fixture files one after the other
    assert (money.paid, money.adjusted, money.balance) == (D("90.00"), D("20.00"), D("0.00"))
    assert claims.get_claim(db, practice["PCN0007"].id)[1].paid == D("75.00")
    assert summary.provider_adjustments == D("18.50")


def test_failure_while_writing_the_batch_leaves_nothing(
        db: Database, practice: dict, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    real = repo.bulk_append_entries

    def fail_after_writing(session, entries):  # type: ignore[no-untyped-def]
        real(session, entries)  # the rows are in the transaction, then the disk fills up
        raise OSError("disk full")

    monkeypatch.setattr(repo, "bulk_append_entries", fail_after_writing)
    with pytest.raises(OSError):
        remittances.import_835(db, FIXTURES / "835_denial_deductible_coinsurance.txt")
    monkeypatch.undo()
    assert claims.get_claim(db, practice["PCN0005"].id)[1].paid == D("0.00")
    assert remittances.exception_queue(db) == [] and denials.work_queue(db) == []
    summary, _ = remittances.import_835(db, FIXTURES / "835_denial_deductible_coinsurance.txt")
    assert summary.payments == 1 and not summary.already_posted
    assert summary.denials > 0 and len(denials.work_queue(db)) == summary.denials


def test_a_claim_remitted_under_another_number_matches_by_the_payer_claim_number(
        db: Database, practice: dict, tmp_path: Path) -> None:  # noqa: F811
    remittances.import_835(db, FIXTURES / "835_paid_and_partial.txt")
    text = (FIXTURES / "835_reversal_correction_plb.txt").read_text().replace(
        "CLP*PCN0001*22*", "CLP*XX-TYPO*22*")  # the reversal names our claim by ACME's number
    path = tmp_path / "reversal.835"
    path.write_text(text)
    summary, _ = remittances.import_835(db, path)
    assert summary.exceptions == 0
    claim, money = claims.get_claim(db, practice["PCN0001"].id)
    assert (money.paid, money.adjusted, money.balance) == (D("90.00"), D("20.00"), D("0.00"))


def test_the_demo_denials_are_in_the_work_queue_routed_by_reason(demo_db: Database) -> None:
    from app.services import demo
    from app.x12.codes_835 import carc_owner

    queue = denials.work_queue(demo_db)
    denied = claims.list_claims(demo_db, status="denied")
    assert queue and len(queue) == len(denied)
    assert {d.owner for d in queue} >= {"coding", "charge_entry"}
    for item in queue:
        owner = carc_owner(item.reason_code)
        assert item.owner == (owner.value if owner else "payer")
        assert item.amount > 0 and item.deadline is not None
    assert demo.open_denial_items(demo_db) == 0  # once per claim
