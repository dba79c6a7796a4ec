"""An 835 with two PLBs, a BOM and a trailing space posts, and the preview shows the warning."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from app.domain.errors import ImportRejected
from app.services import remittances
from app.store.database import Database
from tests.conftest import DEMO_TODAY

FIXTURE = Path("/work/shared/standards/fixtures/835_reversal_correction_plb.txt")
PLB = "PLB*1234567893*20251231*WO:ACME2024110100321*20*L6*-1.5~"


def test_two_plbs_bom_and_a_warning_reach_the_preview(demo_db: Database,
                                                      tmp_path: Path) -> None:
    text = FIXTURE.read_text().replace(PLB, "PLB*1234567893*20251231*WO:X1*20~\n"
                                            "PLB*1234567893*20251231*L6*-1.5~").replace(
        "SE*39", "SE*40").replace("REF*2U*12345~", "REF*2U*12345 ~")
    era = tmp_path / "era.835"
    era.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("ascii"))
    summary, _ = remittances.import_835(demo_db, era, dry_run=True, today=DEMO_TODAY)
    assert summary.payments == 1
    assert summary.provider_adjustments == Decimal("18.50")
    (warning,) = summary.warnings
    assert warning.startswith("era.835: segment 10 (REF), REF02: ")


def test_a_4010_remittance_is_refused(demo_db: Database, tmp_path: Path) -> None:
    era = tmp_path / "old.835"
    era.write_text(FIXTURE.read_text().replace("005010X221A1", "004010X091A1"))
    with pytest.raises(ImportRejected) as info:
        remittances.import_835(demo_db, era, today=DEMO_TODAY)
    assert "004010X091A1" in str(info.value.problems[0])
