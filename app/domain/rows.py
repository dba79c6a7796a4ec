"""Read-only row types that screens and the CLI get from service queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class PatientRow:
    """One line of the patient list."""

    id: int
    account_number: str
    name: str
    birth_date: date
    sex: str
    phone: str
    city: str
    primary_payer: str
    balance: Decimal


@dataclass(frozen=True)
class ClaimListRow:
    """One line of a claim list (billing panel, CLI, manual matching), money from the ledger."""

    id: int
    control_number: str
    status: str
    submitted_on: date | None
    patient_id: int
    patient: str
    payer_id: str
    payer: str
    date_of_service: date
    provider: str
    billed: Decimal
    paid: Decimal
    adjusted: Decimal
    patient_responsibility: Decimal
    balance: Decimal
    days_left: int | None
    has_errors: bool


@dataclass(frozen=True)
class EncounterRow:
    """One line of the coding work queue."""

    id: int
    date_of_service: date
    patient_id: int
    patient: str
    provider: str
    payer: str
    coding_status: str
    days_since_visit: int
    total_charge: Decimal


@dataclass(frozen=True)
class LedgerRow:
    """One ledger entry as the patient account screen shows it."""

    id: int
    posted_on: date
    kind: str
    account: str
    claim_control_number: str
    code: str
    amount: Decimal
    memo: str


@dataclass(frozen=True)
class AuditRow:
    """One audit-trail entry."""

    id: int
    at: str
    entity: str
    entity_id: int
    action: str
    before: str
    after: str
