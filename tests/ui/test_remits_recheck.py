"""The held list's Re-check: a claim held because it was never sent posts once it is sent."""
# ruff: noqa: F811  (the shared ``practice`` fixture is imported, then named by the test)

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from app.domain.claims import ClaimStatus
from app.services import claims, remittances
from app.store.database import Database
from app.ui.changes import ChangeBus
from app.ui.remits.era_view import EraImportView
from tests import builders
from tests.services.test_remit_checks import clp, era
from tests.services.test_remittances import practice  # noqa: F401


def test_recheck_posts_a_hold_whose_cause_was_fixed(
        db: Database, practice: dict, qtbot: Any, tmp_path: Path,
        error_reports: list[Any]) -> None:
    patient, policy = practice["patients"]["P7"]
    made = builders.add_claim(db, "PCN0050", [("99212", "75")], patient_id=patient.id,
                              policy_id=policy.id, payer_id=practice["payer"].id,
                              provider_id=1, status="draft")
    remittances.import_835(db, era(tmp_path, "draft.835", clp(
        "PCN0050", "75", "60", "X50", [("99212", "75", "60", "PCN0050-1")])),
        validate_structure=False)
    view = EraImportView(db, ChangeBus())
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    held = view.held
    assert held.model.rowCount() == 1 and "2100/CLP01" in held.detail.text()
    view.grab().save(str(Path("/tmp/ormout_recheck.png")))
    assert held.recheck_button.isEnabled() and not held.post_button.isEnabled()
    held.recheck_button.click()  # nothing fixed yet: still held, with the reason
    qtbot.waitUntil(lambda: bool(error_reports), timeout=10_000)
    assert held.model.rowCount() == 1
    error_reports.clear()
    for target in (ClaimStatus.READY, ClaimStatus.SUBMITTED):
        claims.change_status(db, made.id, target, 0)
    held.recheck_button.click()
    qtbot.waitUntil(lambda: held.model.rowCount() == 0, timeout=10_000)
    assert claims.get_claim(db, made.id)[1].paid == Decimal("60.00")
    assert error_reports == []
