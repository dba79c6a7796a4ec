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
    """A 999 implementation acknowledgement for one of our functional groups."""

    source: str
    interchange_control_number: str  # ISA13 of the 999 itself
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
    def accepted(self) -> bool:
        """True when the claim went on to adjudication (category A1, A2, A5 or A0)."""
        return self.category in ("A0", "A1", "A2", "A5") and self.action != "U"

    @property
    def message(self) -> str:
        """All statuses in plain words, then the free text."""
        parts = [s.message for s in self.statuses]
        if self.free_text:
            parts.append(self.free_text)
        return " ".join(parts)
