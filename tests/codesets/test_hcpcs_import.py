import datetime as dt
import shutil

import pytest

from app.codesets import hcpcs_import, index_db, lookup, search
from app.domain.errors import ImportRejected


def anweb(code, seq, rid, long="", short="", added="", term="", action="N", coverage="C"):
    line = [" "] * 320

    def put(pos, text):
        line[pos - 1:pos - 1 + len(text)] = list(text)

    put(1, code.ljust(5))
    put(6, f"{seq:05d}")
    put(11, rid)
    put(12, long[:80].ljust(80))
    if rid in "37":
        put(92, short[:28].ljust(28))
        put(230, coverage)
        put(269, added.ljust(8))
        put(285, term.ljust(8))
        put(293, action)
    return "".join(line).rstrip()


def counts(db):
    conn = index_db.connect_imports(db)
    try:
        return (conn.execute("SELECT count(*) FROM hcpcs").fetchone()[0],
                conn.execute("SELECT count(*) FROM imports").fetchone()[0])
    finally:
        conn.close()


def test_starter_list_before_any_import(codesets_db, reader):
    conn, has_icd = reader
    detail = lookup.detail(conn, has_icd, "G0439", "hcpcs")
    assert detail is not None and detail.extra["release"] == "starter"
    assert search.search(conn, has_icd, "G0438")[0].system == "hcpcs"


def test_import_sample(codesets_db, reader, samples):
    path = samples / "HCPC2026_JAN_ANWEB_sample.txt"
    result = hcpcs_import.import_hcpcs(codesets_db, path)
    assert (result.version, result.rows, result.already_imported) == ("HCPCS 2026 JAN", 14, False)
    conn, has_icd = reader
    g2211 = lookup.detail(conn, has_icd, "G2211")
    assert g2211.description.endswith("single, serious condition or a complex condition")
    assert g2211.short_description == "Complex e/m visit add on"
    assert g2211.valid_from == dt.date(2021, 1, 1)
    modifier = lookup.detail(conn, has_icd, "25", "hcpcs")
    assert modifier.kind == "modifier"
    assert "same physician on the same day" in modifier.description
    assert lookup.detail(conn, has_icd, "J7030", "hcpcs") is None  # starter list replaced
    again = hcpcs_import.import_hcpcs(codesets_db, path)
    assert again.already_imported and again.rows == 0
    assert counts(codesets_db) == (14, 1)


def test_termination_date_checked_against_date_of_service(codesets_db, reader, samples):
    hcpcs_import.import_hcpcs(codesets_db, samples / "HCPC2026_JAN_ANWEB_sample.txt")
    conn, has_icd = reader
    assert lookup.is_valid_on(conn, has_icd, "G9999", dt.date(2025, 12, 31)).ok
    verdict = lookup.is_valid_on(conn, has_icd, "G9999", dt.date(2026, 1, 2))
    assert not verdict.ok and "discontinued" in verdict.message
    assert not lookup.is_valid_on(conn, has_icd, "G0438", dt.date(2010, 12, 31)).ok
    hits = search.search(conn, has_icd, "G9999", today=dt.date(2026, 2, 1))
    assert not hits[0].billable


def test_malformed_file_rejected_whole(codesets_db, tmp_path):
    lines = [
        anweb("A4550", 100, "3", "Surgical trays", "Surgical trays", added="19840101"),
        anweb("A4551", 100, "5", "Bad record id"),
        anweb("99213", 100, "3", "Digit-first code", "x", added="20200101"),
        anweb("A4552", 100, "3", "Bad date", "x", added="2020013X"),
        anweb("A4553", 200, "4", "Continuation without its first line"),
    ]
    path = tmp_path / "HCPC2026_APR_ANWEB.txt"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="latin-1")
    before = counts(codesets_db)
    with pytest.raises(ImportRejected) as caught:
        hcpcs_import.import_hcpcs(codesets_db, path)
    found = {(p.line, p.field) for p in caught.value.problems}
    assert found == {(2, "record id"), (3, "HCPCS code"), (4, "added date"), (5, "record id")}
    assert all(p.source == path.name for p in caught.value.problems)
    assert counts(codesets_db) == before


def test_changed_file_replaces_previous_import(codesets_db, samples, tmp_path):
    first = samples / "HCPC2026_JAN_ANWEB_sample.txt"
    hcpcs_import.import_hcpcs(codesets_db, first)
    second = tmp_path / "HCPC2026_APR_ANWEB.txt"
    shutil.copy(first, second)
    with second.open("a", encoding="latin-1") as handle:
        handle.write(anweb("A4649", 100, "3", "Surgical supply, misc", "Surgical supply misc",
                           added="19990101") + "\r\n")
    result = hcpcs_import.import_hcpcs(codesets_db, second)
    assert (result.rows, result.replaced) == (15, 14)
    assert counts(codesets_db) == (15, 1)
    assert hcpcs_import.import_hcpcs(codesets_db, first).rows == 14  # history was replaced
