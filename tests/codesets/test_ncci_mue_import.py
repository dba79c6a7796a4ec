import datetime as dt
import shutil

import pytest

from app.codesets import edits, index_db, mue_import, ncci_import
from app.domain.errors import Cancelled, ImportRejected
from app.domain.progress import CancelToken

PTP = "medicare-ncci-2026q3-practitioner-ptp-edits-ccipra-v322r0-f1.txt"
MUE = "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv"
PREAMBLE = "notice\r\ntitle\r\nColumn 1\tColumn 2\t*\tEffective\tDeletion\tModifier\r\n\r\n\r\n\r\n"


def ptp_rows(db):
    conn = index_db.connect_imports(db)
    try:
        return conn.execute("SELECT count(*) FROM ptp").fetchone()[0]
    finally:
        conn.close()


def test_ptp_sample_and_rules(codesets_db, reader, samples):
    [result] = ncci_import.import_ncci_ptp(codesets_db, [samples / PTP])
    assert (result.version, result.rows) == ("2026Q3 v32.2r0", 8)
    conn, _ = reader
    day = dt.date(2026, 7, 15)
    edit = edits.ptp_edit(conn, "G0439", "G0438", day)
    assert (edit.column1, edit.column2, edit.modifier_indicator) == ("G0438", "G0439", 0)
    assert not edit.modifier_allowed and edit.version == "NCCI PTP 2026Q3 v32.2r0"
    assert edits.ptp_edit(conn, "J1100", "J3301", dt.date(2023, 12, 31)).deletion == dt.date(
        2023, 12, 31)
    assert edits.ptp_edit(conn, "J1100", "J3301", dt.date(2024, 1, 1)) is None
    live = edits.ptp_edit(conn, "J1885", "J1100", dt.date(2024, 1, 1))
    assert live.modifier_indicator == 1 and live.deletion is None
    assert edits.ptp_edit(conn, "99213", "G2211", dt.date(2025, 12, 31)) is None
    assert edits.ptp_edit(conn, "99213", "G0438", day) is None


def test_ptp_reimport_is_noop(codesets_db, samples):
    ncci_import.import_ncci_ptp(codesets_db, [samples / PTP])
    [again] = ncci_import.import_ncci_ptp(codesets_db, [samples / PTP])
    assert again.already_imported and ptp_rows(codesets_db) == 8


def test_ptp_bad_rows_write_nothing(codesets_db, samples, tmp_path):
    bad = tmp_path / PTP.replace("f1", "f2")
    bad.write_text(PREAMBLE + "G0438\tG0439\t\t20110101\t*\t0\tok\r\n"
                   "G0438\tG04\t\t20110101\t*\t0\tshort code\r\n"
                   "G0438\tG0444\t\t2011-01-01\t*\t1\tbad date\r\n"
                   "G0438\tG0445\t\t20110101\tnever\t2\tbad deletion and indicator\r\n"
                   "G0438\tG0446\n", encoding="latin-1")
    with pytest.raises(ImportRejected) as caught:
        ncci_import.import_ncci_ptp(codesets_db, [samples / PTP, bad])
    got = {(p.line, p.field) for p in caught.value.problems}
    assert got == {(8, "Column 2"), (9, "Effective Date"), (10, "Deletion Date"),
                   (10, "Modifier Indicator"), (11, "")}
    assert ptp_rows(codesets_db) == 0


def test_new_version_of_quarter_replaces_rows(codesets_db, samples, tmp_path):
    ncci_import.import_ncci_ptp(codesets_db, [samples / PTP])
    newer = tmp_path / PTP.replace("v322r0", "v322r1")
    newer.write_text(PREAMBLE + "G0438\tG0439\t\t20110101\t*\t1\trevised\r\n", encoding="latin-1")
    [result] = ncci_import.import_ncci_ptp(codesets_db, [newer])
    assert (result.rows, result.replaced, result.version) == (1, 8, "2026Q3 v32.2r1")
    assert ptp_rows(codesets_db) == 1
    conn = index_db.connect_imports(codesets_db)
    versions = [r[0] for r in conn.execute("SELECT version FROM imports")]
    conn.close()
    assert versions == ["2026Q3 v32.2r1 part 1"]


def test_ptp_file_name_or_version_needed(codesets_db, samples, tmp_path):
    plain = tmp_path / "ptp.txt"
    shutil.copy(samples / PTP, plain)
    with pytest.raises(ImportRejected):
        ncci_import.import_ncci_ptp(codesets_db, [plain])
    [result] = ncci_import.import_ncci_ptp(codesets_db, [plain], version="2026Q2 v321r0".replace(
        "v321r0", "v32.1r0"))
    assert result.version == "2026Q2 v32.1r0"


def test_ptp_cancel_writes_nothing(codesets_db, samples):
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        ncci_import.import_ncci_ptp(codesets_db, [samples / PTP], cancel=token)
    assert ptp_rows(codesets_db) == 0


def test_mue_sample(codesets_db, reader, samples):
    result = mue_import.import_mue(codesets_db, samples / MUE)
    assert (result.version, result.rows) == ("2026-07-01", 6)
    conn, _ = reader
    limit = edits.mue_limit(conn, "J1100", dt.date(2026, 7, 2))
    assert (limit.max_units, limit.adjudication, limit.rationale) == (40, 3, "Clinical: Data")
    assert edits.mue_limit(conn, "20610", dt.date(2026, 8, 1)).adjudication == 1
    assert edits.mue_limit(conn, "J1100", dt.date(2026, 6, 30)) is None
    assert mue_import.import_mue(codesets_db, samples / MUE).already_imported


def test_mue_bad_rows(codesets_db, tmp_path):
    bad = tmp_path / MUE
    bad.write_text('"notice\nline two",,,\n"HCPCS/\nCPT Code",MUE,MAI,Rationale\n'
                   "J1100,40,3 Date of Service Edit: Clinical,Clinical\n"
                   "J1885,four,3 Date of Service Edit: Clinical,Clinical\n"
                   "J1030,2,Line Edit,Clinical\nJ1100,1,1 Line Edit,dup\n", encoding="latin-1")
    with pytest.raises(ImportRejected) as caught:
        mue_import.import_mue(codesets_db, bad)
    got = {(p.line, p.field) for p in caught.value.problems}
    assert got == {(6, "MUE Value"), (7, "MUE Adjudication Indicator"), (8, "HCPCS/CPT Code")}
    conn = index_db.connect_imports(codesets_db)
    assert conn.execute("SELECT count(*) FROM mue").fetchone()[0] == 0
    conn.close()
