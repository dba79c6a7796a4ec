"""Acknowledgements a submitter receives for an 837 batch: the 999 and the 277CA.

``Ack999`` says, per transaction set (ST02), whether the file was syntactically accepted;
``ClaimAck277`` says, per claim (CLM01), whether the clearinghouse or payer took it in.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from app.domain.base import Record


class AckCode(StrEnum):
    """IK501 / AK901 acknowledgement codes."""

    ACCEPTED = "A"
    ACCEPTED_WITH_ERRORS = "E"
    PARTIALLY_ACCEPTED = "P"  # AK9 only: some transaction sets rejected
    REJECTED = "R"
    REJECTED_MAC = "M"  # authentication failed
    REJECTED_SECURITY = "W"  # assurance failed
    REJECTED_ENCRYPTION = "X"  # content could not be analyzed

    @property
    def accepted(self) -> bool:
        """True when the transaction set (or group) goes on to processing."""
        return self in (AckCode.ACCEPTED, AckCode.ACCEPTED_WITH_ERRORS)


class ElementError(Record):
    """IK4: one bad element inside a segment named by IK3."""

    position: int  # IK401-1
    component: int | None = None  # IK401-2
    element_ref: str = ""  # IK402 data element reference number
    code: str  # IK403 (1..13, I6..I13)
    bad_value: str = ""  # IK404
    message: str  # plain words


class SegmentError(Record):
    """IK3: one segment in error, with its IK4 element errors."""

    segment_id: str  # IK301
    position: int  # IK302, segment position in the transaction set (ST = 1)
    loop_id: str = ""  # IK303
    code: str = ""  # IK304 (1..8, I4..I9)
    message: str
    elements: tuple[ElementError, ...] = ()


class TransactionAck(Record):
    """AK2..IK5: the verdict on one transaction set of our file."""

    set_id: str  # AK201, ``837``
    control_number: str  # AK202 = our ST02
    version: str = ""  # AK203
    status: AckCode  # IK501
    codes: tuple[str, ...] = ()  # IK502..IK506
    message: str  # plain words
    errors: tuple[SegmentError, ...] = ()

    @property
    def accepted(self) -> bool:
        """True when the transaction set was accepted (perhaps with errors)."""
        return self.status.accepted


class Ack999(Record):
    """A 999 implementation acknowledgement (one ST) for one of our functional groups.

    The envelope fields are the 999's own: its sender is the party we sent our batch to.
    """

    source: str
    interchange_control_number: str  # ISA13 of the 999 itself
    sender_qualifier: str = ""  # ISA05
    sender_id: str = ""  # ISA06
    receiver_qualifier: str = ""  # ISA07
    receiver_id: str = ""  # ISA08
    gs_sender: str = ""  # GS02
    gs_receiver: str = ""  # GS03
    transaction_control_number: str = ""  # ST02 of the 999
    segment: int | None = None  # the 999's ST segment number in the file
    created: date | None = None  # GS04
    functional_id: str  # AK101, ``HC``
    group_control_number: str  # AK102 = our GS06
    version: str = ""  # AK103
    group_status: AckCode  # AK901
    sets_included: int  # AK902
    sets_received: int  # AK903
    sets_accepted: int  # AK904
    group_codes: tuple[str, ...] = ()  # AK905..AK909
    transactions: tuple[TransactionAck, ...] = ()
    message: str

    @property
    def accepted(self) -> bool:
        """True when the whole group was accepted (perhaps with errors)."""
        return self.group_status.accepted

    def rejected_control_numbers(self) -> list[str]:
        """ST02 values of the transaction sets that were rejected."""
        return [t.control_number for t in self.transactions if not t.accepted]


class Disposition(StrEnum):
    """What a 277CA status category means for a claim we sent."""

    ACCEPTED = "accepted"  # A0 forwarded, A1 received, A2 accepted, A5 split
    REJECTED = "rejected"  # A3 returned, A4 not found, A6/A7/A8 rejected
    PENDING = "pending"  # P0-P5: in the payer's system, no answer yet
    REVIEW = "review"  # anything else (E*, R*, F* ...): shown, no status change


#: Claim status category codes (code source 507, acknowledgement group) and their meaning,
#: as the 277CA TR3 uses them: A0 forwarded to another entity, A1 received (not yet accepted
#: for adjudication), A2 accepted into adjudication, A3 returned as unprocessable, A4 not found,
#: A5 split upon acceptance, A6 rejected for missing information, A7 rejected for invalid
#: information, A8 rejected for a relational field in error.
_DISPOSITIONS = {
    "A0": Disposition.ACCEPTED, "A1": Disposition.ACCEPTED, "A2": Disposition.ACCEPTED,
    "A5": Disposition.ACCEPTED, "A3": Disposition.REJECTED, "A4": Disposition.REJECTED,
    "A6": Disposition.REJECTED, "A7": Disposition.REJECTED, "A8": Disposition.REJECTED,
}


def category_disposition(category: str) -> Disposition:
    """The disposition of a claim status category code (STC01-1)."""
    if category in _DISPOSITIONS:
        return _DISPOSITIONS[category]
    return Disposition.PENDING if category.startswith("P") else Disposition.REVIEW


class StcStatus(Record):
    """One STC status composite: category, status and entity codes."""

    category: str  # STC01-1: A1, A2 accepted; A3, A4, A6, A7, A8 rejected ...
    code: str  # STC01-2, claim status code (code source 507)
    entity: str = ""  # STC01-3, entity identifier (85 billing provider, IL subscriber ...)
    message: str  # plain words


class ClaimAck277(Record):
    """One claim's entry in a 277CA claim acknowledgement."""

    source: str
    patient_control_number: str  # 2200D TRN02 = our CLM01
    statuses: tuple[StcStatus, ...]  # STC01, STC10, STC11 (first is the main one)
    status_date: date | None = None  # STC02
    action: str = ""  # STC03: WQ accepted, U rejected
    total_charge: Decimal | None = None  # STC04
    payer_claim_number: str = ""  # REF*1K
    clearinghouse_trace: str = ""  # REF*D9
    service_from: date | None = None  # DTP*472
    service_to: date | None = None
    patient_last: str = ""
    patient_first: str = ""
    member_id: str = ""
    billing_npi: str = ""  # 2100C NM109
    payer_name: str = ""  # 2100A NM103
    free_text: str = ""  # STC12
    line_statuses: tuple[tuple[str, StcStatus], ...] = ()  # (REF*FJ line control, status)
    receiver_trace: str = ""  # 2200B TRN02: our batch's BHT03
    segment: int | None = None  # the 2200D TRN segment number

    @property
    def category(self) -> str:
        """The main status category code (STC01-1)."""
        return self.statuses[0].category if self.statuses else ""

    @property
    def status_code(self) -> str:
        """The main claim status code (STC01-2)."""
        return self.statuses[0].code if self.statuses else ""

    @property
    def entity(self) -> str:
        """The entity the main status is about (STC01-3)."""
        return self.statuses[0].entity if self.statuses else ""

    @property
    def disposition(self) -> Disposition:
        """What the main status means for the claim (``category_disposition``)."""
        return category_disposition(self.category)

    @property
    def accepted(self) -> bool:
        """True when the claim was received, accepted, forwarded or split (A0, A1, A2, A5)."""
        return self.disposition is Disposition.ACCEPTED

    @property
    def message(self) -> str:
        """All statuses in plain words, then the free text."""
        parts = [s.message for s in self.statuses]
        if self.free_text:
            parts.append(self.free_text)
        return " ".join(parts)


