"""A routine contractual adjustment on a deductible-only or paid line is not a denial."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from app.domain.remittance import Adjustment
from app.services import denials
from app.services.remittances import denied_adjustments
from tests.ui.test_remits_denials import DENIAL_835, build_denials

D = Decimal


def adj(group: str, reason: str, amount: str) -> Adjustment:
    return Adjustment(group=group, reason=reason, amount=D(amount))


def test_contractual_adjustment_on_a_deductible_only_line_is_not_a_denial() -> None:
    assert denied_adjustments(D("0"), (adj("CO", "45", "40"), adj("PR", "1", "160"))) == ()
    assert denied_adjustments(D("48"), (adj("CO", "45", "40"), adj("PR", "1", "100"))) == ()
    assert denied_adjustments(D("0"), (adj("CO", "45", "40"),)) == (adj("CO", "45", "40"),)
    assert denied_adjustments(D("0"), (adj("CO", "97", "45"),)) == (adj("CO", "97", "45"),)
    assert denied_adjustments(D("0"), (adj("CO", "45", "40"), adj("CO", "50", "60"),
                                       adj("PR", "1", "100"))) == (adj("CO", "50", "60"),)


def test_a_posted_deductible_only_claim_leaves_no_denial(db: Any, tmp_path: Path) -> None:
    era = tmp_path / "deductible.835"
    era.write_text(DENIAL_835.read_text()
                   .replace("BPR*I*48*", "BPR*I*0*")
                   .replace("CLP*PCN0005*1*245*48*112*", "CLP*PCN0005*1*245*0*160*")
                   .replace("SVC*HC:99214*200*48**1", "SVC*HC:99214*200*0**1")
                   .replace("CAS*PR*1*100**2*12", "CAS*PR*1*160"))
    build_denials(db, era)
    queue = denials.work_queue(db)
    assert not [i for i in queue if i.reason_code == "45"]
    assert {i.reason_code for i in queue} == {"97", "27"}  # the real denials stay
