"""The one X12 segment reader under every ClaimDesk reader (835, 999, 277CA).

``lex`` reads the fixed-width ISA once (element separator ISA[3], repetition ISA11, component
ISA16, segment terminator right after ISA16), tolerates a UTF-8 byte-order mark, leading white
space and CR/LF/CRLF after terminators, and numbers every segment (ISA = 1, the numbering pyx12
uses). ``walk`` checks the envelopes (ISA/IEA, GS/GE, ST/SE counts and control numbers) for any
number of groups and transaction sets. ``X12Problem`` gives every reader one location format:
``file.835: segment 17 (CLP), 2100/CLP03: message``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from app.domain.errors import ImportRejected, Problem

ISA_LENGTH = 106
#: A UTF-8 byte-order mark as text, and as the three characters a Latin-1 decode makes of it.
_BOMS = ("\ufeff", "\xef\xbb\xbf")
_MAX_ASCII_PROBLEMS = 20
_ENVELOPE_PREFIXES = ("ISA", "IEA", "GS", "GE", "ST", "SE")


@dataclass(frozen=True)
class X12Problem(Problem):
    """A problem located in an X12 file: segment number and id, loop path, element.

    ``line`` is the 1-based segment number (ISA = 1) and ``field`` the element (``CLP03``,
    ``STC01-1``); ``loop`` the TR3 loop (``2100``, ``2200D``) when known.
    """

    segment_id: str = ""
    loop: str = ""

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f": segment {self.line}" + (f" ({self.segment_id})" if self.segment_id
                                                  else "")
        element = "/".join(p for p in (self.loop, self.field) if p)
        if element:
            where += f", {element}"
        warning = " (warning)" if self.severity == "warning" else ""
        return f"{where}: {self.message}{warning}"


@dataclass(frozen=True)
class Delimiters:
    """The separators of one interchange, read from its ISA segment."""

    element: str
    component: str
    segment: str
    repetition: str


@dataclass(frozen=True)
class Segment:
    """One segment: its number in the file (ISA = 1), id and elements (``elements[0]`` = id)."""

    number: int
    id: str
    elements: tuple[str, ...]
    component: str

    def el(self, pos: int) -> str:
        """Element ``pos`` (1-based) with surrounding spaces removed, or ``""``."""
        return self.elements[pos].strip() if pos < len(self.elements) else ""

    def comp(self, pos: int, sub: int) -> str:
        """Component ``sub`` (1-based) of element ``pos``, or ``""``."""
        parts = self.el(pos).split(self.component)
        return parts[sub - 1].strip() if sub <= len(parts) else ""


@dataclass
class Lexed:
    """A file split into segments (``raw``: segment texts without terminators, ISA first)."""

    delimiters: Delimiters
    raw: list[str]
    problems: list[Problem]
    truncated: bool

    def segments(self) -> Iterator[tuple[int, list[str]]]:
        """``(segment number, [id, element 1, ...])`` for each segment, split on demand."""
        element = self.delimiters.element
        return ((n, text.split(element)) for n, text in enumerate(self.raw, 1))

    def segment(self, index: int) -> Segment:
        """The segment at ``index`` (0-based position in ``raw``)."""
        parts = tuple(self.raw[index].split(self.delimiters.element))
        return Segment(index + 1, parts[0].strip(), parts, self.delimiters.component)

    def segment_id(self, number: int | None) -> str:
        """The id of segment ``number`` (1-based), or ``""``."""
        if number is None or not 0 < number <= len(self.raw):
            return ""
        return self.raw[number - 1].split(self.delimiters.element, 1)[0].strip()


def problem(source: str, message: str, *, line: int | None = None, segment_id: str = "",
            field: str = "", loop: str = "", severity: str = "error") -> X12Problem:
    """A located problem (see ``X12Problem``)."""
    return X12Problem(source, field, message, line, severity, segment_id, loop)


def located(p: Problem, lexed: Lexed, loop: str = "") -> X12Problem:
    """``p`` as an ``X12Problem``, its segment id taken from the file."""
    if isinstance(p, X12Problem):
        return p
    return X12Problem(p.source, p.field, p.message, p.line, p.severity,
                      lexed.segment_id(p.line), loop)


def strip_preamble(text: str) -> str:
    """``text`` without a leading byte-order mark and white space."""
    text = text.lstrip(" \t\r\n")
    for bom in _BOMS:
        if text.startswith(bom):
            text = text[len(bom):]
    return text.lstrip(" \t\r\n")


def _fixed_width(body: str) -> bool:
    """Whether ``body`` starts with a 106-character ISA: 16 elements, ISA16 one character."""
    if not body.startswith("ISA") or len(body) < ISA_LENGTH:
        return False
    parts = body[:105].split(body[3])
    return len(parts) == 17 and len(parts[16]) == 1 and not body[105].isalnum()


def read_isa(text: str, source: str) -> tuple[Delimiters, str]:
    """The delimiters and the text from its ISA on.

    Line breaks inside the ISA are tolerated when the terminator is not itself a line break.

    Raises:
        ImportRejected: the text does not start with a fixed-width ISA segment.
    """
    body = strip_preamble(text)
    if not _fixed_width(body):
        flat = body.replace("\r", "").replace("\n", "")
        if _fixed_width(flat):
            body = flat
        elif flat.startswith("ISA") and len(flat) >= ISA_LENGTH:
            raise ImportRejected([problem(
                source, "The ISA segment is not 106 characters long, so its delimiters cannot "
                "be read; ask the sender for a new copy of the file.", line=1,
                segment_id="ISA", field="ISA16")])
        else:
            raise ImportRejected([problem(
                source, "This is not an X12 file: it does not start with a complete ISA "
                "segment.", line=1, segment_id="ISA", field="ISA")])
    return Delimiters(body[3], body[104], body[105], body[82]), body


def lex(text: str, source: str) -> Lexed:
    """Split ``text`` into segments, tolerating line breaks between and inside segments.

    Raises:
        ImportRejected: the ISA segment cannot be read.
    """
    delims, body = read_isa(text, source)
    if delims.segment in "\r\n":
        parts = [p.strip("\r\n").lstrip(" \t") for p in body.split(delims.segment)]
    else:
        parts = [p.lstrip(" \t") for p in
                 body.replace("\r", "").replace("\n", "").split(delims.segment)]
    tail = parts.pop().strip()
    raw = [p for p in parts if p.strip()]
    problems: list[Problem] = []
    truncated = bool(tail) or not raw or not raw[-1].startswith(f"IEA{delims.element}")
    if tail:
        raw.append(tail)
        seg_id = tail.split(delims.element)[0]
        problems.append(problem(source, f"The last segment has no terminator "
                                f"({delims.segment!r}): the file looks cut off; ask the sender "
                                "for a complete copy.", line=len(raw), segment_id=seg_id,
                                field=seg_id))
    elif truncated:
        problems.append(problem(source, "The file does not end with an IEA segment: it looks "
                                "cut off; ask the sender for a complete copy.", line=len(raw),
                                field="IEA"))
    lexed = Lexed(delims, raw, problems, truncated)
    if not body.isascii():
        problems.extend(_ascii_problems(lexed, source))
    return lexed


def _ascii_problems(lexed: Lexed, source: str) -> list[Problem]:
    """One problem per segment holding characters outside plain ASCII (at most 20)."""
    problems: list[Problem] = []
    for number, elements in lexed.segments():
        if lexed.raw[number - 1].isascii():
            continue
        bad = "".join(sorted({c for c in lexed.raw[number - 1] if not c.isascii()}))
        position = next(i for i, e in enumerate(elements) if not e.isascii())
        seg_id = elements[0][:3]
        problems.append(problem(source, f"Contains characters X12 does not allow ({bad}); "
                                "only plain ASCII is valid. Ask the sender for a corrected "
                                "file.", line=number, segment_id=seg_id,
                                field=f"{seg_id}{position:02d}"))
        if len(problems) >= _MAX_ASCII_PROBLEMS:
            break
    return problems


# -- envelopes ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Interchange:
    """ISA: who sent the interchange to whom."""

    sender_qualifier: str  # ISA05
    sender_id: str  # ISA06, spaces removed
    receiver_qualifier: str  # ISA07
    receiver_id: str  # ISA08
    control_number: str  # ISA13
    usage: str  # ISA15
    number: int  # segment number of the ISA


@dataclass(frozen=True)
class Group:
    """GS: one functional group."""

    functional_id: str  # GS01: HC claims, HP remittance, FA acknowledgment, HN 277
    sender_id: str  # GS02
    receiver_id: str  # GS03
    control_number: str  # GS06
    version: str  # GS08
    number: int
    interchange: Interchange
    date: str = ""  # GS04, CCYYMMDD


@dataclass(frozen=True)
class Transaction:
    """ST..SE: one transaction set; ``start``/``end`` index ``Lexed.raw`` (``end`` None: no SE)."""

    set_id: str  # ST01
    control_number: str  # ST02
    reference: str  # ST03
    group: Group | None
    start: int
    end: int | None

    @property
    def number(self) -> int:
        """The segment number of the ST."""
        return self.start + 1


@dataclass
class Envelopes:
    """What ``walk`` found: the transaction sets in file order and the envelope problems."""

    transactions: list[Transaction] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def interchange_of(seg: Segment) -> Interchange:
    """The ``Interchange`` an ISA segment describes."""
    return Interchange(seg.el(5), seg.el(6), seg.el(7), seg.el(8), seg.el(13), seg.el(15),
                       seg.number)


def group_of(seg: Segment, isa: Interchange) -> Group:
    """The ``Group`` a GS segment describes."""
    return Group(seg.el(1), seg.el(2), seg.el(3), seg.el(6), seg.el(8), seg.number, isa,
                 seg.el(4))


def _same_number(a: str, b: str) -> bool:
    return int(a) == int(b) if a.isdigit() and b.isdigit() else a == b


class _Walker:
    """Checks the envelopes segment by segment (only envelope segments are split)."""

    def __init__(self, lexed: Lexed, source: str) -> None:
        self.lexed, self.source = lexed, source
        self.out = Envelopes()
        self.isa: Interchange | None = None
        self.gs: Group | None = None
        self.st: Segment | None = None
        self.groups = self.sets = 0

    def problem(self, seg: Segment | None, field_name: str, message: str) -> None:
        line = seg.number if seg else len(self.lexed.raw)
        self.out.problems.append(problem(self.source, message, line=line,
                                         segment_id=seg.id if seg else "", field=field_name))

    def count(self, seg: Segment, pos: int, expected: int, what: str) -> None:
        value = seg.el(pos)
        if not value.isdigit() or int(value) != expected:
            self.problem(seg, f"{seg.id}{pos:02d}", f"{seg.id}{pos:02d} says {value!r} "
                         f"{what}, but there are {expected}.")

    def control(self, seg: Segment, pos: int, expected: str, header: str) -> None:
        if not _same_number(seg.el(pos), expected):
            self.problem(seg, f"{seg.id}{pos:02d}", f"Control number {seg.el(pos)!r} does not "
                         f"match {header} {expected!r}.")

    def run(self) -> Envelopes:
        element = self.lexed.delimiters.element
        for index, text in enumerate(self.lexed.raw):
            if text.startswith(_ENVELOPE_PREFIXES) and text.split(element, 1)[0] in (
                    _ENVELOPE_PREFIXES):
                getattr(self, "_" + text[:3].rstrip(element).lower())(self.lexed.segment(index))
        self._close_st(None)
        if not self.lexed.truncated:
            if self.gs is not None:
                self.problem(None, "GE", f"Functional group {self.gs.control_number} has no GE.")
            if self.isa is not None:
                self.problem(None, "IEA", f"Interchange {self.isa.control_number} has no IEA.")
        return self.out

    def _close_st(self, seg: Segment | None) -> None:
        if self.st is None:
            return
        cut = " the file looks cut off." if seg is None else " before the next envelope segment."
        self.problem(seg or self.st, "SE", f"Transaction set {self.st.el(2)} has no SE:{cut}")
        self.out.transactions.append(Transaction(self.st.el(1), self.st.el(2), self.st.el(3),
                                                 self.gs, self.st.number - 1, None))
        self.st = None

    def _isa(self, seg: Segment) -> None:
        if self.isa is not None:
            self.problem(seg, "IEA", f"Interchange {self.isa.control_number} has no IEA.")
        self.isa, self.gs, self.groups = interchange_of(seg), None, 0

    def _gs(self, seg: Segment) -> None:
        self._close_st(seg)
        if self.gs is not None:
            self.problem(seg, "GE", f"Functional group {self.gs.control_number} has no GE.")
        if self.isa is None:
            self.problem(seg, "GS", "A functional group (GS) appears outside an interchange.")
            self.isa = interchange_of(self.lexed.segment(0))
        self.gs, self.sets = group_of(seg, self.isa), 0
        self.groups += 1

    def _st(self, seg: Segment) -> None:
        self._close_st(seg)
        if self.gs is None:
            self.problem(seg, "ST", "A transaction set (ST) appears outside a functional group.")
        self.st = seg

    def _se(self, seg: Segment) -> None:
        if self.st is None:
            self.problem(seg, "SE", "SE without a matching ST.")
            return
        self.count(seg, 1, seg.number - self.st.number + 1, "segments (ST to SE)")
        self.control(seg, 2, self.st.el(2), "ST02")
        self.out.transactions.append(Transaction(self.st.el(1), self.st.el(2), self.st.el(3),
                                                 self.gs, self.st.number - 1, seg.number - 1))
        self.st = None
        self.sets += 1

    def _ge(self, seg: Segment) -> None:
        self._close_st(seg)
        if self.gs is None:
            self.problem(seg, "GE", "GE without a matching GS.")
            return
        self.count(seg, 1, self.sets, "transaction sets")
        self.control(seg, 2, self.gs.control_number, "GS06")
        self.gs = None

    def _iea(self, seg: Segment) -> None:
        self._close_st(seg)
        if self.isa is None:
            self.problem(seg, "IEA", "IEA without a matching ISA.")
            return
        if self.gs is not None:
            self.problem(seg, "GE", f"Functional group {self.gs.control_number} has no GE.")
            self.gs = None
        self.count(seg, 1, self.groups, "functional groups")
        self.control(seg, 2, self.isa.control_number, "ISA13")
        self.isa = None


def walk(lexed: Lexed, source: str) -> Envelopes:
    """Check every envelope and list the transaction sets (any number of ISA, GS and ST)."""
    return _Walker(lexed, source).run()
