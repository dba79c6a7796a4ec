import json
import os

import pytest

from app.cli.main import main
from app.codesets import icd10_build, index_db
from app.paths import RESOURCES

SAMPLES = RESOURCES / "codesets" / "samples"


@pytest.fixture(scope="module")
def icd_index(tmp_path_factory):
    target = tmp_path_factory.getbasetemp() / "icd-shared" / "codesets-icd10cm.sqlite3"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        icd10_build.build_icd_index(target)
    return target


@pytest.fixture
def run(tmp_path, icd_index):
    db = tmp_path / "codesets.sqlite3"
    os.symlink(icd_index, index_db.icd_index_path(db))
    def invoke(*argv):
        return main(["codes", "--codesets", str(db), *argv])
    return invoke


def test_search_json(run, capsys):
    assert run("search", "e1165", "--json") == 0
    assert json.loads(capsys.readouterr().out)[0]["code"] == "E11.65"


def test_import_twice_and_bad_file(run, capsys, tmp_path):
    sample = str(SAMPLES / "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv")
    assert run("import-mue", sample) == 0
    assert run("import-mue", sample) == 0
    assert "already imported" in capsys.readouterr().out
    bad = tmp_path / "x.csv"
    bad.write_text("nothing\n")
    assert run("import-mue", str(bad)) == 1
    assert capsys.readouterr().err.startswith("claimdesk: x.csv, file name")


def test_show_and_status(run, capsys):
    assert run("show", "T36.0X1A") == 0
    out = capsys.readouterr().out
    assert "7th character (from T36)" in out and "A  initial encounter" in out
    assert run("show", "QQQQQ") == 1
    assert run("status", "--json") == 0
    assert json.loads(capsys.readouterr().out)["icd_valid_from"] == "2026-04-01"


def test_usage_error(run):
    with pytest.raises(SystemExit) as caught:
        run("search")
    assert caught.value.code == 2
