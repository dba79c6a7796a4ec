"""Each KPI on the small practice of kpi_practice.py, answers worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from app.domain import kpis as k
from app.services import kpis, reports
from tests.services import kpi_practice

PERIOD = k.Period(date(2026, 1, 1), date(2026, 3, 31))


@pytest.fixture
def practice(db: Any) -> kpi_practice.Practice:
    return kpi_practice.build(db)


def ids(p: kpi_practice.Practice, *names: str) -> set[int]:
    return {p.claims[n] for n in names}


def test_clean_claim_rate(practice: Any) -> None:
    # first submitted in the period: C1 C2 C3 C4 C7; C2 was rejected -> 4 / 5
    result = kpis.clean_claim_rate(practice.db, PERIOD)
    assert result.value == Decimal("80.0")
    assert set(result.claim_ids) == ids(practice, "C2")
    assert "rejection" in result.definition and result.period == PERIOD.label()


def test_first_pass_resolution_rate(practice: Any) -> None:
    # adjudicated: C1 C3 C4 C7; C4 denied. C3's CO-45 (deductible-only) and C7's underpayment
    # are not denials -> 3 / 4
    result = kpis.first_pass_resolution_rate(practice.db, PERIOD)
    assert result.value == Decimal("75.0")
    assert set(result.claim_ids) == ids(practice, "C4")


def test_denial_rate_by_cause_skips_contractual_co45(practice: Any) -> None:
    # remitted in the period: C1 C3 C4 C7; real denials: C4 (CO-50) -> 1 / 4
    result = kpis.denial_rate(practice.db, PERIOD)
    assert result.value == Decimal("25.0")
    assert set(result.claim_ids) == ids(practice, "C4")
    assert result.detail == (("CO-50 -> coding", Decimal("300.00"), 1),)


def test_days_in_ar(practice: Any) -> None:
    # A/R at 03-31: C2 200 + C5 500 + C6 120 = 820; charges posted in the period:
    # 100+200+150+300+120+100 = 970; 820 * 90 / 970 = 76.08
    result = kpis.days_in_ar(practice.db, PERIOD)
    assert result.value == Decimal("76.1")
    assert set(result.claim_ids) == ids(practice, "C2", "C5", "C6")


def test_net_collection_rate(practice: Any) -> None:
    # payments 80 + 90 = 170; charges 970; contractual CO-45 20+20+10 = 50 -> 170/920
    result = kpis.net_collection_rate(practice.db, PERIOD)
    assert result.value == Decimal("18.5")
    assert set(result.claim_ids) == ids(practice, "C1", "C7")


def test_ar_over_90(practice: Any) -> None:
    # only C5 (DOS 2025-11-20) is older than 2025-12-31: 500 of 820 = 61.0 %
    result = kpis.ar_over_90(practice.db, PERIOD)
    assert result.value == Decimal("500.00")
    assert result.detail == (("share of A/R %", Decimal("61.0"), 1),)
    assert set(result.claim_ids) == ids(practice, "C5")


def test_visit_to_claim_lag(practice: Any) -> None:
    # lags 2, 4, 6, 10, 4 -> median 4; slower than the median: C3, C4
    result = kpis.visit_to_claim_lag(practice.db, PERIOD)
    assert result.value == Decimal("4")
    assert set(result.claim_ids) == ids(practice, "C3", "C4")


def test_days_to_pay_by_payer(practice: Any) -> None:
    # C1 20, C7 20 (Acme); C3 30, C4 20 (Blue) -> overall median 20; Acme 20, Blue 25
    result = kpis.days_to_pay_by_payer(practice.db, PERIOD)
    assert result.value == Decimal("20")
    assert result.detail == (("Acme Health Plan", Decimal("20"), 2),
                             ("Blue Plan", Decimal("25"), 2))
    learned = kpis.payer_turnaround(practice.db, date(2026, 3, 31))
    assert learned[practice.payers["blue"]] == (Decimal("25"), 2)


def test_underpaid_dollars(practice: Any) -> None:
    result = kpis.underpaid_dollars(practice.db, PERIOD)
    assert result.value == Decimal("5.00")
    assert set(result.claim_ids) == ids(practice, "C7")


def test_denials_prevented_by_the_scrubber(practice: Any) -> None:
    # C7 had an error in run 1 and went out clean; C6's error is not fixed (not submitted)
    result = kpis.denials_prevented(practice.db, PERIOD)
    assert result.value == Decimal("1")
    assert set(result.claim_ids) == ids(practice, "C7")


def test_every_tile_has_a_definition_and_a_drill_down_key(practice: Any) -> None:
    tiles = kpis.all_kpis(practice.db, PERIOD)
    assert len(tiles) == 10
    for tile in tiles:
        assert tile.definition and " = " in tile.definition
        assert kpis.kpi_by_key(practice.db, tile.key, PERIOD) == tile


def test_aging_by_payer_by_service_and_by_submission(practice: Any) -> None:
    rows = reports.aging(practice.db, "payer", "service", as_of=date(2026, 3, 31))
    assert [(r.name, r.buckets) for r in rows] == [("Acme Health Plan", (
        Decimal("120.00"), Decimal("0"), Decimal("200.00"), Decimal("0"), Decimal("500.00")))]
    # by submission C2 is 76 days old (still 61-90), C5 126 (>120), C6 unsent: by service
    sub = reports.aging(practice.db, "payer", "submission", as_of=date(2026, 3, 31))
    assert sub[0].buckets == rows[0].buckets and sub[0].total == Decimal("820.00")


def test_aging_by_patient(practice: Any) -> None:
    # C3's deductible 130 moved to Ann Jones on 03-09; DOS 02-01 -> 58 days
    rows = reports.aging(practice.db, "patient", "service", as_of=date(2026, 3, 31))
    assert [(r.name, r.buckets[1], r.total) for r in rows] == [
        ("Jones, Ann", Decimal("130.00"), Decimal("130.00"))]


def test_month_report_totals_and_ar_change(practice: Any, tmp_path: Any) -> None:
    report = reports.month_report(practice.db, "2026-03")
    # March: charges C6 120 + C7 100; payments C7 90; adjustments 20 + 300 + 10
    assert (report.totals.charges, report.totals.payments, report.totals.adjustments) == (
        Decimal("220.00"), Decimal("90.00"), Decimal("330.00"))
    # A/R at 02-28: C2 200 + C3 150 + C4 300 + C5 500 = 1150; at 03-31: 820 + patient 130
    assert (report.ar_start, report.ar_end) == (Decimal("1150.00"), Decimal("950.00"))
    assert report.ar_change == Decimal("-200.00")
    assert [p.label for p in report.by_payer] == ["Acme Health Plan", "Blue Plan"]
    out = tmp_path / "m.csv"
    assert reports.write_month_csv(report, out) > 3
    assert "ar,change,-200.00" in out.read_text()


def test_pure_formulas() -> None:
    assert k.percent(1, 3) == Decimal("33.3")
    assert k.percent(1, 0) is None
    assert k.median([3, 1, 2, 10]) == Decimal("2.5")
    assert [k.bucket_of(d) for d in (-2, 30, 31, 90, 91, 120, 121)] == [
        "0-30", "0-30", "31-60", "61-90", "91-120", "91-120", ">120"]
    assert k.days_in_ar(Decimal("100"), Decimal("0"), 30) is None
