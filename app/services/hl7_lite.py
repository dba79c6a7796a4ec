"""A light HL7 v2 message reader for the import's fast path.

python-hl7 builds a container for every field, repetition and component of every segment;
for 10,000 messages that is most of the import's time. :func:`parse` splits a field only
when the adapter asks for it, and indexes exactly as python-hl7 does (``seg[0]`` is the
segment name, ``MSH[1]`` the field separator, ``MSH[2]`` the encoding characters), so
``intake_hl7`` reads both the same way. Messages with other than the standard encoding
characters go to python-hl7 (``parse`` returns None for them).
"""

from __future__ import annotations

from collections.abc import Iterator

STANDARD = "|^~\\&"

#: A field: repetitions of components; a component holding subcomponents is a list.
Field = list[list[str | list[str]]]


class Hl7Segment:
    """One segment; fields are split on first use."""

    __slots__ = ("name", "_parts", "_shift")

    def __init__(self, text: str) -> None:
        self._parts = text.split("|")
        self.name = self._parts[0]
        self._shift = 1 if self.name == "MSH" else 0

    def __getitem__(self, index: int) -> str | Field:
        """Field ``index`` (HL7 numbering; 0 is the segment name)."""
        if index == 0:
            return self.name
        if self._shift and index in (1, 2):
            return [["|" if index == 1 else self._parts[1]]]
        if index < 0:
            raise IndexError(index)
        text = self._parts[index - self._shift]
        return [[c.split("&") if "&" in c else c for c in rep.split("^")]
                for rep in text.split("~")]


class Message:
    """The segments of one message."""

    def __init__(self, segments: list[Hl7Segment]) -> None:
        self.segments = segments

    def __iter__(self) -> Iterator[Hl7Segment]:
        return iter(self.segments)

    def segment(self, name: str) -> Hl7Segment:
        """The first segment called ``name`` (KeyError when there is none)."""
        for seg in self.segments:
            if seg.name == name:
                return seg
        raise KeyError(name)


def parse(body: str) -> Message | None:
    """The message (segments separated by CR), or None when it needs python-hl7."""
    if body[3:8] != STANDARD:
        return None
    return Message([Hl7Segment(s) for s in body.split("\r") if s])
