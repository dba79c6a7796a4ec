"""Readers for the acknowledgements a clearinghouse returns: 999 and 277CA.

Both read through ``segments`` (one ISA parser, one envelope walk, one location format) and
check GS01/GS08 for every group with ``versions``: a 999 must be 005010X231A1, a 277CA
005010X214; a claim-status 277 (005010X212) is refused saying what it is. Every transaction
set in the file is read. A malformed file raises ``ImportRejected`` whose problems name the
file, the segment number (ISA = 1), the loop and the element (``2200D/STC01-1``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.acks import Ack999, AckCode, ElementError, SegmentError, TransactionAck
from app.domain.errors import ImportRejected, Problem
from app.x12 import ack_codes as codes
from app.x12 import versions
from app.x12.segments import (
    Envelopes,
    Group,
    Interchange,
    Lexed,
    Segment,
    Transaction,
    X12Problem,
    group_of,
    interchange_of,
    lex,
    walk,
)


class SegmentReader:
    """Collects located problems while a reader takes values out of segments."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, seg: Segment | None, field: str, message: str, loop: str = "") -> None:
        """Record a problem at ``seg`` (``None``: the whole file)."""
        self.problems.append(X12Problem(self.source, field, message,
                                        seg.number if seg else None, "error",
                                        seg.id if seg else "", loop))

    def fail_if_problems(self) -> None:
        """Raise ``ImportRejected`` with every problem recorded so far."""
        if self.problems:
            raise ImportRejected(sorted(self.problems, key=lambda p: (p.line or 0, p.field)))

    def require(self, seg: Segment, pos: int, label: str, loop: str = "") -> str:
        """Element ``pos``, reporting it when empty."""
        value = seg.el(pos)
        if not value:
            self.problem(seg, f"{seg.id}{pos:02d}", f"{label} is missing.", loop)
        return value

    def integer(self, seg: Segment, pos: int, label: str, loop: str = "") -> int:
        """Element ``pos`` as a whole number (0 and a problem when it is not one)."""
        value = self.require(seg, pos, label, loop)
        if value and not value.isdigit():
            self.problem(seg, f"{seg.id}{pos:02d}", f"{label} must be a number, not {value!r}.",
                         loop)
            return 0
        return int(value or 0)

    def ack_code(self, seg: Segment, pos: int, loop: str = "") -> AckCode:
        """Element ``pos`` as an acknowledgement code (IK501, AK901)."""
        value = seg.el(pos)
        try:
            return AckCode(value)
        except ValueError:
            self.problem(seg, f"{seg.id}{pos:02d}", f"{value!r} is not an acknowledgement code.",
                         loop)
            return AckCode.REJECTED

    def d8(self, seg: Segment, value: str, field: str, loop: str = "") -> date | None:
        """A CCYYMMDD date (None and a problem when it is not one)."""
        if not value:
            return None
        try:
            if len(value) != 8 or not value.isdigit():
                raise ValueError(value)
            return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
        except ValueError:
            self.problem(seg, field, f"{value!r} is not a CCYYMMDD date.", loop)
            return None


def envelope_checked(text: str, source: str,
                     expected: versions.Expected) -> tuple[Lexed, Envelopes]:
    """Lex, walk the envelopes and check every group's version against ``expected``.

    Raises:
        ImportRejected: the file is unreadable, its envelopes are broken or it is another
            transaction (the message names what it is).
    """
    lexed = lex(text, source)
    envelopes = walk(lexed, source)
    problems = lexed.problems + envelopes.problems + versions.check(envelopes, expected, source)
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: (p.line or 0, p.field)))
    return lexed, envelopes


def body(lexed: Lexed, tx: Transaction) -> list[Segment]:
    """The segments of one transaction set, ST to SE."""
    end = tx.end if tx.end is not None else len(lexed.raw) - 1
    return [lexed.segment(i) for i in range(tx.start, end + 1)]


