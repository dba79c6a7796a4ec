"""Names from data never choose a folder."""

from __future__ import annotations

import copy
import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.domain.errors import UserError
from app.domain.file_names import pattern_problem, safe_file_name
from app.services import batches
from tests.cli.test_import_json_fuzz import document, document_file  # noqa: F401 - fixtures

BAD = ["../x_{isa13}.837", "/tmp/x_{isa13}.837", "sub/x_{isa13}.837", "x\\{isa13}.837",
       "x\x00{isa13}.837", "{isa13.__class__}.837", "{0}.837", "{isa13!r}.837", "C:x.837",
       "x_{isa13:>99}.837", "..", "{date", ".hidden_{isa13}"]


@pytest.mark.parametrize("pattern", BAD)
def test_patterns_that_leave_the_folder_are_refused(pattern: str) -> None:
    assert pattern_problem(pattern)
    with pytest.raises(ValueError):
        safe_file_name(pattern.replace("{isa13}", "000000001"))


def test_the_default_and_ordinary_patterns_are_kept() -> None:
    for pattern in ("CD837_{date}_{isa13}.txt", "claims-{isa13}.837", "Batch {date}.x12"):
        assert pattern_problem(pattern) is None


def test_a_stored_bad_pattern_is_refused_where_it_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Clearinghouse"):
        batches._target(tmp_path, "../x_{isa13}.837", 1, datetime(2026, 1, 1))
    assert batches._target(tmp_path, "b_{isa13}.837", 7, datetime(2026, 1, 1)) == (
        tmp_path / "b_000000007.837")


@pytest.mark.parametrize("pattern", ["../x_{isa13}.837", "/abs/x_{isa13}.837"])
def test_import_json_refuses_a_pattern_that_leaves_the_folder(
        pattern: str, document: dict[str, Any], tmp_path: Path,  # noqa: F811
        _empty_template: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = copy.deepcopy(document)
    doc["clearinghouse"]["file_pattern"] = pattern
    source = tmp_path / "doc.json"
    source.write_text(json.dumps(doc))
    db = tmp_path / "db.sqlite3"
    shutil.copyfile(_empty_template, db)
    assert main(["import-json", str(source), "--db", str(db)]) == 1
    assert "$.clearinghouse.file_pattern" in capsys.readouterr().err
