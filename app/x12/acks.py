"""Readers for the acknowledgements a clearinghouse returns: 999 and 277CA.

Delimiters are learned from the ISA header. A malformed file raises ``ValidationFailed`` whose
problems name the file, the segment number (1-based, ISA = 1) and the element.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from app.domain.acks import (
    Ack999,
    AckCode,
    ClaimAck277,
    ElementError,
    SegmentError,
    StcStatus,
    TransactionAck,
)
from app.domain.errors import Problem, ValidationFailed
from app.x12 import ack_codes as codes

ISA_LENGTH = 106


@dataclass(frozen=True)
class _Seg:
    number: int
    id: str
    elements: tuple[str, ...]
    component: str

    def el(self, pos: int) -> str:
        return self.elements[pos] if pos < len(self.elements) else ""

    def comp(self, pos: int, sub: int) -> str:
        parts = self.el(pos).split(self.component)
        return parts[sub - 1] if sub <= len(parts) else ""


class _Reader:
    """Splits the file into segments and collects problems with their location."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.segments = self._split(text)

    def problem(self, seg: _Seg | None, field: str, message: str) -> None:
        where = f"segment {seg.number} ({seg.id})" if seg else "file"
        self.problems.append(Problem(self.source, f"{where} {field}".strip(), message))

    def fail_if_problems(self) -> None:
        if self.problems:
            raise ValidationFailed(self.problems)

    def _split(self, text: str) -> list[_Seg]:
        text = text.lstrip()
        if len(text) < ISA_LENGTH or not text.startswith("ISA"):
            raise ValidationFailed([Problem(self.source, "ISA", (
                "This is not an X12 file: it must start with a 106-character ISA header."))])
        element, component, terminator = text[3], text[104], text[105]
        segments = []
        for number, raw in enumerate(text.split(terminator), start=1):
            raw = raw.strip("\r\n ")
            if raw:
                parts = tuple(raw.split(element))
                segments.append(_Seg(number, parts[0], parts, component))
        return segments

    def require(self, seg: _Seg, pos: int, label: str) -> str:
        value = seg.el(pos)
        if not value:
            self.problem(seg, f"{seg.id}{pos:02d}", f"{label} is missing.")
        return value

    def integer(self, seg: _Seg, pos: int, label: str) -> int:
        value = self.require(seg, pos, label)
        if value and not value.isdigit():
            self.problem(seg, f"{seg.id}{pos:02d}", f"{label} must be a number, not {value!r}.")
            return 0
        return int(value or 0)

    def ack_code(self, seg: _Seg, pos: int) -> AckCode:
        value = seg.el(pos)
        try:
            return AckCode(value)
        except ValueError:
            self.problem(seg, f"{seg.id}{pos:02d}", f"{value!r} is not an acknowledgement code.")
            return AckCode.REJECTED

    def d8(self, seg: _Seg, value: str, field: str) -> date | None:
        if not value:
            return None
        try:
            return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
        except ValueError:
            self.problem(seg, field, f"{value!r} is not a CCYYMMDD date.")
            return None

    def expect_set(self, set_id: str) -> list[_Seg]:
        """Check the envelope and return the segments between ST and SE (inclusive)."""
        ids = [s.id for s in self.segments]
        if "ST" not in ids:
            self.problem(None, "ST", "The file has no transaction set (ST segment).")
            self.fail_if_problems()
        st = self.segments[ids.index("ST")]
        if st.el(1) != set_id:
            self.problem(st, "ST01", f"Expected a {set_id} transaction, found {st.el(1)!r}.")
        for trailer in ("SE", "GE", "IEA"):
            if trailer not in ids:
                self.problem(None, trailer, f"The file is truncated: no {trailer} segment.")
        self.fail_if_problems()
        return self.segments[ids.index("ST"):ids.index("SE") + 1]


