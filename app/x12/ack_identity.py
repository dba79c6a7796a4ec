"""What makes two acknowledgment files the same message, and the TA1 interchange acknowledgment.

``content_key`` hashes the normalized X12 of a 999 or 277CA: segments with their elements
re-joined with fixed delimiters (so the file's separators, line breaks, a byte-order mark or a
trailing terminator make no difference), with the envelope's own control numbers and creation
stamps blanked: ISA09/ISA10/ISA13 (and the delimiters ISA11/ISA16), IEA02, GS04/GS05/GS06,
GE02, ST02, SE02 and BHT04/BHT05.

Why those may differ in a resend: X12.5 (interchange control) requires every interchange a
sender transmits to carry a new ISA13 -- a receiver treats a repeated ISA13 as a duplicate
interchange (TA1 note code 025) -- and X12.6 requires GS06 and ST02 to be unique within it. A
clearinghouse that re-delivers an acknowledgment therefore has to give it new control numbers
and a new creation date and time; the 999 TR3 (005010X231A1) and the 277CA TR3 (005010X214)
carry what the acknowledgment says in the body: AK1/AK2 name *our* group and transaction set
control numbers, 2200B/2200D TRN02 name our batch and claims, and those are kept in the key. So
the same body under new envelope numbers is the same acknowledgment, sent again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from app.x12.segments import lex

#: (segment id, element positions) blanked before hashing: the envelope's own numbers and stamps.
_ENVELOPE_OWN = {"ISA": (9, 10, 11, 13, 16), "IEA": (2,), "GS": (4, 5, 6), "GE": (2,), "ST": (2,),
                 "SE": (2,), "BHT": (4, 5)}

TA1_MEANING = ("a TA1 interchange acknowledgment: it says whether the interchange envelope was "
               "accepted; no claim status")
_TA104 = {"A": "accepted", "E": "accepted with errors", "R": "rejected"}


def content_key(text: str, source: str) -> str:
    """The SHA-256 of an acknowledgment's normalized X12 (see the module docstring).

    Raises:
        ImportRejected: the ISA segment cannot be read.
    """
    lexed = lex(text, source)
    component = lexed.delimiters.component
    lines = []
    for _, elements in lexed.segments():
        parts = [e.strip().replace(component, ":") for e in elements]
        for pos in _ENVELOPE_OWN.get(parts[0], ()):
            if pos < len(parts):
                parts[pos] = ""
        lines.append("*".join(parts).rstrip("*"))
    return hashlib.sha256("~".join(lines).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Ta1:
    """One TA1 segment: the interchange it answers and its verdict."""

    interchange: str  # TA101: the ISA13 it acknowledges
    code: str  # TA104: A, E or R
    note: str  # TA105: the interchange note code
    segment: int

    @property
    def verdict(self) -> str:
        """TA104 in words."""
        return _TA104.get(self.code, f"an unknown verdict {self.code!r}")


def ta1_only(text: str, source: str) -> list[Ta1]:
    """The TA1 segments of an interchange that holds no functional group (else empty).

    Raises:
        ImportRejected: the ISA segment cannot be read.
    """
    lexed = lex(text, source)
    segments = list(lexed.segments())
    if any(parts[0].strip() == "GS" for _, parts in segments):
        return []
    return [Ta1(_el(parts, 1), _el(parts, 4), _el(parts, 5), number)
            for number, parts in segments if parts[0].strip() == "TA1"]


def _el(parts: list[str], pos: int) -> str:
    return parts[pos].strip() if pos < len(parts) else ""