def ack_kind(text: str, source: str) -> str:
    """``999`` or ``277CA``, from the first functional group (GS01 FA or HN).

    Raises:
        ImportRejected: not X12, or another kind of file (the message names it).
    """
    lexed = lex(text, source)
    first = next((lexed.segment(i) for i, raw in enumerate(lexed.raw[:5])
                  if raw.startswith("GS")), None)
    kind = {"FA": "999", "HN": "277CA"}.get(first.el(1) if first else "")
    if first is None or kind is None:
        what = versions.FUNCTIONAL_IDS.get(first.el(1), "") if first else ""
        raise ImportRejected([X12Problem(
            source, "GS01", "This is not an acknowledgment (999 or 277CA)"
            + (f": it is {what}." if what else "."), first.number if first else None,
            "error", "GS" if first else "")])
    return kind


def _d8(value: str) -> date | None:
    """A CCYYMMDD date, or None when it is not one (an envelope date is informational)."""
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return None


# -- 999 ------------------------------------------------------------------------------------------
def read_999(text: str, source: str) -> list[Ack999]:
    """Read a 999 implementation acknowledgement: one ``Ack999`` per ST-SE, in file order.

    Args:
        text: the whole interchange (any number of groups and transaction sets).
        source: the file name used in problems and kept on each result.

    Raises:
        ImportRejected: the file is not a readable 999 (005010X231A1).
    """
    lexed, envelopes = envelope_checked(text, source, versions.ACK_999)
    reader = SegmentReader(source)
    acks = [ack for tx in envelopes.transactions
            if (ack := _read_one_999(reader, tx, body(lexed, tx))) is not None]
    reader.fail_if_problems()
    return acks


def _read_one_999(reader: SegmentReader, tx: Transaction, segs: list[Segment]) -> Ack999 | None:
    ak1 = next((s for s in segs if s.id == "AK1"), None)
    ak9 = next((s for s in segs if s.id == "AK9"), None)
    if ak1 is None or ak9 is None:
        reader.problem(segs[0], "AK1/AK9", "The 999 has no AK1 or AK9 segment.")
        return None
    transactions = _transactions(reader, segs)
    status = reader.ack_code(ak9, 1)
    group_codes = tuple(c for c in (ak9.el(i) for i in range(5, 10)) if c)
    group, isa = tx.group, tx.group.interchange if tx.group else None
    return Ack999(
        source=reader.source, interchange_control_number=isa.control_number if isa else "",
        sender_qualifier=isa.sender_qualifier if isa else "",
        sender_id=isa.sender_id if isa else "",
        receiver_qualifier=isa.receiver_qualifier if isa else "",
        receiver_id=isa.receiver_id if isa else "",
        gs_sender=group.sender_id if group else "", gs_receiver=group.receiver_id if group else "",
        transaction_control_number=tx.control_number, segment=tx.number,
        created=_d8(group.date) if group else None,
        functional_id=reader.require(ak1, 1, "The functional identifier"),
        group_control_number=reader.require(ak1, 2, "The group control number"),
        version=ak1.el(3), group_status=status,
        sets_included=reader.integer(ak9, 2, "The number of transaction sets included"),
        sets_received=reader.integer(ak9, 3, "The number of transaction sets received"),
        sets_accepted=reader.integer(ak9, 4, "The number of transaction sets accepted"),
        group_codes=group_codes, transactions=tuple(transactions),
        message=" ".join([codes.SET_STATUS.get(status.value, "")] + [
            codes.lookup(codes.GROUP_ERRORS, c, "Group error") for c in group_codes]).strip())