class LevelStatus277(Record):
    """A status the 277CA gives above the claim: for a whole receiver (2000B) or provider (2000C).

    A rejection here covers every claim beneath it, listed or not.
    """

    level: str  # HL03: 20 information source, 21 information receiver, 19 billing provider
    loop: str  # 2200A, 2200B or 2200C
    name: str = ""  # 2100 NM103 (an organization: the clearinghouse, our practice)
    identifier: str = ""  # 2100 NM109 (submitter id, billing NPI)
    trace: str = ""  # 2200 TRN02 (2200B: our batch's BHT03)
    receiver_trace: str = ""  # the enclosing 2200B TRN02
    statuses: tuple[StcStatus, ...]
    action: str = ""  # STC03
    claims: tuple[str, ...] = ()  # 2200D TRN02 of the claims listed beneath it
    segment: int | None = None  # the STC segment number

    @property
    def disposition(self) -> Disposition:
        """What the first status means for the claims covered."""
        return category_disposition(self.statuses[0].category if self.statuses else "")

    @property
    def description(self) -> str:
        """``information receiver ACME (TRN CDB0000104)`` in plain words."""
        kind = {"20": "information source", "21": "information receiver",
                "19": "billing provider"}.get(self.level, f"level {self.level}")
        who = " ".join(p for p in (self.name, self.identifier) if p)
        return f"{kind} {who}".strip() + (f" (trace {self.trace})" if self.trace else "")


class Ack277(Record):
    """A 277CA file: every claim and every receiver- or provider-level status, in file order."""

    source: str
    claims: tuple[ClaimAck277, ...] = ()
    levels: tuple[LevelStatus277, ...] = ()
