"""A $0-paid claim whose whole shortfall is deductible (PR) and contractual (CO-45) is PAID.

The payer paid it in full by its terms: the patient owes the deductible. It is neither
"partial" nor a denial work item.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from app.services import claims, denials, remittances
from app.store.database import Database
from app.ui.presenters import remit_reports
from tests.services.test_remittances import FIXTURES, practice  # noqa: F401 - fixture

D = Decimal


def deductible_only_835(tmp_path: Path, extra_cas: str = "") -> Path:
    """PCN0007 (99212, $75.00): $0 paid, CO-45 $15.00, PR-1 deductible $60.00."""
    source = (FIXTURES / "835_denial_deductible_coinsurance.txt").read_text()
    segments = [s.strip() for s in source.split("~") if s.strip()]
    head = segments[:segments.index("LX*1") + 1]
    head = [s.replace("BPR*I*48*", "BPR*I*0*") for s in head]
    cas = [f"CAS*CO*45*{'5' if extra_cas else '15'}"] + ([extra_cas] if extra_cas else [])
    body = ["CLP*PCN0007*1*75*0*60*12*ACME2025012000007*11*1",
            "NM1*QC*1*LEE*PAT****MI*MP7", "DTM*050*20250121",
            "SVC*HC:99212*75*0**1", "DTM*472*20250110", *cas, "CAS*PR*1*60", "AMT*B6*60"]
    start = next(i for i, s in enumerate(head) if s.startswith("ST*"))
    count = len(head) - start + len(body) + 1
    tail = [f"SE*{count}*0001", "GE*1*202", "IEA*1*000000202"]
    path = tmp_path / "deductible.835"
    path.write_text("~".join(head + body + tail) + "~")
    return path


def test_a_deductible_only_claim_posts_as_paid_with_patient_responsibility(
        db: Database, practice: dict, tmp_path: Path) -> None:  # noqa: F811
    path = deductible_only_835(tmp_path)
    preview, _ = remittances.import_835(db, path, dry_run=True)
    assert "holds no payments" in remit_reports.posting_headline(preview)
    summary, _ = remittances.import_835(db, path)
    assert summary.claims_matched == 1 and summary.denials == 0
    claim, money = claims.get_claim(db, practice["PCN0007"].id)
    assert claim.status == "paid"
    assert (money.paid, money.adjusted, money.patient_responsibility, money.balance) == (
        D("0.00"), D("15.00"), D("60.00"), D("0.00"))
    assert money.billed == money.paid + money.adjusted + money.patient_responsibility + \
        money.balance
    assert not [i for i in denials.work_queue(db) if i.claim_id == practice["PCN0007"].id]


def test_a_real_denial_next_to_the_deductible_is_still_partial(
        db: Database, practice: dict, tmp_path: Path) -> None:  # noqa: F811
    remittances.import_835(db, deductible_only_835(tmp_path, extra_cas="CAS*CO*97*10"))
    claim, _money = claims.get_claim(db, practice["PCN0007"].id)
    assert claim.status in ("partial", "denied")
    assert [i.reason_code for i in denials.work_queue(db)
            if i.claim_id == practice["PCN0007"].id] == ["97"]