# -- 999 ------------------------------------------------------------------------------------------
def parse_999(text: str, source: str) -> Ack999:
    """Read a 999 implementation acknowledgement.

    Args:
        text: the whole 999 interchange.
        source: the file name used in problems and kept on the result.

    Returns:
        The acknowledgement, one ``TransactionAck`` per AK2 loop.

    Raises:
        ValidationFailed: the file is not a readable 999.
    """
    reader = _Reader(text, source)
    body = reader.expect_set("999")
    by_id = {s.id: s for s in reader.segments if s.id in ("ISA", "GS")}
    ak1 = next((s for s in body if s.id == "AK1"), None)
    ak9 = next((s for s in body if s.id == "AK9"), None)
    if ak1 is None or ak9 is None:
        reader.problem(None, "AK1/AK9", "The 999 has no AK1 or AK9 segment.")
        reader.fail_if_problems()
    assert ak1 is not None and ak9 is not None
    transactions = _transactions(reader, body)
    status = reader.ack_code(ak9, 1)
    group_codes = tuple(c for c in ak9.elements[5:10] if c)
    ack = Ack999(
        source=source, interchange_control_number=by_id["ISA"].el(13),
        created=reader.d8(by_id["GS"], by_id["GS"].el(4), "GS04") if "GS" in by_id else None,
        functional_id=reader.require(ak1, 1, "The functional identifier"),
        group_control_number=reader.require(ak1, 2, "The group control number"),
        version=ak1.el(3), group_status=status,
        sets_included=reader.integer(ak9, 2, "The number of transaction sets included"),
        sets_received=reader.integer(ak9, 3, "The number of transaction sets received"),
        sets_accepted=reader.integer(ak9, 4, "The number of transaction sets accepted"),
        group_codes=group_codes, transactions=tuple(transactions),
        message=" ".join([codes.SET_STATUS.get(status.value, "")] + [
            codes.lookup(codes.GROUP_ERRORS, c, "Group error") for c in group_codes]).strip())
    reader.fail_if_problems()
    return ack


def _transactions(reader: _Reader, body: list[_Seg]) -> list[TransactionAck]:
    result: list[TransactionAck] = []
    ak2: _Seg | None = None
    errors: list[SegmentError] = []
    for seg in body:
        if seg.id == "AK2":
            ak2, errors = seg, []
        elif seg.id == "IK3":
            errors.append(_segment_error(reader, seg))
        elif seg.id == "IK4" and errors:
            last = errors[-1]
            errors[-1] = last.model_copy(
                update={"elements": (*last.elements, _element_error(reader, seg))})
        elif seg.id == "IK4":
            reader.problem(seg, "", "IK4 must follow an IK3 segment.")
        elif seg.id == "IK5":
            if ak2 is None:
                reader.problem(seg, "", "IK5 must follow an AK2 segment.")
                continue
            result.append(_transaction(reader, ak2, seg, errors))
            ak2, errors = None, []
    if ak2 is not None:
        reader.problem(ak2, "", "This AK2 has no IK5 verdict.")
    return result


def _transaction(reader: _Reader, ak2: _Seg, ik5: _Seg, errors: list[SegmentError]
                 ) -> TransactionAck:
    status = reader.ack_code(ik5, 1)
    set_codes = tuple(c for c in ik5.elements[2:7] if c)
    words = [codes.SET_STATUS.get(status.value, "")]
    words += [codes.lookup(codes.SET_ERRORS, c, "Transaction set error") for c in set_codes]
    return TransactionAck(
        set_id=reader.require(ak2, 1, "The transaction set identifier"),
        control_number=reader.require(ak2, 2, "The transaction set control number"),
        version=ak2.el(3), status=status, codes=set_codes, message=" ".join(words).strip(),
        errors=tuple(errors))


def _segment_error(reader: _Reader, seg: _Seg) -> SegmentError:
    code = seg.el(4)
    return SegmentError(
        segment_id=reader.require(seg, 1, "The segment id in error"),
        position=reader.integer(seg, 2, "The segment position"), loop_id=seg.el(3), code=code,
        message=codes.lookup(codes.SEGMENT_ERRORS, code, "Segment error") if code else "")


def _element_error(reader: _Reader, seg: _Seg) -> ElementError:
    position, component = seg.comp(1, 1), seg.comp(1, 2)
    if not position.isdigit() or (component and not component.isdigit()):
        reader.problem(seg, "IK401", f"{seg.el(1)!r} is not an element position.")
        position, component = "0", ""
    code = reader.require(seg, 3, "The element error code")
    return ElementError(
        position=int(position), component=int(component) if component else None,
        element_ref=seg.el(2), code=code, bad_value=seg.el(4),
        message=codes.lookup(codes.ELEMENT_ERRORS, code, "Element error"))


# -- 277CA ----------------------------------------------------------------------------------------
def parse_277ca(text: str, source: str) -> list[ClaimAck277]:
    """Read a 277CA claim acknowledgement.

    Args:
        text: the whole 277 (005010X214) interchange.
        source: the file name used in problems and kept on each result.

    Returns:
        One ``ClaimAck277`` per claim (2200D loop), in file order.

    Raises:
        ValidationFailed: the file is not a readable 277CA.
    """
    reader = _Reader(text, source)
    state = _State277(reader)
    for seg in reader.expect_set("277"):
        state.feed(seg)
    state.close()
    reader.fail_if_problems()
    return state.claims


