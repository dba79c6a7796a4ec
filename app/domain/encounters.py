"""Encounters (visits), their diagnoses and service lines."""

from __future__ import annotations

import re
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

    @property
    def total_charge(self) -> Decimal:
        """Sum of the line charges."""
        return sum((line.charge for line in self.lines), Decimal("0.00"))
