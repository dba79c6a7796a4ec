"""The demo ships sample CSV, HL7 and FHIR exports beside its database; each imports cleanly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.services import demo_samples, intake


def test_demo_command_writes_the_samples_and_says_where(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "p.sqlite3"
    assert main(["demo", "--db", str(db), "--patients", "20", "--encounters", "20"]) == 0
    out = capsys.readouterr().out
    folder = tmp_path / "samples"
    assert f"in {folder}" in out
    assert sorted(p.name for p in folder.iterdir()) == [
        "ehr_bundle.json", "ehr_messages.hl7", "ehr_visits.csv"]
    assert main(["demo", "--db", str(db), "--patients", "20", "--encounters", "20",
                 "--force", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["samples"]) == 3


def test_each_sample_imports_cleanly_into_the_demo(demo_db: Any) -> None:
    paths = demo_samples.write_samples(demo_db)
    assert all(p.parent == Path(demo_db.path).parent / "samples" for p in paths)
    for path in paths:
        doc = intake.read_source(path)
        plan = intake.preview(demo_db, doc)
        assert plan.ok and not plan.problems, (path.name, plan.problems)
        assert plan.counts()["new_visits"] == 8 and plan.counts()["new_patients"] == 8
        result, _ = intake.commit(demo_db, doc)
        assert len(result.encounter_ids) == 8
