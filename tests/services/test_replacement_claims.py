"""A replacement claim (frequency 7) is scrubbed when built and says 7 everywhere.

Header (editor), 837 CLM05-3 and CMS-1500 box 22 agree; secondary claims built while posting
are scrubbed too.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from app.domain.claims import ClaimStatus
from app.services import batches, billing, claim_data, claims, denials, printing
from app.store.database import Database
from app.ui.presenters import billing_editor as pe
from tests.printing.pdftext import page_runs
from tests.printing.test_cms1500 import by_id
from tests.services.test_sent_claims import denied  # noqa: F401 - fixture


def test_replacement_is_scrubbed_and_header_837_and_box_22_say_7(
        demo_db: Database, denied: dict[str, Any], tmp_path: Path) -> None:  # noqa: F811
    number, _ = denials.resubmit_corrected(demo_db, denied["denial"])
    new_id = next(c.id for c in claims.list_claims(demo_db) if c.control_number == number)
    claim = claims.get_claim(demo_db, new_id)[0]
    found = billing.findings(demo_db, new_id)
    assert claim.status == ClaimStatus.READY or (claim.status == ClaimStatus.DRAFT and found)
    assert found  # scrubbed when built: its findings are saved (before: none, never scrubbed)

    state = pe.action_state(claim.status, claim.submitted_on, claim.frequency_code)
    assert state.frequency_codes[0] != "7" and "7" in state.frequency_codes  # combo shows 7
    box_22 = next(f for f in pe.physician_fields(claim_data.claim_data(demo_db, new_id))
                  if f.box == "22")
    assert box_22.value.startswith("7 - Replacement") and "ICN000000777" in box_22.value

    claims.change_status(demo_db, new_id, ClaimStatus.READY, claim.version, "corrected")
    result, _ = batches.export_837(demo_db, tmp_path / "fix.txt", [new_id], validate=False,
                                   now=datetime(2026, 12, 2, 9, 0))
    [clm] = [x for x in result.file.read_text().replace("\n", "").split("~")
             if x.startswith("CLM*")]
    assert clm.split("*")[5].endswith(":B:7")
    pdf = tmp_path / "fix.pdf"
    printing.print_claims(demo_db, [new_id], pdf, data_only=True)
    runs = page_runs(pdf.read_bytes())[0]
    assert by_id(runs, "22_code") == "7" and by_id(runs, "22_ref") == "ICN000000777"


def test_secondary_claims_built_while_posting_are_scrubbed(
        demo_db: Database, codesets: Path, tmp_path: Path) -> None:
    from app.demo.era import write_835
    from app.services import remittances
    from tests.conftest import DEMO_TODAY

    ready = batches.ready_claims(demo_db)
    batches.export_837(demo_db, tmp_path, ready, validate=False,
                       now=datetime(2026, 11, 23, 10, 30))
    era = tmp_path / "era.835"
    era.write_text(write_835(claim_data.claim_data_many(demo_db, ready)))
    summary, _ = remittances.import_835(demo_db, era, today=DEMO_TODAY)
    assert summary.secondary_claim_ids
    for claim_id in summary.secondary_claim_ids:
        claim = claims.get_claim(demo_db, claim_id)[0]
        found = billing.findings(demo_db, claim_id)
        assert claim.status == ClaimStatus.READY or (
            claim.status == ClaimStatus.DRAFT and found), claim.control_number
