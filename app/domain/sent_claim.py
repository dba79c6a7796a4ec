"""A claim as it left the practice: its codes, lines and amounts frozen at each submission.

A claim does not own its codes: they live on the visit, and a coder may change the visit after a
denial. So every time a claim leaves the practice (an 837P batch or a printed CMS-1500) its
diagnoses, lines (code, modifiers, units, pointers, charge, dates, NDC) and claim frequency are
recorded as a ``SentClaim``. What was sent is shown and used from this record (claim history,
reprints, appeals, 835 line matching); the replacement claim is built from the new coding.

Pure domain: imports nothing outside ``app.domain``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from pydantic import Field

from app.domain.base import Record
from app.domain.claims import EDITABLE, Claim, ClaimStatus
from app.domain.encounters import DX_LETTERS, Encounter
from app.domain.submission import ClaimData, ClaimLineData


class SendChannel(StrEnum):
    """How the claim left the practice."""

    ELECTRONIC = "837P"
    PAPER = "paper"


class SentLineKey(NamedTuple):
    """What 835 line matching needs of a sent line (``id`` is the visit's service line)."""

    line_number: int
    id: int | None
    code: str
    modifiers: tuple[str, ...]


class SentLine(Record):
    """One service line exactly as it was sent (2400 / box 24)."""

    line_number: int = Field(ge=1)
    line_id: int | None = None  # the visit's service line (ledger and denials refer to it)
    code: str
    modifiers: tuple[str, ...] = ()
    units: Decimal = Decimal("1")
    charge: Decimal
    pointers: tuple[int, ...] = (1,)
    place_of_service: str = ""
    date_from: date
    date_to: date | None = None
    line_control_number: str = ""
    ndc: str = ""
    ndc_unit: str = ""
    ndc_quantity: Decimal | None = None
    note: str = ""

    @property
    def procedure(self) -> str:
        """Code and modifiers as printed (``99213-25``)."""
        return "-".join((self.code, *self.modifiers))

    @property
    def pointer_letters(self) -> str:
        """Diagnosis pointers as letters (``AB``)."""
        return "".join(DX_LETTERS[p - 1] for p in self.pointers if 1 <= p <= len(DX_LETTERS))


class SentClaim(Record):
    """One submission of one claim: what the payer received."""

    id: int | None = None
    claim_id: int
    sequence: int = Field(default=1, ge=1)  # 1 = first submission, 2 = resent, ...
    sent_at: datetime
    channel: SendChannel
    batch_id: int | None = None
    control_number: str
    frequency_code: str = "1"
    payer_claim_number: str = ""
    place_of_service: str = "11"
    diagnoses: tuple[str, ...] = ()
    lines: tuple[SentLine, ...] = ()

    @property
    def total_charge(self) -> Decimal:
        """CLM02 / box 28 as sent."""
        return sum((line.charge for line in self.lines), Decimal("0.00"))

    @property
    def diagnosis_letters(self) -> str:
        """Diagnoses with their box 21 letters (``A. J06.9  B. R05.9``)."""
        return "  ".join(f"{DX_LETTERS[i]}. {code}" for i, code in enumerate(self.diagnoses))

    def summary(self) -> str:
        """One line for a claim's history: when, how, and what the payer received."""
        how = "837P batch" if self.channel == SendChannel.ELECTRONIC else "printed on paper"
        lines = "; ".join(f"{x.procedure} x{x.units} {x.charge:,.2f} ptr {x.pointer_letters}"
                          for x in self.lines)
        return (f"{self.sent_at:%m/%d/%Y %H:%M} sent #{self.sequence} ({how}, frequency "
                f"{self.frequency_code}): dx {' '.join(self.diagnoses)} | {lines} | total "
                f"{self.total_charge:,.2f}")


def shows_as_sent(status: ClaimStatus) -> bool:
    """Whether the claim is shown as it was sent rather than from the visit's coding.

    A draft, ready, held or rejected claim is still being worked on: it shows the current
    coding. Every other claim is with the payer (or done) and shows its last submission.
    """
    return status not in EDITABLE


def line_from_data(line: ClaimLineData, line_id: int | None = None) -> SentLine:
    """The frozen form of one submission line."""
    return SentLine(
        line_number=line.line_number, line_id=line_id, code=line.code,
        modifiers=line.modifiers, units=line.units, charge=line.charge,
        pointers=line.pointers, place_of_service=line.place_of_service,
        date_from=line.date_from, date_to=line.date_to,
        line_control_number=line.line_control_number, ndc=line.ndc, ndc_unit=line.ndc_unit,
        ndc_quantity=line.ndc_quantity, note=line.note)


def sent_from_encounter(claim: Claim, encounter: Encounter, sent_at: datetime, *,
                        channel: SendChannel = SendChannel.ELECTRONIC,
                        sequence: int = 1) -> SentClaim:
    """What a claim sent for ``encounter`` carried (demo data and imports of old claims)."""
    pos = encounter.place_of_service
    return SentClaim(
        claim_id=claim.id or 0, sequence=sequence, sent_at=sent_at, channel=channel,
        control_number=claim.control_number, frequency_code=claim.frequency_code.value,
        payer_claim_number=claim.payer_claim_number, place_of_service=pos,
        diagnoses=encounter.diagnoses,
        lines=tuple(SentLine(
            line_number=x.line_number, line_id=x.id, code=x.code, modifiers=x.modifiers,
            units=x.units, charge=x.charge, pointers=x.pointers,
            place_of_service=x.place_of_service if x.place_of_service not in ("", pos) else "",
            date_from=encounter.date_of_service,
            line_control_number=f"{claim.control_number}-{x.line_number}", ndc=x.ndc,
            ndc_unit=x.ndc_unit, ndc_quantity=x.ndc_quantity, note=x.note)
            for x in encounter.lines))


_FROZEN_LINE_FIELDS = ("line_number", "code", "modifiers", "units", "charge", "pointers",
                       "place_of_service", "date_from", "date_to", "line_control_number",
                       "ndc", "ndc_unit", "ndc_quantity", "note")


def _frozen_line(sent: SentLine, current: ClaimLineData | None) -> ClaimLineData:
    values = {name: getattr(sent, name) for name in _FROZEN_LINE_FIELDS}
    if current is None:
        return ClaimLineData(**values)
    return current.model_copy(update=values)


def as_billed(data: ClaimData, sent: SentClaim) -> ClaimData:
    """``data`` (built from today's records) with the codes, lines and amounts as sent.

    Names, addresses and other parts not frozen come from ``data``; each sent line keeps the
    extra fields of the current line with the same number, if there is one.
    """
    current = {line.line_number: line for line in data.lines}
    return data.model_copy(update={
        "frequency_code": sent.frequency_code,
        "payer_claim_number": sent.payer_claim_number,
        "place_of_service": sent.place_of_service, "diagnoses": sent.diagnoses,
        "lines": tuple(_frozen_line(x, current.get(x.line_number)) for x in sent.lines)})


def void_of(data: ClaimData, original: SentClaim) -> ClaimData:
    """A void claim (frequency 8) repeats the original claim as it was sent.

    It keeps its own control number, frequency and the payer's claim number it voids; its line
    control numbers are its own (REF*6R is unique per submission).
    """
    sent = as_billed(data, original)
    return sent.model_copy(update={
        "frequency_code": data.frequency_code, "payer_claim_number": data.payer_claim_number,
        "lines": tuple(x.model_copy(update={
            "line_control_number": f"{data.control_number}-{x.line_number}"})
            for x in sent.lines)})