def _transactions(reader: SegmentReader, segs: list[Segment]) -> list[TransactionAck]:
    result: list[TransactionAck] = []
    ak2: Segment | None = None
    errors: list[SegmentError] = []
    for seg in segs:
        if seg.id == "AK2":
            if ak2 is not None:
                reader.problem(ak2, "", "This AK2 has no IK5 verdict.", "2000")
            ak2, errors = seg, []
        elif seg.id == "IK3":
            errors.append(_segment_error(reader, seg))
        elif seg.id == "IK4" and errors:
            last = errors[-1]
            errors[-1] = last.model_copy(
                update={"elements": (*last.elements, _element_error(reader, seg))})
        elif seg.id == "IK4":
            reader.problem(seg, "", "IK4 must follow an IK3 segment.", "2110")
        elif seg.id == "IK5":
            if ak2 is None:
                reader.problem(seg, "", "IK5 must follow an AK2 segment.", "2000")
                continue
            result.append(_transaction(reader, ak2, seg, errors))
            ak2, errors = None, []
    if ak2 is not None:
        reader.problem(ak2, "", "This AK2 has no IK5 verdict.", "2000")
    return result


def _transaction(reader: SegmentReader, ak2: Segment, ik5: Segment, errors: list[SegmentError]
                 ) -> TransactionAck:
    status = reader.ack_code(ik5, 1, "2000")
    set_codes = tuple(c for c in (ik5.el(i) for i in range(2, 7)) if c)
    words = [codes.SET_STATUS.get(status.value, "")]
    words += [codes.lookup(codes.SET_ERRORS, c, "Transaction set error") for c in set_codes]
    return TransactionAck(
        set_id=reader.require(ak2, 1, "The transaction set identifier", "2000"),
        control_number=reader.require(ak2, 2, "The transaction set control number", "2000"),
        version=ak2.el(3), status=status, codes=set_codes, message=" ".join(words).strip(),
        errors=tuple(errors))


def _segment_error(reader: SegmentReader, seg: Segment) -> SegmentError:
    code = seg.el(4)
    return SegmentError(
        segment_id=reader.require(seg, 1, "The segment id in error", "2100"),
        position=reader.integer(seg, 2, "The segment position", "2100"), loop_id=seg.el(3),
        code=code,
        message=codes.lookup(codes.SEGMENT_ERRORS, code, "Segment error") if code else "")


def _element_error(reader: SegmentReader, seg: Segment) -> ElementError:
    position, component = seg.comp(1, 1), seg.comp(1, 2)
    if not position.isdigit() or (component and not component.isdigit()):
        reader.problem(seg, "IK401", f"{seg.el(1)!r} is not an element position.", "2110")
        position, component = "0", ""
    code = reader.require(seg, 3, "The element error code", "2110")
    return ElementError(
        position=int(position), component=int(component) if component else None,
        element_ref=seg.el(2), code=code, bad_value=seg.el(4),
        message=codes.lookup(codes.ELEMENT_ERRORS, code, "Element error"))


# -- what we sent ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class SentHeader:
    """The envelope of one of our 837 batches, read back from its stored text."""

    interchange: Interchange
    group: Group
    transaction_version: str  # ST03 of the first transaction set
    bht03: str  # BHT03, the batch reference a 277CA's 2200B TRN02 echoes


def sent_header(text: str, source: str) -> SentHeader | None:
    """The ISA, GS, ST and BHT of one of our batches (only the head of the file is read)."""
    try:
        lexed = lex(text[:4096], source)
    except ImportRejected:
        return None
    heads = [lexed.segment(i) for i in range(min(len(lexed.raw), 5))]
    by_id = {s.id: s for s in reversed(heads)}
    if not {"ISA", "GS", "ST"} <= by_id.keys():
        return None
    isa = interchange_of(by_id["ISA"])
    bht = by_id.get("BHT")
    return SentHeader(isa, group_of(by_id["GS"], isa), by_id["ST"].el(3),
                      bht.el(3) if bht else "")


def claims_by_billing_provider(text: str, source: str) -> dict[str, list[str]]:
    """CLM01 of every claim in one of our 837 batches, by billing provider NPI (2010AA NM109)."""
    result: dict[str, list[str]] = {}
    npi = ""
    for _, el in lex(text, source).segments():
        if el[0] == "NM1" and len(el) > 9 and el[1] == "85":
            npi = el[9].strip()
        elif el[0] == "CLM" and len(el) > 1:
            result.setdefault(npi, []).append(el[1].strip())
    return result
