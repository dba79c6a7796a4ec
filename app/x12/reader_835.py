"""Read ANSI X12 835 (005010X221A1) remittance files into ``Remittance`` records.

``read_835`` runs these passes and refuses the whole file if any of them finds an error:

1. lexical (``segments.lex``): delimiters from the fixed-width ISA, a byte-order mark and line
   breaks tolerated, plain ASCII only, nothing cut off;
2. envelopes (``segments.walk``): ISA/GS/ST counts and control numbers for every group and
   transaction set, and (``versions.check``) GS01 = HP and GS08 = 005010X221A1 for each: a 4010
   file is refused naming the version found;
3. structure (``structure_835``): pyx12 against its 835 map, overruled where it is stricter
   than the TR3 (repeated PLB; trailing spaces outside money and identity become warnings);
4. ClaimDesk's rules: the 835 balancing rules (``standards/x12-835.md`` section 3), TRN and
   CLP01 present, known claim statuses and adjustment groups, PLB after the last claim.

Every problem is an ``X12Problem``: file, segment number (``line``: 1-based count of segments,
ISA = 1, which is also what pyx12 reports), segment id, loop and element (``2100/CLP04``).
Warnings travel on each ``Remittance.warnings`` so the preview can show them.
"""

from __future__ import annotations

from app.domain.errors import ImportRejected, Problem
from app.domain.remittance import Remittance, balance_problems
from app.x12 import versions
from app.x12.parser_835 import ParseResult, Segment, parse_segments
from app.x12.segments import Delimiters, Lexed, lex, located, read_isa, walk
from app.x12.structure_835 import check_structure

_BALANCE_LOOPS = {"CLP": "2100", "SVC": "2110"}  # where a balancing problem's element sits

__all__ = ["Delimiters", "Lexed", "ParseResult", "Segment", "check_structure",
           "detect_delimiters", "parse_835_unchecked", "parse_segments", "read_835",
           "split_segments"]


def detect_delimiters(text: str, source: str) -> Delimiters:
    """Read the delimiters from the ISA segment (see ``segments.read_isa``).

    Raises:
        ImportRejected: the text does not start with a fixed-width ISA segment.
    """
    return read_isa(text, source)[0]


def split_segments(text: str, source: str) -> Lexed:
    """Split ``text`` into segments (``segments.lex``, the reader every X12 reader shares).

    Raises:
        ImportRejected: the ISA segment cannot be read.
    """
    return lex(text, source)


def parse_835_unchecked(text: str, source: str) -> list[Remittance]:
    """Parse an 835 without the structure check or the balancing rules (tests, tools).

    Raises:
        ImportRejected: the file cannot be split into segments, is not a 5010 835, or a value
            cannot be read.
    """
    lexed, problems = _envelope_checked(text, source)
    result = parse_segments(lexed.segments(), source, lexed.delimiters.component)
    problems += result.problems
    if problems:
        raise ImportRejected(_sorted(problems))
    return result.remittances


def _envelope_checked(text: str, source: str) -> tuple[Lexed, list[Problem]]:
    """Lex and walk the envelopes; refuse at once when a group is not a 5010 835."""
    lexed = lex(text, source)
    envelopes = walk(lexed, source)
    wrong = versions.check(envelopes, versions.REMITTANCE, source)
    problems = lexed.problems + envelopes.problems
    if wrong:
        raise ImportRejected(_sorted(problems + wrong))
    return lexed, problems


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.field))


def read_835(text: str, source: str, *, validate_structure: bool = True) -> list[Remittance]:
    """Read, validate and balance an 835 file: one ``Remittance`` per ST-SE transaction set.

    Args:
        text: the file's text (any segment terminator, line breaks and a BOM allowed).
        source: the file name, used in every problem.
        validate_structure: run pyx12 (about 1.5 s per 1,000 claims); False skips it.

    Returns:
        The remittances, in file order, each with the warnings located in its ST-SE.

    Raises:
        ImportRejected: with every problem found (errors and warnings); nothing may be posted
            from the file.
    """
    lexed, own = _envelope_checked(text, source)
    result = parse_segments(lexed.segments(), source, lexed.delimiters.component)
    own += result.problems
    for remit in result.remittances:
        if remit.segment not in result.unreadable:
            own.extend(located(p, lexed, _BALANCE_LOOPS.get(p.field[:3], ""))
                       for p in balance_problems(remit, source))
    structure: list[Problem] = []
    if validate_structure and not lexed.truncated and all(r.isascii() for r in lexed.raw):
        structure = _without_duplicates(check_structure(lexed, source), own)
    problems = _sorted(own + structure)
    if any(p.severity == "error" for p in problems):
        raise ImportRejected(problems)
    return _with_warnings(result.remittances, problems)


def _with_warnings(remits: list[Remittance], warnings: list[Problem]) -> list[Remittance]:
    """Each remittance with the warnings inside its ST-SE (file-level ones on the first)."""
    if not warnings or not remits:
        return remits
    starts = [r.segment or 0 for r in remits]
    per: list[list[str]] = [[] for _ in remits]
    for w in warnings:
        index = max((i for i, s in enumerate(starts) if s <= (w.line or 0)), default=0)
        per[index].append(str(w))
    return [r.model_copy(update={"warnings": tuple(ws)}) if ws else r
            for r, ws in zip(remits, per, strict=True)]


def _without_duplicates(structure: list[Problem], own: list[Problem]) -> list[Problem]:
    """Drop pyx12 errors that one of our own problems already reports (same element)."""
    fields, places = {p.field for p in own}, {(p.field, p.line) for p in own}
    return [p for p in structure if (p.field, p.line) not in places
            and not (p.field in fields and "missing" in p.message)]
