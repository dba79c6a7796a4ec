"""Situational 837P loops: each is written only when its TR3 rule applies.

Every golden file under ``tests/x12/golden/`` is what ``write_837`` writes for one claim; each
passes ClaimDesk's checks and pyx12. Regenerate with ``CLAIMDESK_UPDATE_GOLDEN=1`` and review
the diff before committing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from app.domain.submission import AttachmentData, ClaimData
from app.x12.checks_837 import check_claims
from app.x12.validate import validate_x12
from app.x12.writer_837 import write_837
from tests.x12 import claims as c

TODAY = date(2026, 11, 23)
GOLDEN: dict[str, tuple[Callable[[], ClaimData], int]] = {
    "837p_primary_other_coverage.txt": (c.primary_with_other_coverage, 501),
    "837p_lab_clia_ordering_line_rendering.txt": (c.lab_claim, 502),
    "837p_supervised_np.txt": (c.supervised_claim, 503),
    "837p_late_pwk_lmp_date_range.txt": (c.late_claim, 504),
    "837p_medicaid_epsdt.txt": (c.epsdt_claim, 505),
    "837p_secondary_moa_remarks.txt": (c.secondary_with_remarks, 506),
    "837p_anesthesia_minutes.txt": (c.anesthesia_claim, 507),
}


def segments(text: str) -> list[str]:
    return [s.strip() for s in text.split("~") if s.strip()]


def _write(claim: ClaimData, isa13: int = 201) -> list[str]:
    return segments(write_837([claim], c.envelope(isa13)))


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_file_is_written_checked_and_valid(name: str) -> None:
    build, isa13 = GOLDEN[name]
    claim = build()
    text = write_837([claim], c.envelope(isa13))
    if os.environ.get("CLAIMDESK_UPDATE_GOLDEN"):
        (c.GOLDEN / name).write_text(text, encoding="ascii")
    assert text == c.golden_text(name)
    assert check_claims([claim], today=TODAY) == []
    assert validate_x12(c.golden_text(name), name) == []


# -- 1. other coverage on the primary claim --
def test_primary_claim_names_the_secondary_payer_without_amounts() -> None:
    segs = _write(c.primary_with_other_coverage())
    i = segs.index("SBR*S*18*BMG77******CI")
    assert segs[i + 1:i + 6] == ["OI***Y*P**Y", "NM1*IL*1*DOE*JOHN****MI*BMI987654321",
                                 "N3*42 OAK AVE", "N4*SPRINGFIELD*IL*62704",
                                 "NM1*PR*2*BEACON MUTUAL INSURANCE*****PI*67890"]
    assert not any(s.startswith(("AMT*D", "AMT*EAF", "DTP*573")) for s in segs)


def test_no_other_coverage_no_2320() -> None:
    assert sum(s.startswith("SBR*") for s in _write(c.minimal_claim())) == 1


# -- 2. CLIA --
def test_clia_number_only_with_a_clia_covered_test() -> None:
    assert "REF*X4*14D0987654" in _write(c.lab_claim())
    office_only = c.lab_claim(lines=c.lab_claim().lines[:1])
    assert not any(s.startswith("REF*X4") for s in _write(office_only))


def test_lab_claim_without_clia_number_is_stopped() -> None:
    problems = check_claims([c.lab_claim(clia_number="")], today=TODAY)
    assert [p.field for p in problems] == ["2300/REF02"]
    assert "CLIA" in problems[0].message
    bad = check_claims([c.lab_claim(clia_number="14-0987654")], today=TODAY)
    assert "12D3456789" in bad[0].message


# -- 3. providers --
def test_line_rendering_and_ordering_providers() -> None:
    segs = _write(c.lab_claim())
    line = {n: segs[segs.index(f"LX*{n}"):] for n in (1, 2, 3, 4)}
    # line 1: same provider as the claim, nothing at line level
    assert not any(s.startswith("NM1") for s in line[1][:line[1].index("LX*2")])
    # line 2: ordered by Dr Patel, rendered by the claim's provider
    assert line[2][4] == "NM1*DK*1*PATEL*ANIL****XX*1555555550"
    # line 3: Dr Lee rendered it (2420A with PRV) and Dr Patel ordered it (2420E after it)
    assert line[3][4:7] == ["NM1*82*1*LEE*DANIEL****XX*1497758544", "PRV*PE*PXC*207R00000X",
                            "NM1*DK*1*PATEL*ANIL****XX*1555555550"]


def test_ordering_provider_who_rendered_the_line_is_not_repeated() -> None:
    claim = c.lab_claim()
    lines = (claim.lines[1].model_copy(update={"ordering": c.JONES}),)
    assert not any(s.startswith("NM1*DK") for s in _write(claim.model_copy(
        update={"lines": lines})))


def test_supervising_provider_for_np_only_when_someone_else() -> None:
    segs = _write(c.supervised_claim())
    assert segs[segs.index("NM1*82*1*NGUYEN*LINH****XX*1326054784") + 2] == \
        "NM1*DQ*1*JONES*SARAH****XX*1987654328"
    self_supervised = c.supervised_claim(supervising=c.NGUYEN_NP)
    assert not any(s.startswith("NM1*DQ") for s in _write(self_supervised))


# -- 4. claim details --
def test_late_claim_segments() -> None:
    segs = _write(c.late_claim())
    assert "CLM*PCN0104*210***11:B:1*Y*A*Y*Y" + "*" * 11 + "7" in segs
    assert "DTP*484*D8*20241015" in segs
    assert segs.index("DTP*484*D8*20241015") < segs.index("PWK*OZ*FX***AC*ATT0104A")
    assert "PWK*B3*AA" in segs
    assert "DTP*472*RD8*20250110-20250112" in segs


def test_attachment_sent_by_fax_needs_its_control_number() -> None:
    claim = c.late_claim(attachments=(AttachmentData(report_type="OZ", transmission="FX"),))
    assert [p.field for p in check_claims([claim], today=TODAY)] == ["2300/PWK[1]/PWK06"]


def test_epsdt_only_to_medicaid() -> None:
    segs = _write(c.epsdt_claim())
    assert segs.index("CRC*ZZ*Y*ST") == segs.index("HI*ABK:Z00121") - 1
    assert "SV1*HC:99393*160*UN*1***1****Y" in segs
    no_referral = _write(c.epsdt_claim(epsdt_referral="NU"))
    assert "CRC*ZZ*N*NU" in no_referral
    commercial = c.epsdt_claim(payer=c.ACME)
    assert not any(s.startswith("CRC") for s in _write(commercial))
    assert [p.field for p in check_claims([commercial], today=TODAY)] == ["2300/CRC"]


def test_secondary_claim_carries_primary_remarks() -> None:
    segs = _write(c.secondary_with_remarks())
    assert segs[segs.index("OI***Y*P**Y") + 1] == "MOA***MA01*N130"
    assert not any(s.startswith("MOA") for s in _write(c.secondary_claim()))


def test_anesthesia_minutes() -> None:
    assert "SV1*HC:00790:AA*1200*MJ*95***1" in _write(c.anesthesia_claim())
    half = c.anesthesia_claim(lines=(c.anesthesia_claim().lines[0].model_copy(
        update={"units": Decimal("95.5")}),))
    assert [p.field for p in check_claims([half], today=TODAY)] == ["2400[1]/SV104"]
