"""Segment primitives shared by the 837P loop writers.

``writer_837`` (envelope and HL loops), ``loop_2300`` and ``loop_2400`` all write through a
``SegmentWriter``: it collects the segments of one transaction set and cleans every value
for its envelope's delimiters; the loop modules are plain functions that take one.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.practice import Address
from app.domain.submission import CasAdjustment, PersonName, ProviderData
from app.x12 import format as fmt
from app.x12.envelope import Envelope


class SegmentWriter:
    """Collects the segments of one ST..SE transaction set."""

    def __init__(self, env: Envelope) -> None:
        self.env = env
        self.e = env.element
        self.c = env.component
        self.x = env.forbidden
        self.out: list[str] = []

    def seg(self, *elements: str) -> None:
        """Append one segment, dropping trailing empty elements.

        Values never hold a separator (every helper removes them), so stripping trailing
        separators drops exactly the trailing empty elements.
        """
        self.out.append(self.e.join(elements).rstrip(self.e))

    def comp(self, *parts: str) -> str:
        """A composite element, dropping trailing empty components."""
        return self.c.join(parts).rstrip(self.c)

    def text(self, value: str | None, max_len: int | None = None) -> str:
        """Clean free text for this envelope's delimiters."""
        return fmt.clean(value, max_len, extra=self.x)

    def ident(self, value: str | None, max_len: int = 80) -> str:
        """Clean an identifier for this envelope's delimiters."""
        return fmt.identifier(value, max_len, extra=self.x)

    def person(self, code: str, name: PersonName, qualifier: str = "", ident: str = "") -> None:
        """An NM1 for a person (entity type 1)."""
        last, suffix = fmt.split_suffix(name.last, name.suffix)
        self.seg("NM1", code, "1", last[:60], fmt.name_part(name.first, 35),
                 fmt.name_part(name.middle, 25), "", suffix, qualifier if ident else "",
                 self.ident(ident))

    def provider(self, code: str, p: ProviderData, specialty: bool = False) -> None:
        """NM1 (person, NPI) for a provider; with ``specialty`` also PRV*PE when known."""
        self.person(code, p.name, "XX", p.npi)
        if specialty and p.taxonomy:
            self.seg("PRV", "PE", "PXC", self.ident(p.taxonomy, 50))

    def org(self, code: str, name: str, qualifier: str = "", ident: str = "") -> None:
        """An NM1 for an organization (entity type 2)."""
        self.seg("NM1", code, "2", fmt.org_name(name), "", "", "", "",
                 qualifier if ident else "", self.ident(ident))

    def addr(self, a: Address | None) -> None:
        """N3 and N4 from an ``Address`` (nothing when ``None``)."""
        if a is not None:
            self.seg("N3", self.text(a.street1, 55), self.text(a.street2, 55))
            self.seg("N4", self.text(a.city, 30), self.text(a.state, 2), fmt.digits(a.zip))

    def ref(self, qualifier: str, value: str) -> None:
        """A REF segment, skipped when the value is empty once cleaned."""
        cleaned = self.ident(value, 50)
        if cleaned:
            self.seg("REF", qualifier, cleaned)

    def note(self, value: str) -> None:
        """An NTE*ADD segment, skipped when empty."""
        cleaned = self.text(value, 80)
        if cleaned:
            self.seg("NTE", "ADD", cleaned)

    def cas(self, adjustments: Sequence[CasAdjustment]) -> None:
        """CAS segments: one per group code, at most six reason triplets each."""
        by_group: dict[str, list[CasAdjustment]] = {}
        for adj in adjustments:
            by_group.setdefault(adj.group, []).append(adj)
        for group, items in by_group.items():
            for start in range(0, len(items), 6):
                elements = ["CAS", self.text(group, 2)]
                for adj in items[start:start + 6]:
                    qty = fmt.quantity(adj.quantity) if adj.quantity is not None else ""
                    elements += [self.text(adj.reason, 5), fmt.amount(adj.amount), qty]
                self.seg(*elements)

    def procedure(self, code: str, modifiers: Sequence[str]) -> str:
        """The ``HC:code:mod...`` composite."""
        return self.comp("HC", self.ident(code, 48), *(self.ident(m, 2) for m in modifiers))


def yn(flag: bool) -> str:
    """``Y`` or ``N``."""
    return "Y" if flag else "N"
