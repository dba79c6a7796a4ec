import csv
import datetime as dt
import sqlite3

import pytest

from app.codesets import icd10_build, index_db, lookup, search
from app.codesets.models import CodeHit
from app.domain.errors import Cancelled
from app.domain.progress import CancelToken
from app.paths import RESOURCES


def find(reader, query, **kw):
    conn, has_icd = reader
    return search.search(conn, has_icd, query, **kw)


def codes_of(hits):
    return [h.code for h in hits]


def test_release_recorded(icd_index):
    release = icd10_build.release_info()
    assert release.valid_from == dt.date(2026, 4, 1)
    assert release.valid_to == dt.date(2026, 9, 30)
    assert "FY2026" in release.name
    conn = sqlite3.connect(icd_index)
    assert index_db.get_meta(conn, "valid_from") == "2026-04-01"
    assert index_db.get_meta(conn, "valid_to") == "2026-09-30"
    assert icd10_build.is_index_current(icd_index)
    billable = conn.execute("SELECT count(*) FROM icd_code WHERE billable = 1").fetchone()[0]
    assert 74_000 < billable < 76_000
    conn.close()


@pytest.mark.parametrize("query", ["E11.65", "E1165", "e11.65", " E11.65 "])
def test_exact_code_with_or_without_dot(reader, query):
    hits = find(reader, query)
    assert hits[0].code == "E11.65" and hits[0].match == "exact" and hits[0].billable


def test_prefix_lists_billable_children_first(reader):
    hits = find(reader, "E11.6", limit=30)
    assert hits[0].code == "E11.6" and hits[0].match == "exact"
    assert not hits[0].billable and hits[0].billable_children > 5
    prefix = [h for h in hits if h.match == "prefix"]
    assert "E11.65" in codes_of(prefix)
    flags = [h.billable for h in prefix]
    assert flags == sorted(flags, reverse=True)


def test_word_prefixes(reader):
    assert find(reader, "diab typ 2 hyperg")[0].code == "E11.65"


def test_inclusion_terms_searchable(reader):
    hit = next(h for h in find(reader, "nasal catarrh") if h.code == "J00")
    assert hit.matched_term == "Nasal catarrh, acute"


@pytest.mark.parametrize(("term", "code"), [
    ("heart attack", "I21.9"), ("high blood pressure", "I10"), ("sugar diabetes", "E11.9"),
    ("UTI", "N39.0"), ("pink eye", "H10.9"),
])
def test_synonyms_rank_first(reader, term, code):
    hit = find(reader, term)[0]
    assert (hit.code, hit.match) == (code, "synonym")


def test_synonym_table_is_large_and_valid(reader):
    conn, _ = reader
    with (RESOURCES / "codesets" / "synonyms.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 100
    for row in rows:
        found = conn.execute("SELECT billable FROM icd.icd_code WHERE code = ?",
                             (row["code"],)).fetchone()
        assert found == (1,), row


def test_billable_ranked_first_and_filter(reader):
    hits = find(reader, "diabetes mellitus", limit=200)
    flags = [h.billable for h in hits if h.match == "word"]
    assert flags == sorted(flags, reverse=True)
    assert all(h.billable for h in find(reader, "E11", billable_only=True))
    category = find(reader, "E11")[0]
    assert category.code == "E11" and category.billable_children == 87


def test_system_filter_and_cpt_provider(reader):
    assert {h.system for h in find(reader, "injection", system="hcpcs")} == {"hcpcs"}

    def cpt(query, limit):
        return [CodeHit("cpt", "99213", "Office visit, established (practice label)", True)]

    hits = find(reader, "99213", extra_cpt=cpt)
    assert (hits[0].system, hits[0].code, hits[0].match) == ("cpt", "99213", "exact")
    assert not find(reader, "99213", system="icd10cm", extra_cpt=cpt)


def test_empty_query(reader):
    assert find(reader, "   ") == []
    assert find(reader, "%%") == []


def test_seventh_character_rules(reader):
    conn, has_icd = reader
    detail = lookup.detail(conn, has_icd, "T36.0X1A")
    assert detail.billable and detail.seventh_from == "T36"
    assert [s.char for s in detail.seventh] == ["A", "D", "S"]
    s72 = lookup.detail(conn, has_icd, "S72.001")
    assert not s72.billable
    assert {"A", "D", "S"} <= {s.char for s in s72.seventh}
    dos = dt.date(2026, 5, 1)
    verdict = lookup.is_valid_on(conn, has_icd, "S72.001", dos)
    assert not verdict.ok and verdict.suggestion == "S72.001A"
    verdict = lookup.is_valid_on(conn, has_icd, "T36.01A", dos)
    assert not verdict.ok and verdict.suggestion == "T36.0X1A"
    assert lookup.is_valid_on(conn, has_icd, "T360X1A", dos).ok


def test_excludes1_and_parent_chain(reader):
    conn, has_icd = reader
    e11 = lookup.detail(conn, has_icd, "E11")
    assert any("E08" in t for t in e11.notes["excludes1"])
    leaf = lookup.detail(conn, has_icd, "E11.65")
    assert [c for c, _ in leaf.parents] == ["4", "E08-E13", "E11", "E11.6"]
    assert any(t.endswith("[E11]") and "E09" in t for t in leaf.notes["excludes1"])
    assert lookup.detail(conn, has_icd, "J45").notes["excludes2"]
    i21 = lookup.detail(conn, has_icd, "I21.9")
    assert "Myocardial infarction (acute) NOS" in i21.notes["inclusion"]


def test_billable_flags(reader):
    conn, has_icd = reader
    assert not lookup.detail(conn, has_icd, "J06").billable
    assert lookup.detail(conn, has_icd, "J06.9").billable


def test_release_dates_of_service(reader):
    conn, has_icd = reader
    assert lookup.is_valid_on(conn, has_icd, "E11.65", dt.date(2026, 4, 1)).ok
    assert lookup.is_valid_on(conn, has_icd, "E11.65", dt.date(2026, 9, 30)).ok
    assert not lookup.is_valid_on(conn, has_icd, "E11.65", dt.date(2026, 10, 1)).ok
    assert not lookup.is_valid_on(conn, has_icd, "E11.65", dt.date(2026, 3, 31)).ok
    assert not lookup.is_valid_on(conn, has_icd, "E11", dt.date(2026, 5, 1)).ok


def test_cancelled_build_keeps_old_index(tmp_path):
    target = tmp_path / "codesets-icd10cm.sqlite3"
    target.write_bytes(b"old index")
    token = CancelToken()
    token.cancel()
    seen = []
    with pytest.raises(Cancelled):
        icd10_build.build_icd_index(target, lambda d, t, label: seen.append(label), token)
    assert target.read_bytes() == b"old index"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    assert not icd10_build.is_index_current(target)
