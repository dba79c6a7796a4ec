"""The ERA view's held list: a preview shows what would be held; Dismiss and Post knowingly."""
# ruff: noqa: F811  (the shared ``practice`` fixture is imported, then named by the test)

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.services import claims, remit_screen, remittances
from app.store.database import Database
from app.ui import dialogs
from app.ui.changes import ChangeBus
from app.ui.remits.era_view import EraImportView
from tests.services.test_remit_checks import PAID_AND_PARTIAL
from tests.services.test_remittances import FIXTURES, practice  # noqa: F401


def test_preview_then_dismiss_and_post_knowingly(
        db: Database, practice: dict, qtbot: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, error_reports: list[Any]) -> None:
    remittances.import_835(db, FIXTURES / "835_paid_and_partial.txt")
    resent = tmp_path / "resent.835"
    resent.write_text(PAID_AND_PARTIAL.replace("EFT20250201001", "EFT4242"))
    view = EraImportView(db, ChangeBus())
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    held = view.held
    assert held.model.rowCount() == 0 and held.detail.text() == "Nothing held."
    view.load(resent)
    qtbot.waitUntil(lambda: view.preview is not None, timeout=20_000)
    assert held.model.rowCount() == 2 and held.preview
    assert "possible duplicate payment" in held.detail.text()
    assert "EFT20250201001" in held.detail.text()  # the earlier remittance is shown
    assert not held.dismiss_button.isEnabled() and not held.post_button.isEnabled()
    assert view.figures.values["Held, not posted"].startswith("2 (2 possible")
    view.post_button.click()
    qtbot.waitUntil(lambda: view.report is not None, timeout=20_000)
    assert held.model.rowCount() == 2 and not held.preview
    assert held.dismiss_button.isEnabled() and held.post_button.isEnabled()
    first = held.current_item()
    assert first is not None and first.control_number == "PCN0001"
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kw: True)
    held.post_button.click()
    qtbot.waitUntil(lambda: held.model.rowCount() == 1, timeout=10_000)
    [credit] = remit_screen.credit_balances(db)
    assert credit.claim_id == practice["PCN0001"].id and credit.amount == Decimal("82.40")
    assert claims.get_claim(db, practice["PCN0001"].id)[1].balance == Decimal("-82.40")
    held.dismiss_button.click()
    qtbot.waitUntil(lambda: held.model.rowCount() == 0, timeout=10_000)
    assert held.detail.text() == "Nothing held."
    assert claims.get_claim(db, practice["PCN0004"].id)[1].paid == Decimal("100.00")
    assert error_reports == []