class _State277:
    """Walks the 277CA hierarchy, keeping the context each claim needs."""

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.claims: list[ClaimAck277] = []
        self.level = ""
        self.context: dict[str, str] = {}
        self.claim: dict[str, object] | None = None
        self.in_line = False
        self.line_ref = ""

    def feed(self, seg: _Seg) -> None:
        handler = getattr(self, f"_{seg.id.lower()}", None)
        if handler is not None:
            handler(seg)

    def close(self) -> None:
        if self.claim is not None:
            self.claims.append(self._finish(self.claim))
            self.claim = None

    def _hl(self, seg: _Seg) -> None:
        self.close()
        self.level = seg.el(3)
        self.in_line = False
        if self.level not in ("20", "21", "19", "PT"):
            self.reader.problem(seg, "HL03", f"{self.level!r} is not a 277CA level code.")

    def _nm1(self, seg: _Seg) -> None:
        if seg.el(1) == "PR" or seg.el(1) == "AY":
            self.context["payer_name"] = seg.el(3)
        elif seg.el(1) == "85":
            self.context["billing_npi"] = seg.el(9)
        elif seg.el(1) == "QC":
            self.context.update(patient_last=seg.el(3), patient_first=seg.el(4),
                                member_id=seg.el(9))

    def _trn(self, seg: _Seg) -> None:
        if self.level != "PT":
            return
        self.close()
        self.in_line = False
        pcn = self.reader.require(seg, 2, "The patient control number")
        self.claim = {"patient_control_number": pcn, "statuses": [], "lines": [],
                      **{k: v for k, v in self.context.items()}}

    def _stc(self, seg: _Seg) -> None:
        if self.claim is None:
            return  # receiver / provider level statuses are not per claim
        statuses = [self._status(seg, pos) for pos in (1, 10, 11) if seg.el(pos)]
        if self.in_line:
            self.claim["lines"].append((self.line_ref, statuses[0]))  # type: ignore[attr-defined]
            return
        self.claim["statuses"] += statuses  # type: ignore[operator]
        self.claim.update(status_date=self.reader.d8(seg, seg.el(2), "STC02"), action=seg.el(3),
                          total_charge=self._amount(seg, 4), free_text=seg.el(12))

    def _status(self, seg: _Seg, pos: int) -> StcStatus:
        category, code, entity = seg.comp(pos, 1), seg.comp(pos, 2), seg.comp(pos, 3)
        if not category or not code:
            self.reader.problem(seg, f"STC{pos:02d}", "The status needs a category and a code.")
        return StcStatus(category=category, code=code, entity=entity,
                           message=codes.status_text(category, code, entity))

    def _amount(self, seg: _Seg, pos: int) -> Decimal | None:
        value = seg.el(pos)
        try:
            return Decimal(value) if value else None
        except InvalidOperation:
            self.reader.problem(seg, f"STC{pos:02d}", f"{value!r} is not an amount.")
            return None

    def _ref(self, seg: _Seg) -> None:
        if self.claim is None:
            return
        key = {"1K": "payer_claim_number", "D9": "clearinghouse_trace"}.get(seg.el(1))
        if self.in_line and seg.el(1) == "FJ":
            self.line_ref = seg.el(2)
            lines = self.claim["lines"]
            if lines and not lines[-1][0]:  # type: ignore[index]
                lines[-1] = (self.line_ref, lines[-1][1])  # type: ignore[index]
        elif key and not self.in_line:
            self.claim[key] = seg.el(2)

    def _svc(self, seg: _Seg) -> None:
        self.in_line = True
        self.line_ref = ""

    def _dtp(self, seg: _Seg) -> None:
        if self.claim is None or self.in_line or seg.el(1) != "472":
            return
        first, _, last = seg.el(3).partition("-")
        self.claim["service_from"] = self.reader.d8(seg, first, "DTP03")
        self.claim["service_to"] = self.reader.d8(seg, last or first, "DTP03")

    def _finish(self, data: dict[str, object]) -> ClaimAck277:
        data = dict(data)
        data["statuses"] = tuple(data["statuses"])  # type: ignore[arg-type]
        data["line_statuses"] = tuple(data.pop("lines"))  # type: ignore[arg-type]
        if not data["statuses"]:
            self.reader.problem(None, "STC", f"Claim {data['patient_control_number']} has no "
                                             "status (STC) segment.")
        return ClaimAck277(source=self.reader.source, **data)  # type: ignore[arg-type]
