"""Patients, their insurance policies, eligibility checks and prior authorizations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from app.domain import identifiers as ids
from app.domain.base import Record
from app.domain.practice import Address, Phone


class Sex(StrEnum):
    """Administrative sex as claims carry it (DMG03)."""

    FEMALE = "F"
    MALE = "M"
    UNKNOWN = "U"


class Relationship(StrEnum):
    """Patient's relationship to the subscriber (837 SBR02 / PAT01)."""

    SELF = "18"
    SPOUSE = "01"
    CHILD = "19"
    EMPLOYEE = "20"
    UNKNOWN = "21"
    LIFE_PARTNER = "53"
    OTHER = "G8"


class PolicyOrder(StrEnum):
    """Coordination-of-benefits order (SBR01)."""

    PRIMARY = "P"
    SECONDARY = "S"
    TERTIARY = "T"


class Person(Record):
    """Demographics of a subscriber who is not the patient."""

    last_name: str = Field(min_length=1, max_length=60)
    first_name: str = Field(min_length=1, max_length=35)
    middle_name: str = Field(default="", max_length=25)
    suffix: str = Field(default="", max_length=10)
    birth_date: date
    sex: Sex
    address: Address
    phone: Phone = ""

    @field_validator("birth_date")
    @classmethod
    def _dob(cls, value: date) -> date:
        message = ids.check_birth_date(value)
        if message:
            raise ValueError(message)
        return value


class Patient(Record):
    """A patient of the practice."""

    id: int | None = None
    version: int = 0
    account_number: str = Field(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9-]+$")
    last_name: str = Field(min_length=1, max_length=60)
    first_name: str = Field(min_length=1, max_length=35)
    middle_name: str = Field(default="", max_length=25)
    suffix: str = Field(default="", max_length=10)
    birth_date: date
    sex: Sex
    address: Address
    phone: Phone = ""
    email: str = Field(default="", max_length=80)
    active: bool = True
    statement_hold: bool = False

    @field_validator("birth_date")
    @classmethod
    def _dob(cls, value: date) -> date:
        message = ids.check_birth_date(value)
        if message:
            raise ValueError(message)
        return value

    @property
    def display_name(self) -> str:
        """``LAST, First M``."""
        middle = f" {self.middle_name[:1]}" if self.middle_name else ""
        return f"{self.last_name}, {self.first_name}{middle}"

    def age_on(self, day: date) -> int:
        """Age in whole years on ``day``."""
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - int(before_birthday)


class Policy(Record):
    """An insurance policy covering a patient."""

    id: int | None = None
    version: int = 0
    patient_id: int | None = None
    payer_id: int
    order: PolicyOrder = PolicyOrder.PRIMARY
    member_id: str = Field(min_length=2, max_length=30, pattern=r"^[A-Za-z0-9-]+$")
    group_number: str = Field(default="", max_length=30)
    group_name: str = Field(default="", max_length=60)
    relationship: Relationship = Relationship.SELF
    subscriber: Person | None = None
    effective_date: date
    termination_date: date | None = None
    copay: Decimal = Decimal("0.00")
    insurance_type_code: str = Field(default="", pattern=r"^(12|13|14|15|16|41|42|43|47)?$")

    @model_validator(mode="after")
    def _subscriber_rules(self) -> Policy:
        if self.relationship == Relationship.SELF and self.subscriber is not None:
            raise ValueError(
                "subscriber: The patient is the subscriber; leave the subscriber empty.")
        if self.relationship != Relationship.SELF and self.subscriber is None:
            raise ValueError("subscriber: Enter the subscriber (policy holder) details.")
        message = ids.check_date_range(self.effective_date, self.termination_date)
        if message:
            raise ValueError(f"termination_date: {message}")
        if self.copay < 0:
            raise ValueError("copay: Copay cannot be negative.")
        return self

    def covers(self, day: date) -> bool:
        """Whether the policy is in force on ``day``."""
        ended = self.termination_date is not None and day > self.termination_date
        return self.effective_date <= day and not ended


class EligibilityStatus(StrEnum):
    """Outcome of an eligibility check (270/271 or portal)."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    UNKNOWN = "unknown"


class EligibilityCheck(Record):
    """A recorded eligibility verification for a policy."""

    id: int | None = None
    policy_id: int
    checked_on: date
    status: EligibilityStatus
    copay: Decimal | None = None
    deductible_remaining: Decimal | None = None
    reference: str = Field(default="", max_length=50)
    note: str = Field(default="", max_length=500)


class PriorAuth(Record):
    """A payer's prior authorization for services."""

    id: int | None = None
    version: int = 0
    patient_id: int | None = None
    payer_id: int
    number: str = Field(min_length=1, max_length=50)
    codes: tuple[str, ...] = ()
    visits_allowed: int = Field(default=0, ge=0)
    visits_used: int = Field(default=0, ge=0)
    start_date: date
    end_date: date
    note: str = Field(default="", max_length=500)

    @model_validator(mode="after")
    def _range(self) -> PriorAuth:
        message = ids.check_date_range(self.start_date, self.end_date)
        if message:
            raise ValueError(f"end_date: {message}")
        return self

    @property
    def visits_left(self) -> int:
        """Visits still available under the authorization."""
        return max(self.visits_allowed - self.visits_used, 0)

    def covers(self, day: date, code: str | None = None) -> bool:
        """Whether the authorization is in force on ``day`` (for ``code``, when given)."""
        in_range = self.start_date <= day <= self.end_date
        return in_range and (code is None or not self.codes or code in self.codes)
