"""Export builds and checks the 837P without the write lock: another process can save while
pyx12 runs, and a claim changed meanwhile stops the export with nothing recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.errors import StaleEdit
from app.services import batches, billing, claims, printing
from app.services.workspace import open_database
from app.store.database import Database


def test_another_process_can_write_while_pyx12_checks_the_batch(
        demo_db: Database, demo_db_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    other = open_database(demo_db_path)  # a second process on the same file
    saved: list[bool] = []

    def pyx12_meanwhile(text: str, source: str) -> list[object]:
        assert text.startswith("ISA*")
        printing.save_printer_offsets(other, 3, -2)  # would wait, then fail, under the lock
        saved.append(True)
        return []

    monkeypatch.setattr(batches, "validate_x12", pyx12_meanwhile)
    try:
        ready = batches.ready_claims(demo_db)
        result, _ = batches.export_837(demo_db, tmp_path / "b.837", ready)
    finally:
        other.dispose()
    assert saved and result.validated and result.file.exists()
    assert printing.printer_offsets(demo_db) == (3, -2)
    assert {claims.get_claim(demo_db, i)[0].status for i in ready} == {"submitted"}


def test_a_claim_changed_during_the_check_stops_the_export(
        demo_db: Database, demo_db_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    other = open_database(demo_db_path)
    ready = batches.ready_claims(demo_db)

    def pyx12_meanwhile(text: str, source: str) -> list[object]:
        billing.hold(other, ready[-1], "payer asked for records")  # the biller, elsewhere
        return []

    monkeypatch.setattr(batches, "validate_x12", pyx12_meanwhile)
    try:
        with pytest.raises(StaleEdit, match="not ready"):
            batches.export_837(demo_db, tmp_path / "b.837", ready)
    finally:
        other.dispose()
    assert batches.history(demo_db) == []
    assert list(tmp_path.glob("b.837*")) == []
    statuses = [claims.get_claim(demo_db, i)[0].status for i in ready]
    assert statuses == ["ready"] * (len(ready) - 1) + ["on_hold"]
    monkeypatch.undo()
    billing.release(demo_db, ready[-1])  # exporting again sends what is ready, once
    again, _ = batches.export_837(demo_db, tmp_path / "b.837", batches.ready_claims(demo_db),
                                  validate=False)
    assert again.isa13 == 1 and len(batches.history(demo_db)) == 1
