"""Practice setup: billing provider, providers, payers and the clearinghouse."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator, model_validator

from app.domain import identifiers as ids
from app.domain.base import Record
from app.domain.file_names import pattern_problem


def _checked(check):  # type: ignore[no-untyped-def]
    def validate(value: str) -> str:
        message = check(value)
        if message:
            raise ValueError(message)
        return value

    return AfterValidator(validate)


Npi = Annotated[str, _checked(ids.check_npi)]
OptionalNpi = Annotated[str, AfterValidator(lambda v: _opt(v, ids.check_npi))]
State = Annotated[str, AfterValidator(lambda v: _upper_checked(v, ids.check_state))]
Zip = Annotated[str, AfterValidator(lambda v: _zip(v))]
Phone = Annotated[str, AfterValidator(lambda v: _opt_phone(v))]
Ein = Annotated[str, AfterValidator(lambda v: _checked_value(v, ids.check_ein))]
Taxonomy = Annotated[str, AfterValidator(lambda v: _opt(v.upper(), ids.check_taxonomy))]


def _opt(value: str, check) -> str:  # type: ignore[no-untyped-def]
    if value:
        message = check(value)
        if message:
            raise ValueError(message)
    return value


def _checked_value(value: str, check) -> str:  # type: ignore[no-untyped-def]
    message = check(value)
    if message:
        raise ValueError(message)
    return ids.normalize_ein(value)


def _upper_checked(value: str, check) -> str:  # type: ignore[no-untyped-def]
    value = value.upper()
    message = check(value)
    if message:
        raise ValueError(message)
    return value


def _zip(value: str) -> str:
    message = ids.check_zip(value)
    if message:
        raise ValueError(message)
    return ids.normalize_zip(value)


def _opt_phone(value: str) -> str:
    if not value:
        return value
    message = ids.check_phone(value)
    if message:
        raise ValueError(message)
    return ids.normalize_phone(value)


class Address(Record):
    """A US street address. ZIP is stored as 5 or 9 digits."""

    street1: str = Field(min_length=1, max_length=55)
    street2: str = Field(default="", max_length=55)
    city: str = Field(min_length=1, max_length=30)
    state: State
    zip: Zip

    def one_line(self) -> str:
        """Address on one line for lists."""
        street = ", ".join(s for s in (self.street1, self.street2) if s)
        return f"{street}, {self.city}, {self.state} {ids.format_zip(self.zip)}"


class Practice(Record):
    """The billing provider: the practice as it appears on every claim."""

    id: int | None = None
    version: int = 0
    legal_name: str = Field(min_length=1, max_length=60)
    npi: Npi
    ein: Ein
    taxonomy: Taxonomy = ""
    address: Address
    phone: Phone
    pay_to_address: Address | None = None
    statement_message: str = ""
    clia_number: str = Field(default="", pattern=r"^(\d{2}D\d{7})?$")  # in-office lab

    @model_validator(mode="after")
    def _billing_rules(self) -> Practice:
        if len(self.address.zip) != 9:
            raise ValueError(
                "address.zip: The billing provider needs a ZIP+4 (nine digits) on claims."
            )
        if "PO BOX" in self.address.street1.upper().replace(".", ""):
            raise ValueError(
                "address.street1: The billing address must be a street address; "
                "put a PO Box in the pay-to address."
            )
        return self


class ProviderRole(StrEnum):
    """What a provider does on claims."""

    RENDERING = "rendering"
    REFERRING = "referring"


class Provider(Record):
    """A rendering (in-house) or referring (outside) provider."""

    id: int | None = None
    version: int = 0
    role: ProviderRole = ProviderRole.RENDERING
    last_name: str = Field(min_length=1, max_length=60)
    first_name: str = Field(min_length=1, max_length=35)
    middle_name: str = Field(default="", max_length=25)
    credential: str = Field(default="", max_length=10)
    npi: Npi
    taxonomy: Taxonomy = ""
    active: bool = True

    @property
    def display_name(self) -> str:
        """``Last, First MD``."""
        cred = f" {self.credential}" if self.credential else ""
        return f"{self.last_name}, {self.first_name}{cred}"


class FilingIndicator(StrEnum):
    """Claim filing indicator (837 SBR09)."""

    COMMERCIAL = "CI"
    MEDICARE_B = "MB"
    MEDICAID = "MC"
    BCBS = "BL"
    HMO = "HM"
    CHAMPUS = "CH"
    VA = "VA"
    WORKERS_COMP = "WC"
    OTHER_FEDERAL = "OF"
    SELF_PAY = "ZZ"


class Submission(StrEnum):
    """How claims reach a payer."""

    ELECTRONIC = "electronic"
    PAPER = "paper"
    NONE = "none"


class Payer(Record):
    """An insurance payer (or the self-pay pseudo-payer)."""

    id: int | None = None
    version: int = 0
    name: str = Field(min_length=1, max_length=60)
    payer_id: str = Field(min_length=2, max_length=20, pattern=r"^[A-Za-z0-9]+$")
    filing_indicator: FilingIndicator = FilingIndicator.COMMERCIAL
    address: Address | None = None
    phone: Phone = ""
    timely_filing_days: int = Field(default=365, ge=0, le=3650)
    submission: Submission = Submission.ELECTRONIC
    active: bool = True

    @property
    def is_self_pay(self) -> bool:
        """True for the self-pay pseudo-payer (no claims, the patient owes)."""
        return self.filing_indicator == FilingIndicator.SELF_PAY


class UsageMode(StrEnum):
    """ISA15: test or production interchange."""

    TEST = "T"
    PRODUCTION = "P"


class Clearinghouse(Record):
    """Submitter and receiver identifiers agreed with the clearinghouse."""

    id: int | None = None
    version: int = 0
    name: str = Field(min_length=1, max_length=60)
    submitter_name: str = Field(min_length=1, max_length=60)
    submitter_id: str = Field(min_length=2, max_length=15, pattern=r"^[A-Za-z0-9]+$")
    contact_name: str = Field(min_length=1, max_length=60)
    contact_phone: Phone
    contact_email: str = ""
    receiver_name: str = Field(min_length=1, max_length=60)
    receiver_id: str = Field(min_length=2, max_length=15, pattern=r"^[A-Za-z0-9]+$")
    isa_qualifier: str = Field(default="ZZ", pattern=r"^(01|14|20|27|28|29|30|33|ZZ)$")
    receiver_qualifier: str = Field(default="ZZ", pattern=r"^(01|14|20|27|28|29|30|33|ZZ)$")
    gs_sender: str = Field(default="", max_length=15)  # GS02 (defaults to submitter_id)
    gs_receiver: str = Field(default="", max_length=15)  # GS03 (defaults to receiver_id)
    usage: UsageMode = UsageMode.TEST
    line_breaks: bool = False
    element_separator: str = Field(default="*", pattern=r"^[*|^~!]$")
    component_separator: str = Field(default=":", pattern=r"^[:>\\]$")
    segment_terminator: str = Field(default="~", pattern=r"^[~'!]$")
    file_pattern: str = Field(default="CD837_{date}_{isa13}.txt", max_length=80)
    max_claims_per_file: int = Field(default=5000, ge=1, le=5000)

    @field_validator("file_pattern")
    @classmethod
    def _plain_file_name(cls, value: str) -> str:
        problem = pattern_problem(value)
        if problem:
            raise ValueError(problem)
        return value
