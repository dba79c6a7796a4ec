"""Interchange (ISA/IEA), functional group (GS/GE) and transaction set (ST/SE) envelopes.

Control numbers are never invented here: the caller (a service holding a persistent counter)
passes ISA13, GS06 and the first ST02 in an ``Envelope``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.practice import Clearinghouse

ISA_LENGTH = 106
VERSION_837P = "005010X222A1"


@dataclass(frozen=True)
class Envelope:
    """Everything the envelopes and the 1000A/1000B loops need.

    Attributes:
        isa13: interchange control number (1..999999999), written zero-padded to 9 digits.
        gs06: functional group control number (1..999999999).
        st02_start: the first transaction set control number (4+ digits, zero-padded).
        sender_id: ISA06 / GS02 (submitter id agreed with the clearinghouse).
        receiver_id: ISA08 / GS03.
        sender_qualifier: ISA05.
        receiver_qualifier: ISA07.
        usage: ISA15, ``T`` test or ``P`` production.
        created: ISA09/ISA10, GS04/GS05 and BHT04/BHT05.
        submitter_name: 1000A NM103.
        contact_name: 1000A PER02.
        contact_phone: 1000A PER04 (10 digits).
        contact_email: 1000A PER06 (optional).
        receiver_name: 1000B NM103.
        element: element separator.
        component: component separator (ISA16).
        repetition: repetition separator (ISA11).
        segment: segment terminator.
        line_breaks: write a newline after every segment terminator.
        ack_requested: ISA14, ask for a TA1.
        batch_id: BHT03; empty means ``CDB`` + ISA13 as 7 digits.
    """

    isa13: int
    gs06: int
    sender_id: str
    receiver_id: str
    created: datetime
    submitter_name: str
    contact_name: str
    contact_phone: str
    receiver_name: str
    contact_email: str = ""
    st02_start: int = 1
    sender_qualifier: str = "ZZ"
    receiver_qualifier: str = "ZZ"
    usage: str = "T"
    element: str = "*"
    component: str = ":"
    repetition: str = "^"
    segment: str = "~"
    line_breaks: bool = False
    ack_requested: bool = False
    batch_id: str = ""

    def __post_init__(self) -> None:
        seps = (self.element, self.component, self.repetition, self.segment)
        if any(len(s) != 1 or s.isalnum() or s.isspace() for s in seps) or len(set(seps)) != 4:
            raise ValueError("X12 separators must be four different single punctuation marks.")
        if not 0 < self.isa13 <= 999_999_999 or not 0 < self.gs06 <= 999_999_999:
            raise ValueError("ISA13 and GS06 must be between 1 and 999999999.")
        if len(self.sender_qualifier) != 2 or len(self.receiver_qualifier) != 2:
            raise ValueError("ISA05 and ISA07 qualifiers must be 2 characters.")
        if self.usage not in ("T", "P"):
            raise ValueError("ISA15 usage must be T or P.")

    @classmethod
    def from_clearinghouse(
        cls, ch: Clearinghouse, *, isa13: int, gs06: int, created: datetime, st02_start: int = 1
    ) -> Envelope:
        """Build the envelope for one export to ``ch`` with the given control numbers."""
        return cls(
            isa13=isa13, gs06=gs06, st02_start=st02_start, created=created,
            sender_id=ch.submitter_id, receiver_id=ch.receiver_id,
            sender_qualifier=ch.isa_qualifier, receiver_qualifier=ch.isa_qualifier,
            usage=str(ch.usage), submitter_name=ch.submitter_name, contact_name=ch.contact_name,
            contact_phone=ch.contact_phone, contact_email=ch.contact_email,
            receiver_name=ch.receiver_name, line_breaks=ch.line_breaks,
        )

    @property
    def terminator(self) -> str:
        """The segment terminator as written (with the newline when line breaks are on)."""
        return self.segment + ("\n" if self.line_breaks else "")

    @property
    def bht03(self) -> str:
        """The batch reference (BHT03)."""
        return self.batch_id or f"CDB{self.isa13:07d}"

    def st02(self, index: int) -> str:
        """The control number of the ``index``-th (0-based) transaction set."""
        return f"{self.st02_start + index:04d}"

    @property
    def forbidden(self) -> str:
        """Characters that must never appear inside data for this envelope."""
        return self.element + self.component + self.repetition + self.segment


def isa(env: Envelope) -> str:
    """The fixed-width ISA segment (106 characters including the terminator)."""
    e = env.element
    parts = [
        "ISA", "00", " " * 10, "00", " " * 10,
        env.sender_qualifier, f"{env.sender_id:<15}"[:15],
        env.receiver_qualifier, f"{env.receiver_id:<15}"[:15],
        env.created.strftime("%y%m%d"), env.created.strftime("%H%M"),
        env.repetition, "00501", f"{env.isa13:09d}",
        "1" if env.ack_requested else "0", env.usage, env.component,
    ]
    text = e.join(parts) + env.segment
    if len(text) != ISA_LENGTH:
        raise ValueError(f"ISA would be {len(text)} characters instead of {ISA_LENGTH}.")
    return text + ("\n" if env.line_breaks else "")


def gs(env: Envelope, version: str = VERSION_837P) -> str:
    """The GS segment for health care claims (GS01 = HC)."""
    return env.element.join([
        "GS", "HC", env.sender_id, env.receiver_id, env.created.strftime("%Y%m%d"),
        env.created.strftime("%H%M"), str(env.gs06), "X", version,
    ]) + env.terminator


def st(env: Envelope, index: int, set_id: str = "837", version: str = VERSION_837P) -> str:
    """The ST segment of the ``index``-th transaction set."""
    return env.element.join(["ST", set_id, env.st02(index), version]) + env.terminator


def se(env: Envelope, index: int, segment_count: int) -> str:
    """The SE trailer; ``segment_count`` includes ST and SE."""
    return env.element.join(["SE", str(segment_count), env.st02(index)]) + env.terminator


def ge(env: Envelope, set_count: int) -> str:
    """The GE trailer."""
    return env.element.join(["GE", str(set_count), str(env.gs06)]) + env.terminator


def iea(env: Envelope) -> str:
    """The IEA trailer (one functional group)."""
    return env.element.join(["IEA", "1", f"{env.isa13:09d}"]) + env.terminator
