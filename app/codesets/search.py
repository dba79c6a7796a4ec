"""One search over ICD-10-CM, HCPCS and (through a callback) the practice's CPT codes.

Order of results: exact code, then code prefix, then words (every word may be a prefix;
inclusion terms and our lay-term synonyms count). Within a tier, billable codes come first;
synonym hits lead the word tier. ICD-10-CM word candidates come from the FTS index in its
static priority order (billable, plain before 7th-character codes, short descriptions first)
and are re-ranked by match density; FTS5's bm25() would count every matching row of a broad
prefix (2-3 ms for ``fract``), this keeps each query near a millisecond.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from app.codesets.index_db import date_int, normalize_code
from app.codesets.models import CodeHit

#: ``extra_cpt(query, limit)`` returns CPT rows (e.g. from the practice fee schedule).
CptProvider = Callable[[str, int], list[CodeHit]]

_TIERS = {"exact": (0, 0), "prefix": (1, 0), "synonym": (2, 0), "word": (2, 1)}
Key = tuple[int, int, int, float, int]
Ranked = list[tuple[Key, CodeHit]]
Row = tuple[Any, ...]
_CODE_LIKE = re.compile(r"[0-9A-Z][0-9][0-9A-Z]{0,6}")
_WORD = re.compile(r"[0-9a-z]+")
_STOPWORDS = frozenset({"a", "an", "and", "by", "for", "in", "of", "on", "or", "the", "to", "with"})
#: ICD-10-CM FTS candidates (in static priority order) re-ranked per query.
CANDIDATES = 200

_ICD_COLS = "code, description, billable, n_billable"
_SQL_ICD_EXACT = (
    f"SELECT {_ICD_COLS} FROM icd.icd_code WHERE nodot = ? AND kind NOT IN ('chapter', 'block')"
)
_SQL_ICD_PREFIX = (
    f"SELECT {_ICD_COLS} FROM icd.icd_code WHERE nodot > ? AND nodot < ?"
    " AND kind NOT IN ('chapter', 'block') AND billable >= ? ORDER BY billable DESC, ord LIMIT ?"
)
_SQL_ICD_WORDS = (
    f"SELECT {_ICD_COLS}, c.id FROM (SELECT rowid AS id FROM icd.icd_fts WHERE icd_fts MATCH ?"
    " LIMIT ?) AS f JOIN icd.icd_code AS c ON c.id = f.id"
)
_SQL_SYNONYMS = (
    "SELECT s.term, c.code, c.description, c.billable, c.n_billable FROM icd.syn_fts"
    " JOIN icd.synonym AS s ON s.id = syn_fts.rowid JOIN icd.icd_code AS c ON c.code = s.code"
    " WHERE syn_fts MATCH ? ORDER BY rank LIMIT 20"
)
_SQL_INCLUSION = "SELECT text FROM icd.icd_note WHERE code = ? AND kind = 'inclusion'"
_HC_COLS = "h.code, h.long_desc, h.termination"
_SQL_HC_EXACT = f"SELECT {_HC_COLS} FROM hcpcs AS h WHERE code = ? AND is_modifier = 0"
_SQL_HC_PREFIX = (
    f"SELECT {_HC_COLS} FROM hcpcs AS h WHERE code > ? AND code < ? AND is_modifier = 0"
    " ORDER BY code LIMIT ?"
)
_SQL_HC_WORDS = (
    f"SELECT {_HC_COLS}, bm25(hcpcs_fts, 1.0, 0.5) FROM hcpcs_fts JOIN hcpcs AS h"
    " ON h.id = hcpcs_fts.rowid WHERE hcpcs_fts MATCH ? AND h.is_modifier = 0"
    " ORDER BY rank LIMIT ?"
)


def fts_query(query: str) -> str:
    """The FTS5 expression for a typed query: every word as a quoted prefix, ANDed.

    Args:
        query: user input, e.g. ``diab typ 2 hyperg``.

    Returns:
        e.g. ``"diab"* "typ"* "2"* "hyperg"*``; empty when no word is left.
    """
    words = [w for w in _WORD.findall(query.lower()) if w not in _STOPWORDS]
    if not words:
        words = _WORD.findall(query.lower())
    return " ".join(f'"{w}"*' for w in words)


def search(
    conn: sqlite3.Connection, has_icd: bool, query: str, *, system: str = "all",
    billable_only: bool = False, limit: int = 50, extra_cpt: CptProvider | None = None,
    today: dt.date | None = None,
) -> list[CodeHit]:
    """Search the code systems; see the module docstring for the ranking.

    Args:
        conn: reader connection from ``index_db.open_reader``.
        has_icd: whether the ICD-10-CM index is attached.
        query: what the user typed (code with or without dot, or words).
        system: ``all``, ``icd10cm``, ``hcpcs`` or ``cpt``.
        billable_only: drop non-billable (and terminated HCPCS) codes.
        limit: maximum hits returned.
        extra_cpt: provider of CPT rows (code, label) from the practice's fee schedule.
        today: the date a HCPCS termination is compared with (default: today).

    Returns:
        Hits, best first.
    """
    query = query.strip()
    if not query or limit <= 0:
        return []
    ranked: Ranked = []
    if has_icd and system in ("all", "icd10cm"):
        ranked += _icd(conn, query, billable_only, limit)
    if system in ("all", "hcpcs"):
        ranked += _hcpcs(conn, query, billable_only, limit, date_int(today or dt.date.today()))
    if extra_cpt is not None and system in ("all", "cpt"):
        ranked += _cpt(extra_cpt, query, billable_only, limit)
    ranked.sort(key=lambda item: item[0])
    seen: set[tuple[str, str]] = set()
    hits: list[CodeHit] = []
    for _, hit in ranked:
        if (hit.system, hit.code) not in seen:
            seen.add((hit.system, hit.code))
            hits.append(hit)
    return hits[:limit]


def _code_query(query: str) -> str | None:
    code = normalize_code(query)
    return code if _CODE_LIKE.fullmatch(code) else None


def _upper_bound(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _icd_hit(row: Row, match: str, term: str = "") -> CodeHit:
    code, description, billable, n_billable = row[:4]
    return CodeHit("icd10cm", code, description, bool(billable),
                   None if billable else int(n_billable), match, term)


def _key(tier: str, billable: bool, score: float = 0.0, order: int = 0) -> Key:
    group, sub = _TIERS[tier]
    return group, int(not billable), sub, score, order


def _icd(conn: sqlite3.Connection, query: str, billable_only: bool, limit: int) -> Ranked:
    out: Ranked = []
    code = _code_query(query)
    if code:
        for row in conn.execute(_SQL_ICD_EXACT, (code,)):
            if row[2] or not billable_only:
                out.append((_key("exact", row[2]), _icd_hit(row, "exact")))
        args = (code, _upper_bound(code), int(billable_only), limit)
        for order, row in enumerate(conn.execute(_SQL_ICD_PREFIX, args)):
            out.append((_key("prefix", row[2], 0.0, order), _icd_hit(row, "prefix")))
    expression = fts_query(query)
    if expression:
        out += _icd_words(conn, expression, billable_only)
    return out


def _icd_words(conn: sqlite3.Connection, expression: str, billable_only: bool) -> Ranked:
    out: Ranked = []
    for order, row in enumerate(conn.execute(_SQL_SYNONYMS, (expression,))):
        if row[3] or not billable_only:
            out.append((_key("synonym", row[3], 0.0, order), _icd_hit(row[1:], "synonym", row[0])))
    words = [w[1:-2] for w in expression.split()]
    for row in conn.execute(_SQL_ICD_WORDS, (expression, CANDIDATES)):
        if billable_only and not row[2]:
            continue
        score, in_description = _score(words, row[1])
        hit = _icd_hit(row, "word")
        if not in_description:
            hit = replace(hit, matched_term=_matching_term(conn, hit.code, words))
        out.append((_key("word", row[2], score, row[4]), hit))
    return out


def _score(words: list[str], description: str) -> tuple[float, bool]:
    """Lower is better: dense matches, matches at the start, matches in the description."""
    tokens = _WORD.findall(description.lower())
    matched = sum(1 for w in words if any(t.startswith(w) for t in tokens))
    in_description = matched == len(words)
    score = -matched / max(len(tokens), 1)
    if tokens and tokens[0].startswith(words[0]):
        score -= 0.3
    if not in_description:
        score += 0.5
    return score, in_description


def _all_prefixes(words: list[str], text: str) -> bool:
    tokens = _WORD.findall(text.lower())
    return all(any(t.startswith(w) for t in tokens) for w in words)


def _matching_term(conn: sqlite3.Connection, code: str, words: list[str]) -> str:
    terms = [r[0] for r in conn.execute(_SQL_INCLUSION, (code,))]
    best = [t for t in terms if _all_prefixes(words, t)]
    return (best or terms or [""])[0]


def _hcpcs(conn: sqlite3.Connection, query: str, billable_only: bool, limit: int,
           today: int) -> Ranked:
    def hit(row: Row, match: str) -> CodeHit:
        active = row[2] is None or row[2] >= today
        return CodeHit("hcpcs", row[0], row[1], active, None, match)

    out: Ranked = []
    code = _code_query(query)
    if code:
        for row in conn.execute(_SQL_HC_EXACT, (code,)):
            out.append((_key("exact", True), hit(row, "exact")))
        rows = conn.execute(_SQL_HC_PREFIX, (code, _upper_bound(code), limit))
        for order, row in enumerate(rows):
            out.append((_key("prefix", True, 0.0, order), hit(row, "prefix")))
    expression = fts_query(query)
    if expression:
        for row in conn.execute(_SQL_HC_WORDS, (expression, limit)):
            out.append((_key("word", True, row[3]), hit(row, "word")))
    return [(k, h) for k, h in out if h.billable or not billable_only]


def _cpt(provider: CptProvider, query: str, billable_only: bool, limit: int) -> Ranked:
    code = _code_query(query) or ""
    out: Ranked = []
    for order, row in enumerate(provider(query, limit)):
        if billable_only and not row.billable:
            continue
        tier = "word"
        if code and row.code.startswith(code):
            tier = "exact" if row.code == code else "prefix"
        out.append((_key(tier, row.billable, 0.0, order), replace(row, system="cpt", match=tier)))
    return out
