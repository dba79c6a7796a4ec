"""Encounters (visits), their diagnoses and service lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from app.domain import identifiers as ids
from app.domain.base import Record

MAX_DIAGNOSES = 12
MAX_POINTERS = 4
MAX_MODIFIERS = 4
DX_LETTERS = "ABCDEFGHIJKL"


class CodingStatus(StrEnum):
    """Where an encounter is in the coding workflow."""

    UNCODED = "uncoded"
    QUERY = "query"  # waiting on a provider query
    CODED = "coded"
    CORRECTION = "correction"  # returned for a coding correction after a denial/rejection


def normalize_icd(code: str) -> str:
    """Upper case with the dot after the third character (``e1165`` -> ``E11.65``)."""
    bare = code.strip().upper().replace(".", "")
    return bare if len(bare) <= 3 else f"{bare[:3]}.{bare[3:]}"


class Attachment(Record):
    """Paperwork supporting a claim (837P PWK / CMS-1500 item 19).

    ``report_type`` is the X12 attachment report type (``OZ`` support data, ``B3`` physician
    order, ``OB`` operative note, ``M1`` medical record...); ``transmission`` how it reaches
    the payer (``AA`` on request, ``BM`` mail, ``EL`` electronic, ``EM`` e-mail, ``FT`` file
    transfer, ``FX`` fax); ``control_number`` is written on the cover sheet so the payer can
    match it (required unless ``AA``).
    """

    report_type: str = Field(pattern=r"^[A-Z0-9]{2}$")
    transmission: str = Field(pattern=r"^(AA|BM|EL|EM|FT|FX)$")
    control_number: str = Field(default="", max_length=50, pattern=r"^[A-Za-z0-9-]*$")

    @model_validator(mode="after")
    def _control(self) -> Attachment:
        if self.transmission != "AA" and not self.control_number:
            raise ValueError("control_number: An attachment that is sent needs its control "
                             "number (write it on the cover sheet).")
        return self


class ServiceLine(Record):
    """One billed procedure: CPT/HCPCS code, modifiers, units, charge, pointers."""

    id: int | None = None
    line_number: int = Field(default=1, ge=1, le=50)
    code: str = Field(pattern=r"^[A-Z0-9]{5}$")
    modifiers: tuple[str, ...] = Field(default=(), max_length=MAX_MODIFIERS)
    units: Decimal = Decimal("1")
    charge: Decimal
    pointers: tuple[int, ...] = Field(default=(1,), max_length=MAX_POINTERS)
    place_of_service: str = Field(default="", pattern=r"^(\d{2})?$")
    ndc: str = Field(default="", pattern=r"^(\d{11})?$")
    ndc_unit: str = Field(default="", pattern=r"^(F2|GR|ME|ML|UN)?$")
    ndc_quantity: Decimal | None = None
    note: str = Field(default="", max_length=80)
    end_date: date | None = None  # last day of a multi-day service (DTP*472 RD8, box 24A to)
    rendering_provider_id: int | None = None  # when not the visit's rendering provider
    ordering_provider_id: int | None = None  # who ordered a lab test, an image or a supply
    unit_code: str = Field(default="UN", pattern=r"^(UN|MJ)$")  # MJ: anesthesia minutes

    @field_validator("code", mode="before")
    @classmethod
    def _upper_code(cls, value: str) -> str:
        return str(value).strip().upper()

    @field_validator("modifiers")
    @classmethod
    def _modifiers(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = tuple(m.strip().upper() for m in value if m.strip())
        for modifier in cleaned:
            if not re.fullmatch(r"[A-Z0-9]{2}", modifier):
                raise ValueError(f"Modifier {modifier!r} must be exactly 2 letters or digits.")
        return cleaned

    @field_validator("pointers")
    @classmethod
    def _pointers(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        for pointer in value:
            if not 1 <= pointer <= MAX_DIAGNOSES:
                raise ValueError("Diagnosis pointers must be between 1 (A) and 12 (L).")
        if len(set(value)) != len(value):
            raise ValueError("A diagnosis pointer is repeated.")
        return value

    @model_validator(mode="after")
    def _amounts(self) -> ServiceLine:
        if self.units <= 0:
            raise ValueError("units: Units must be more than zero.")
        if self.charge < 0:
            raise ValueError("charge: A charge cannot be negative.")
        if self.charge != self.charge.quantize(Decimal("0.01")):
            raise ValueError("charge: A charge has at most two decimals.")
        if self.unit_code == "MJ" and self.units != self.units.to_integral_value():
            raise ValueError("units: Anesthesia time is whole minutes.")
        if self.ndc and (not self.ndc_unit or self.ndc_quantity is None):
            raise ValueError("ndc_unit: A drug line with an NDC needs its unit and quantity.")
        return self

    @property
    def pointer_letters(self) -> str:
        """Pointers as letters (``AB``)."""
        return "".join(DX_LETTERS[p - 1] for p in self.pointers)


class Encounter(Record):
    """A visit: date of service, place, providers, documentation, codes."""

    id: int | None = None
    version: int = 0
    patient_id: int
    date_of_service: date
    place_of_service: str = Field(default="11", pattern=r"^\d{2}$")
    rendering_provider_id: int
    referring_provider_id: int | None = None
    prior_auth_id: int | None = None
    documentation: str = ""
    coding_status: CodingStatus = CodingStatus.UNCODED
    coding_note: str = ""
    diagnoses: tuple[str, ...] = Field(default=(), max_length=MAX_DIAGNOSES)
    lines: tuple[ServiceLine, ...] = Field(default=(), max_length=50)
    onset_date: date | None = None
    accident_cause: str = Field(default="", pattern=r"^(AA|EM|OA)?$")
    accident_state: str = Field(default="", pattern=r"^([A-Z]{2})?$")
    accident_date: date | None = None
    referral_number: str = Field(default="", max_length=30)
    claim_note: str = Field(default="", max_length=80)
    supervising_provider_id: int | None = None  # the physician supervising an NP/PA visit
    last_menstrual_period: date | None = None  # pregnancy-related visits (box 14, 484)
    delay_reason: str = Field(default="", pattern=r"^([1-9]|10|11|15)?$")  # CLM20
    epsdt_referral: str = Field(default="", pattern=r"^(NU|AV|S2|ST)?$")  # Medicaid EPSDT
    attachments: tuple[Attachment, ...] = Field(default=(), max_length=10)

    @field_validator("date_of_service")
    @classmethod
    def _dos(cls, value: date) -> date:
        message = ids.check_service_date(value)
        if message:
            raise ValueError(message)
        return value

    @field_validator("diagnoses")
    @classmethod
    def _dx(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        codes = tuple(normalize_icd(c) for c in value if c.strip())
        for code in codes:
            if not re.fullmatch(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?", code):
                raise ValueError(f"{code} is not an ICD-10-CM code.")
        if len(set(codes)) != len(codes):
            raise ValueError("A diagnosis is listed twice.")
        return codes

    @model_validator(mode="after")
    def _dates(self) -> Encounter:
        for line in self.lines:
            if line.end_date is not None and line.end_date < self.date_of_service:
                raise ValueError(f"lines: Line {line.line_number} ends before the visit date.")
        if self.last_menstrual_period and self.last_menstrual_period > self.date_of_service:
            raise ValueError("last_menstrual_period: The last menstrual period is after the "
                             "visit date.")
        return self

    @property
    def total_charge(self) -> Decimal:
        """Sum of the line charges."""
        return sum((line.charge for line in self.lines), Decimal("0.00"))


@dataclass(frozen=True)
class ProviderQuery:
    """A coder's query to the provider about a visit, and the answer."""

    id: int
    encounter_id: int
    provider_id: int
    question: str
    choices: tuple[str, ...]
    asked_at: str  # MM/DD/YYYY HH:MM
    status: str  # open / answered / withdrawn
    answer: str
