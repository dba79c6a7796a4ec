import datetime as dt
import os
from pathlib import Path

import pytest

from app.codesets import icd10_build, index_db
from app.domain.errors import ImportRejected
from app.paths import RESOURCES
from app.services import codes

SAMPLES = RESOURCES / "codesets" / "samples"


@pytest.fixture(scope="module")
def icd_index(tmp_path_factory):
    target = tmp_path_factory.getbasetemp() / "icd-shared" / "codesets-icd10cm.sqlite3"
    if not target.exists():  # shared with tests/codesets when run in one session
        target.parent.mkdir(parents=True, exist_ok=True)
        icd10_build.build_icd_index(target)
    return target


@pytest.fixture
def db(tmp_path, icd_index) -> Path:
    path = tmp_path / "codesets.sqlite3"
    os.symlink(icd_index, index_db.icd_index_path(path))
    return path


def test_search_show_validity(db):
    assert codes.search("E1165", db=db)[0].code == "E11.65"
    assert codes.search("heart attack", db=db)[0].code == "I21.9"
    detail = codes.show("s72.001a", db=db)
    assert detail.billable and detail.seventh_from == "S72"
    assert codes.show("NOPE1", db=db) is None
    assert codes.is_valid_on("E11.65", dt.date(2026, 6, 1), db=db).ok
    assert not codes.ensure_icd_index(db=db)
    assert codes.icd_index_ready(db=db)


def test_imports_and_status(db):
    [ptp] = codes.import_ncci_ptp(
        [SAMPLES / "medicare-ncci-2026q3-practitioner-ptp-edits-ccipra-v322r0-f1.txt"], db=db)
    hcpcs = codes.import_hcpcs(SAMPLES / "HCPC2026_JAN_ANWEB_sample.txt", db=db)
    mue = codes.import_mue(SAMPLES / "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", db=db)
    assert (ptp.rows, hcpcs.rows, mue.rows) == (8, 14, 6)
    info = codes.status(db=db)
    assert info.icd_ready and info.icd_valid_to == dt.date(2026, 9, 30)
    assert info.icd_billable > 74_000
    assert (info.hcpcs_codes, info.hcpcs_source) == (11, "HCPCS 2026 JAN")
    assert info.ptp_versions == ("2026Q3 v32.2r0",) and info.mue_versions == ("2026-07-01",)
    assert [r.kind for r in info.imports] == ["mue", "hcpcs", "ncci_ptp"]
    assert codes.ptp_edit("G0438", "G0439", dt.date(2026, 7, 1), db=db).modifier_indicator == 0
    assert codes.mue_limit("G0438", dt.date(2026, 7, 1), db=db).max_units == 1
    assert codes.search("G9999", db=db)[0].code == "G9999"


def test_rejected_import_changes_nothing(db, tmp_path):
    bad = tmp_path / "MCR_MUE_PractitionerServices_Eff_01-01-2026.csv"
    bad.write_text("J1100,x,9,\n", encoding="latin-1")
    with pytest.raises(ImportRejected):
        codes.import_mue(bad, db=db)
    assert codes.status(db=db).mue_rows == 0 and codes.status(db=db).imports == ()


def test_search_without_icd_index(tmp_path):
    db = tmp_path / "empty.sqlite3"
    assert not codes.status(db=db).icd_ready
    assert codes.search("E11.65", db=db) == []
    assert codes.search("G0438", db=db)[0].system == "hcpcs"


def test_reference_lists():
    assert len(codes.list_places_of_service()) == 52
    assert any(m.code == "XS" and m.ncci_bypass for m in codes.list_modifiers())
