"""Read a 277CA claim acknowledgement (005010X214) into an ``Ack277``.

The hierarchy (HL03) is the TR3's: 20 information source (2000A: the clearinghouse or payer),
21 information receiver (2000B: the submitter, with 2200B TRN02 = the batch's BHT03), 19
billing provider of service (2000C), PT patient (2000D, one claim: 2200D TRN02 = CLM01), and
2220D service lines (SVC). Statuses at 2200B/2200C become ``LevelStatus277`` records covering
every claim beneath them. A claim-status 277 (005010X212, answering a 276 inquiry) is refused
by ``versions`` with a message saying what it is.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from app.domain.acks import Ack277, ClaimAck277, LevelStatus277, StcStatus
from app.x12 import ack_codes as codes
from app.x12 import versions
from app.x12.acks import SegmentReader, body, envelope_checked
from app.x12.segments import Segment

_LEVELS = {"20": "A", "21": "B", "19": "C", "PT": "D"}


def read_277ca(text: str, source: str) -> Ack277:
    """Read a 277CA: every claim (2200D) and every receiver/provider-level status.

    Args:
        text: the whole interchange (any number of groups and transaction sets).
        source: the file name used in problems and kept on each result.

    Raises:
        ImportRejected: the file is not a readable 277CA; every malformed segment is named.
    """
    lexed, envelopes = envelope_checked(text, source, versions.ACK_277CA)
    reader = SegmentReader(source)
    state = _State277(reader)
    for tx in envelopes.transactions:
        state.start()
        for seg in body(lexed, tx):
            state.feed(seg)
        state.close()
    reader.fail_if_problems()
    return Ack277(source=source, claims=tuple(state.claims),
                  levels=tuple(LevelStatus277.model_validate(v) for v in state.levels))


class _State277:
    """Walks the 277CA hierarchy, keeping the context each claim needs."""

    def __init__(self, reader: SegmentReader) -> None:
        self.reader = reader
        self.claims: list[ClaimAck277] = []
        self.levels: list[dict[str, Any]] = []
        self.start()

    def start(self) -> None:
        """Reset the hierarchy at a new ST."""
        self.letter = self.hl = ""
        self.claim_seg: Segment | None = None
        self.context: dict[str, str] = {}
        self.claim: dict[str, Any] | None = None
        self.level: dict[str, Any] | None = None  # the open HL 20/21/19 with a status
        self.covering: dict[str, dict[str, Any]] = {}  # HL03 -> level record above the claim
        self.in_line = False
        self.line_ref = ""

    @property
    def loop(self) -> str:
        """The TR3 loop the current segment belongs to (``2200D``, ``2220D``...)."""
        return "2220D" if self.in_line else f"2200{self.letter}" if self.letter else ""

    def feed(self, seg: Segment) -> None:
        """Take one segment of the transaction set."""
        if self.letter == "?" and seg.id != "HL":
            return  # under an HL whose level code was already reported
        handler = getattr(self, f"_{seg.id.lower()}", None)
        if handler is not None:
            handler(seg)

    def close(self) -> None:
        """Finish the open claim."""
        if self.claim is not None:
            self.claims.append(self._finish(self.claim))
            self.claim = None

    def _hl(self, seg: Segment) -> None:
        self.close()
        self.in_line, self.level = False, None
        code = seg.el(3)
        self.letter = _LEVELS.get(code, "?")
        if self.letter == "?":
            self.reader.problem(seg, "HL03", f"{code!r} is not a 277CA level code (20, 21, 19 "
                                "or PT).", "2000")
            return
        for deeper in {"20": ("20", "21", "19"), "21": ("21", "19"), "19": ("19",)}.get(code, ()):
            self.covering.pop(deeper, None)
        if code == "21":
            for key in ("billing_npi", "provider_name", "receiver_trace"):
                self.context.pop(key, None)
        self.hl = code

    def _nm1(self, seg: Segment) -> None:
        qualifier = seg.el(1)
        if qualifier in ("PR", "AY"):
            self.context["payer_name"] = seg.el(3)
        elif qualifier in ("85", "41"):
            self.context["provider_name" if qualifier == "85" else "receiver_name"] = seg.el(3)
            self.context["billing_npi" if qualifier == "85" else "receiver_id"] = seg.el(9)
        elif qualifier == "QC":
            self.context.update(patient_last=seg.el(3), patient_first=seg.el(4),
                                member_id=seg.el(9))

    def _trn(self, seg: Segment) -> None:
        if self.letter == "B":
            self.context["receiver_trace"] = seg.el(2)
        if self.letter != "D":
            self.context[f"trace_{self.letter}"] = seg.el(2)
            return
        self.close()
        self.in_line = False
        pcn = self.reader.require(seg, 2, "The patient control number", "2200D")
        self.claim_seg = seg
        keep = ("payer_name", "billing_npi", "patient_last", "patient_first", "member_id",
                "receiver_trace")
        self.claim = {"patient_control_number": pcn, "statuses": [], "lines": [],
                      "segment": seg.number, **{k: self.context.get(k, "") for k in keep}}
        for level in self.covering.values():
            level["claims"].append(pcn)

    def _stc(self, seg: Segment) -> None:
        statuses = [self._status(seg, pos) for pos in (1, 10, 11) if seg.el(pos) or pos == 1]
        date_ = self.reader.d8(seg, seg.el(2), "STC02", self.loop)
        amount = self._amount(seg, 4)
        if self.claim is None and self.letter in ("A", "B", "C"):
            self._level_status(seg, statuses)
        elif self.claim is None:
            self.reader.problem(seg, "STC", "A status (STC) appears before any HL level.")
        elif self.in_line:
            self.claim["lines"].append((self.line_ref, statuses[0]))
        else:
            self.claim["statuses"] += statuses
            self.claim.update(status_date=date_, action=seg.el(3), total_charge=amount,
                              free_text=seg.el(12))

    def _level_status(self, seg: Segment, statuses: list[StcStatus]) -> None:
        if self.level is None:
            name, ident = {"B": ("receiver_name", "receiver_id"),
                           "C": ("provider_name", "billing_npi")}.get(self.letter, ("", ""))
            self.level = {
                "level": self.hl, "loop": self.loop, "name": self.context.get(name, ""),
                "identifier": self.context.get(ident, ""),
                "trace": self.context.get(f"trace_{self.letter}", ""),
                "receiver_trace": self.context.get("receiver_trace", ""), "statuses": [],
                "action": seg.el(3), "claims": [], "segment": seg.number}
            self.levels.append(self.level)
            self.covering[self.hl] = self.level
        self.level["statuses"] += statuses

    def _status(self, seg: Segment, pos: int) -> StcStatus:
        category, code, entity = seg.comp(pos, 1), seg.comp(pos, 2), seg.comp(pos, 3)
        field = f"STC{pos:02d}"
        if not (len(category) == 2 and category.isalnum()):
            self.reader.problem(seg, f"{field}-1", f"{category!r} is not a claim status "
                                "category code (two characters, such as A2 or A7).", self.loop)
        if not code.isdigit():
            self.reader.problem(seg, f"{field}-2", f"{code!r} is not a claim status code (a "
                                "number).", self.loop)
        if entity and not (entity.isalnum() and len(entity) <= 3):
            self.reader.problem(seg, f"{field}-3", f"{entity!r} is not an entity identifier "
                                "code.", self.loop)
        return StcStatus(category=category, code=code, entity=entity,
                           message=codes.status_text(category, code, entity))

    def _amount(self, seg: Segment, pos: int) -> Decimal | None:
        value = seg.el(pos)
        try:
            amount = Decimal(value) if value else None
        except InvalidOperation:
            amount = None
        if value and (amount is None or not amount.is_finite()):
            self.reader.problem(seg, f"STC{pos:02d}", f"{value!r} is not an amount.", self.loop)
            return None
        return amount

    def _ref(self, seg: Segment) -> None:
        if self.claim is None:
            return
        key = {"1K": "payer_claim_number", "D9": "clearinghouse_trace"}.get(seg.el(1))
        if self.in_line and seg.el(1) == "FJ":
            self.line_ref = seg.el(2)
            lines = self.claim["lines"]
            if lines and not lines[-1][0]:
                lines[-1] = (self.line_ref, lines[-1][1])
        elif key and not self.in_line:
            self.claim[key] = seg.el(2)

    def _svc(self, seg: Segment) -> None:
        if self.claim is None:
            self.reader.problem(seg, "SVC01", "A service line (SVC) appears outside a claim.",
                                "2220D")
        self.in_line = True
        self.line_ref = ""

    def _dtp(self, seg: Segment) -> None:
        if self.claim is None or self.in_line or seg.el(1) != "472":
            return
        first, _, last = seg.el(3).partition("-")
        self.claim["service_from"] = self.reader.d8(seg, first, "DTP03", "2200D")
        self.claim["service_to"] = self.reader.d8(seg, last or first, "DTP03", "2200D")

    def _finish(self, data: dict[str, Any]) -> ClaimAck277:
        data = dict(data)
        data["statuses"] = tuple(data["statuses"])
        data["line_statuses"] = tuple(data.pop("lines"))
        if not data["statuses"]:
            self.reader.problem(self.claim_seg, "STC", "This claim has no status (STC) segment.",
                                "2200D")
        return ClaimAck277(source=self.reader.source, **data)
