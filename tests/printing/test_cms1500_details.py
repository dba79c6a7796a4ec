"""CMS-1500 boxes for the situational claim details (other coverage, CLIA, providers...)."""

from __future__ import annotations

from tests.printing.pdftext import page_runs
from tests.printing.test_cms1500 import by_id, checked, date_text, line_text, render
from tests.x12 import claims as c


def test_other_coverage_fills_9_9a_9d_11d() -> None:
    runs = page_runs(render([c.primary_with_other_coverage()]))[0]
    assert by_id(runs, "9") == "DOE, JOHN"
    assert by_id(runs, "9a") == "BMI987654321"
    assert by_id(runs, "9d") == "BEACON MUTUAL INSURANCE"
    assert checked(runs, "11d") == ["Y"]
    alone = page_runs(render([c.minimal_claim()]))[0]
    assert checked(alone, "11d") == ["N"] and by_id(alone, "9") == ""


def test_lab_claim_prints_clia_in_23_and_ordering_provider_in_17() -> None:
    runs = page_runs(render([c.lab_claim()]))[0]
    assert by_id(runs, "23") == "14D0987654"
    assert by_id(runs, "17_qual") == "DK"
    assert by_id(runs, "17") == "ANIL PATEL"
    assert by_id(runs, "17b") == c.REFERRING_NPI
    assert line_text(runs, "24J", 2) == "1497758544"  # Dr Lee rendered line 3
    assert line_text(runs, "24J", 0) == c.RENDERING_NPI


def test_prior_auth_wins_box_23_and_referring_wins_box_17() -> None:
    claim = c.lab_claim(prior_auth_number="PA123", referring=c.LEE)
    runs = page_runs(render([claim]))[0]
    assert by_id(runs, "23") == "PA123"
    assert (by_id(runs, "17_qual"), by_id(runs, "17")) == ("DN", "DANIEL LEE")


def test_supervisor_in_17_with_dq() -> None:
    runs = page_runs(render([c.supervised_claim()]))[0]
    assert (by_id(runs, "17_qual"), by_id(runs, "17")) == ("DQ", "SARAH JONES")


def test_lmp_in_14_attachments_in_19_and_date_range_in_24a() -> None:
    runs = page_runs(render([c.late_claim()]))[0]
    assert by_id(runs, "14_qual") == "484"
    assert date_text(runs, "14") == "10 15 24"
    assert by_id(runs, "19") == "PWKOZFXATT0104A PWKB3AA"
    assert date_text(runs, "24A_to", 1) == "01 12 25"


def test_epsdt_referral_code_in_shaded_24h() -> None:
    runs = page_runs(render([c.epsdt_claim()]))[0]
    assert [line_text(runs, "24H_epsdt", i) for i in (0, 1)] == ["ST", "ST"]
    commercial = page_runs(render([c.epsdt_claim(payer=c.ACME)]))[0]
    assert line_text(commercial, "24H_epsdt", 0) == ""


def test_anesthesia_minutes_in_24g() -> None:
    runs = page_runs(render([c.anesthesia_claim()]))[0]
    assert line_text(runs, "24G", 0) == "95"
