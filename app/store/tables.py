"""The practice database tables (SQLAlchemy 2 typed ORM)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.store.types import Cents


class Base(DeclarativeBase):
    """Declarative base for every table."""


class Versioned:
    """Rows edited by users carry a version; saving a stale copy is refused."""

    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)


class AddressColumns:
    """Street address columns shared by several tables."""

    street1: Mapped[str] = mapped_column(String(55), default="")
    street2: Mapped[str] = mapped_column(String(55), default="")
    city: Mapped[str] = mapped_column(String(30), default="")
    state: Mapped[str] = mapped_column(String(2), default="")
    zip: Mapped[str] = mapped_column(String(9), default="")


class PracticeRow(Versioned, AddressColumns, Base):
    """The billing provider (one row)."""

    __tablename__ = "practice"
    id: Mapped[int] = mapped_column(primary_key=True)
    legal_name: Mapped[str] = mapped_column(String(60))
    npi: Mapped[str] = mapped_column(String(10))
    ein: Mapped[str] = mapped_column(String(9))
    taxonomy: Mapped[str] = mapped_column(String(10), default="")
    phone: Mapped[str] = mapped_column(String(10), default="")
    pay_to_json: Mapped[str] = mapped_column(Text, default="")
    statement_message: Mapped[str] = mapped_column(Text, default="")
    clia_number: Mapped[str] = mapped_column(String(10), default="")


class ProviderRow(Versioned, Base):
    """Rendering and referring providers."""

    __tablename__ = "providers"
    __table_args__ = (CheckConstraint("role IN ('rendering','referring')", name="role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(10))
    last_name: Mapped[str] = mapped_column(String(60))
    first_name: Mapped[str] = mapped_column(String(35))
    middle_name: Mapped[str] = mapped_column(String(25), default="")
    credential: Mapped[str] = mapped_column(String(10), default="")
    npi: Mapped[str] = mapped_column(String(10), unique=True)
    taxonomy: Mapped[str] = mapped_column(String(10), default="")
    active: Mapped[bool] = mapped_column(default=True)


class PayerRow(Versioned, AddressColumns, Base):
    """Payers, including the self-pay pseudo-payer."""

    __tablename__ = "payers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    payer_id: Mapped[str] = mapped_column(String(20), unique=True)
    filing_indicator: Mapped[str] = mapped_column(String(2))
    phone: Mapped[str] = mapped_column(String(10), default="")
    timely_filing_days: Mapped[int] = mapped_column(Integer, default=365)
    submission: Mapped[str] = mapped_column(String(10), default="electronic")
    active: Mapped[bool] = mapped_column(default=True)


class ClearinghouseRow(Versioned, Base):
    """Clearinghouse and submitter settings (one row)."""

    __tablename__ = "clearinghouse"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    submitter_name: Mapped[str] = mapped_column(String(60))
    submitter_id: Mapped[str] = mapped_column(String(15))
    contact_name: Mapped[str] = mapped_column(String(60))
    contact_phone: Mapped[str] = mapped_column(String(10))
    contact_email: Mapped[str] = mapped_column(String(80), default="")
    receiver_name: Mapped[str] = mapped_column(String(60))
    receiver_id: Mapped[str] = mapped_column(String(15))
    isa_qualifier: Mapped[str] = mapped_column(String(2), default="ZZ")
    receiver_qualifier: Mapped[str] = mapped_column(String(2), default="ZZ")
    gs_sender: Mapped[str] = mapped_column(String(15), default="")
    gs_receiver: Mapped[str] = mapped_column(String(15), default="")
    usage: Mapped[str] = mapped_column(String(1), default="T")
    line_breaks: Mapped[bool] = mapped_column(default=False)
    element_separator: Mapped[str] = mapped_column(String(1), default="*")
    component_separator: Mapped[str] = mapped_column(String(1), default=":")
    segment_terminator: Mapped[str] = mapped_column(String(1), default="~")
    file_pattern: Mapped[str] = mapped_column(String(80), default="CD837_{date}_{isa13}.txt")
    max_claims_per_file: Mapped[int] = mapped_column(Integer, default=5000)


class PatientRow(Versioned, AddressColumns, Base):
    """Patients."""

    __tablename__ = "patients"
    __table_args__ = (
        CheckConstraint("sex IN ('F','M','U')", name="sex"),
        Index("ix_patients_search", "search_name"),
        Index("ix_patients_first", "first_key"),
        Index("ix_patients_birth", "birth_date"),
        Index("ix_patients_sort", "last_name", "first_name", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    account_number: Mapped[str] = mapped_column(String(20), unique=True)
    last_name: Mapped[str] = mapped_column(String(60))
    first_name: Mapped[str] = mapped_column(String(35))
    middle_name: Mapped[str] = mapped_column(String(25), default="")
    suffix: Mapped[str] = mapped_column(String(10), default="")
    search_name: Mapped[str] = mapped_column(String(120), default="")
    first_key: Mapped[str] = mapped_column(String(35), default="")
    birth_date: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))
    phone: Mapped[str] = mapped_column(String(10), default="")
    email: Mapped[str] = mapped_column(String(80), default="")
    active: Mapped[bool] = mapped_column(default=True)
    statement_hold: Mapped[bool] = mapped_column(default=False)
    policies: Mapped[list[PolicyRow]] = relationship(
        back_populates="patient", order_by="PolicyRow.order", cascade="all, delete-orphan"
    )


class PolicyRow(Versioned, Base):
    """Insurance policies; subscriber demographics when the patient is not the subscriber."""

    __tablename__ = "policies"
    __table_args__ = (
        CheckConstraint('"order" IN (\'P\',\'S\',\'T\')', name="policy_order"),
        CheckConstraint("termination_date IS NULL OR termination_date >= effective_date",
                        name="policy_dates"),
        CheckConstraint("copay >= 0", name="copay_positive"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payers.id"), index=True)
    order: Mapped[str] = mapped_column(String(1))
    member_id: Mapped[str] = mapped_column(String(30))
    group_number: Mapped[str] = mapped_column(String(30), default="")
    group_name: Mapped[str] = mapped_column(String(60), default="")
    relationship_code: Mapped[str] = mapped_column(String(2), default="18")
    subscriber_json: Mapped[str] = mapped_column(Text, default="")
    effective_date: Mapped[date] = mapped_column(Date)
    termination_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    copay: Mapped[Decimal] = mapped_column(Cents, default=Decimal("0"))
    insurance_type_code: Mapped[str] = mapped_column(String(2), default="")
    patient: Mapped[PatientRow] = relationship(back_populates="policies")


class EligibilityRow(Base):
    """Recorded eligibility checks."""

    __tablename__ = "eligibility_checks"
    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.id"), index=True)
    checked_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10))
    copay: Mapped[Decimal | None] = mapped_column(Cents, nullable=True)
    deductible_remaining: Mapped[Decimal | None] = mapped_column(Cents, nullable=True)
    reference: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class PriorAuthRow(Versioned, Base):
    """Prior authorizations."""

    __tablename__ = "prior_auths"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="auth_dates"),
        CheckConstraint("visits_used >= 0 AND visits_allowed >= 0", name="auth_visits"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payers.id"))
    number: Mapped[str] = mapped_column(String(50))
    codes: Mapped[str] = mapped_column(String(200), default="")
    visits_allowed: Mapped[int] = mapped_column(Integer, default=0)
    visits_used: Mapped[int] = mapped_column(Integer, default=0)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class EncounterRow(Versioned, Base):
    """Visits with their documentation and coding status."""

    __tablename__ = "encounters"
    __table_args__ = (
        CheckConstraint(
            "coding_status IN ('uncoded','query','coded','correction')", name="coding_status"
        ),
        Index("ix_encounters_queue", "coding_status", "date_of_service"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    date_of_service: Mapped[date] = mapped_column(Date)
    place_of_service: Mapped[str] = mapped_column(String(2), default="11")
    rendering_provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    referring_provider_id: Mapped[int | None] = mapped_column(
        ForeignKey("providers.id"), nullable=True
    )
    prior_auth_id: Mapped[int | None] = mapped_column(ForeignKey("prior_auths.id"), nullable=True)
    documentation: Mapped[str] = mapped_column(Text, default="")
    coding_status: Mapped[str] = mapped_column(String(10), default="uncoded")
    coding_note: Mapped[str] = mapped_column(Text, default="")
    onset_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    accident_cause: Mapped[str] = mapped_column(String(2), default="")
    accident_state: Mapped[str] = mapped_column(String(2), default="")
    accident_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    referral_number: Mapped[str] = mapped_column(String(30), default="")
    claim_note: Mapped[str] = mapped_column(String(80), default="")
    supervising_provider_id: Mapped[int | None] = mapped_column(
        ForeignKey("providers.id"), nullable=True
    )
    last_menstrual_period: Mapped[date | None] = mapped_column(Date, nullable=True)
    delay_reason: Mapped[str] = mapped_column(String(2), default="")
    epsdt_referral: Mapped[str] = mapped_column(String(2), default="")
    attachments_json: Mapped[str] = mapped_column(Text, default="")
    diagnoses: Mapped[list[DiagnosisRow]] = relationship(
        order_by="DiagnosisRow.position", cascade="all, delete-orphan"
    )
    lines: Mapped[list[ServiceLineRow]] = relationship(
        order_by="ServiceLineRow.line_number", cascade="all, delete-orphan"
    )


class DiagnosisRow(Base):
    """Ordered diagnoses of an encounter (position 1-12 = letters A-L)."""

    __tablename__ = "diagnoses"
    __table_args__ = (
        UniqueConstraint("encounter_id", "position"),
        CheckConstraint("position BETWEEN 1 AND 12", name="dx_position"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    encounter_id: Mapped[int] = mapped_column(ForeignKey("encounters.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(8))


class ServiceLineRow(Base):
    """Service lines of an encounter."""

    __tablename__ = "service_lines"
    __table_args__ = (
        UniqueConstraint("encounter_id", "line_number"),
        CheckConstraint("charge >= 0", name="charge_positive"),
        CheckConstraint("units_milli > 0", name="units_positive"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    encounter_id: Mapped[int] = mapped_column(ForeignKey("encounters.id"), index=True)
    line_number: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(5))
    modifiers: Mapped[str] = mapped_column(String(11), default="")
    units_milli: Mapped[int] = mapped_column(Integer, default=1000)
    charge: Mapped[Decimal] = mapped_column(Cents)
    pointers: Mapped[str] = mapped_column(String(11), default="1")
    place_of_service: Mapped[str] = mapped_column(String(2), default="")
    ndc: Mapped[str] = mapped_column(String(11), default="")
    ndc_unit: Mapped[str] = mapped_column(String(2), default="")
    ndc_quantity_milli: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(String(80), default="")
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    rendering_provider_id: Mapped[int | None] = mapped_column(
        ForeignKey("providers.id"), nullable=True
    )
    ordering_provider_id: Mapped[int | None] = mapped_column(
        ForeignKey("providers.id"), nullable=True
    )
    unit_code: Mapped[str] = mapped_column(String(2), default="UN")


class ClaimRow(Versioned, Base):
    """Claims: one per encounter and payer (and per resubmission)."""

    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint(
            "status IN ('draft','ready','on_hold','submitted','accepted','rejected','paid',"
            "'partial','denied','appealed','closed','void')",
            name="claim_status",
        ),
        CheckConstraint("frequency_code IN ('1','7','8')", name="frequency"),
        CheckConstraint("responsibility IN ('P','S','T')", name="responsibility"),
        Index("ix_claims_status", "status"),
        Index("ix_claims_original", "original_claim_id"),
        Index("ix_claims_submitted", "submitted_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    encounter_id: Mapped[int] = mapped_column(ForeignKey("encounters.id"), index=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.id"))
    payer_id: Mapped[int] = mapped_column(ForeignKey("payers.id"), index=True)
    control_number: Mapped[str] = mapped_column(String(20), unique=True)
    responsibility: Mapped[str] = mapped_column(String(1), default="P")
    status: Mapped[str] = mapped_column(String(10), default="draft")
    frequency_code: Mapped[str] = mapped_column(String(1), default="1")
    payer_claim_number: Mapped[str] = mapped_column(String(50), default="")
    original_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), nullable=True)
    created_on: Mapped[date] = mapped_column(Date)
    submitted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    status_note: Mapped[str] = mapped_column(Text, default="")


class ClaimHistoryRow(Base):
    """Every claim status change: when, from, to, why."""

    __tablename__ = "claim_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    from_status: Mapped[str | None] = mapped_column(String(10), nullable=True)
    to_status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")


class LedgerEntryRow(Base):
    """The append-only money ledger (UPDATE and DELETE are refused by triggers)."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('charge','payment','adjustment','transfer','refund')", name="entry_kind"
        ),
        CheckConstraint("account IN ('payer','patient')", name="entry_account"),
        CheckConstraint("account = 'patient' OR claim_id IS NOT NULL", name="payer_needs_claim"),
        CheckConstraint("kind != 'charge' OR amount >= 0", name="charge_not_negative"),
        CheckConstraint("kind != 'adjustment' OR group_code IS NOT NULL", name="adj_group"),
        Index("ix_ledger_claim", "claim_id", "kind"),
        Index("ix_ledger_patient", "patient_id"),
        # covering indexes for the KPI, aging and Today sums (migration 0013t)
        Index("ix_ledger_claim_sums", "claim_id", "account", "kind", "posted_on", "amount"),
        Index("ix_ledger_posted", "posted_on", "kind", "account", "amount", "claim_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    encounter_id: Mapped[int | None] = mapped_column(ForeignKey("encounters.id"), nullable=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), nullable=True)
    line_id: Mapped[int | None] = mapped_column(ForeignKey("service_lines.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(10))
    account: Mapped[str] = mapped_column(String(7))
    amount: Mapped[Decimal] = mapped_column(Cents)
    group_code: Mapped[str | None] = mapped_column(String(2), nullable=True)
    reason_code: Mapped[str] = mapped_column(String(5), default="")
    reference: Mapped[str] = mapped_column(String(50), default="")
    posted_on: Mapped[date] = mapped_column(Date)
    memo: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    reverses_id: Mapped[int | None] = mapped_column(
        ForeignKey("ledger_entries.id"), nullable=True
    )
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), nullable=True,
                                                   index=True)


class AuditRow(Base):
    """Audit trail: every insert, update and delete with before/after values."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    entity: Mapped[str] = mapped_column(String(40), index=True)
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(6))
    before_json: Mapped[str] = mapped_column(Text, default="")
    after_json: Mapped[str] = mapped_column(Text, default="")


class SettingRow(Base):
    """Small key/value practice settings and counters (batch and control numbers)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ImportedFileRow(Base):
    """Files already imported (idempotency: the same file hash posts once)."""

    __tablename__ = "imported_files"
    __table_args__ = (UniqueConstraint("kind", "sha256"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    summary: Mapped[str] = mapped_column(Text, default="")


class FeeScheduleRow(Base):
    """The practice charge master: code (+ modifier), own label, charge, effective date."""

    __tablename__ = "fee_schedule"
    __table_args__ = (
        UniqueConstraint("code", "modifier", "effective_date"),
        CheckConstraint("charge >= 0", name="fee_positive"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(5), index=True)
    modifier: Mapped[str] = mapped_column(String(2), default="")
    label: Mapped[str] = mapped_column(String(100))
    charge: Mapped[Decimal] = mapped_column(Cents)
    effective_date: Mapped[date] = mapped_column(Date)
    # an "ended" row withdraws the code from the schedule from its effective date on
    ended: Mapped[bool] = mapped_column(default=False, server_default="0")


class PayerContractRow(Base):
    """Per-payer contracted allowed amounts."""

    __tablename__ = "payer_contracts"
    __table_args__ = (
        UniqueConstraint("payer_id", "code", "modifier", "effective_date"),
        CheckConstraint("allowed >= 0", name="allowed_positive"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payers.id"), index=True)
    code: Mapped[str] = mapped_column(String(5))
    modifier: Mapped[str] = mapped_column(String(2), default="")
    allowed: Mapped[Decimal] = mapped_column(Cents)
    effective_date: Mapped[date] = mapped_column(Date)
    ended: Mapped[bool] = mapped_column(default=False, server_default="0")


class ProviderQueryRow(Base):
    """A coder's query to the provider about a visit, and the answer."""

    __tablename__ = "provider_queries"
    __table_args__ = (CheckConstraint("status IN ('open','answered','withdrawn')",
                                      name="query_status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    encounter_id: Mapped[int] = mapped_column(ForeignKey("encounters.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    question: Mapped[str] = mapped_column(Text)
    choices: Mapped[str] = mapped_column(Text, default="")  # one choice per line
    asked_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(10), default="open")
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class FavoriteCodeRow(Base):
    """A provider's quick-pick (superbill) codes."""

    __tablename__ = "favorite_codes"
    __table_args__ = (UniqueConstraint("provider_id", "system", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    system: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(8))
    label: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class FindingRow(Base):
    """Findings of one scrub run of a claim (or coding check of an encounter)."""

    __tablename__ = "findings"
    __table_args__ = (Index("ix_findings_claim", "claim_id", "run_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), nullable=True)
    encounter_id: Mapped[int] = mapped_column(ForeignKey("encounters.id"))
    rule_id: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(10))
    owner: Mapped[str] = mapped_column(String(15))
    message: Mapped[str] = mapped_column(Text)
    hint: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(60), default="claim")
    source: Mapped[str] = mapped_column(String(60), default="")


class OverrideRow(Base):
    """A warning accepted with a reason (audited)."""

    __tablename__ = "finding_overrides"
    __table_args__ = (UniqueConstraint("encounter_id", "claim_id", "rule_id", "location"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    encounter_id: Mapped[int] = mapped_column(ForeignKey("encounters.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), nullable=True)
    rule_id: Mapped[str] = mapped_column(String(20))
    location: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)


class StatementRow(Base):
    """A final statement sent to a guarantor (its date and content, for the patient history)."""

    __tablename__ = "statements"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_number: Mapped[str] = mapped_column(String(20), index=True)
    patient_ids: Mapped[str] = mapped_column(String(200))
    statement_date: Mapped[date] = mapped_column(Date)
    amount_due: Mapped[Decimal] = mapped_column(Cents)
    content_json: Mapped[str] = mapped_column(Text)
    run_at: Mapped[datetime] = mapped_column(DateTime)


class RemittanceFileRow(Base):
    """An imported 835 file (raw text kept for audit and re-display)."""

    __tablename__ = "remittance_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(255))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    raw_text: Mapped[str] = mapped_column(Text)


class PaymentRow(Base):
    """One payment (check/EFT) from a payer: the deposit record from BPR/TRN."""

    __tablename__ = "payments"
    __table_args__ = (UniqueConstraint("payer_trace_id", "trace_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("remittance_files.id"))
    payer_trace_id: Mapped[str] = mapped_column(String(30))  # TRN03
    trace_number: Mapped[str] = mapped_column(String(50))  # TRN02
    payer_id: Mapped[int | None] = mapped_column(ForeignKey("payers.id"), nullable=True)
    payer_name: Mapped[str] = mapped_column(String(60), default="")
    amount: Mapped[Decimal] = mapped_column(Cents)  # BPR02
    method: Mapped[str] = mapped_column(String(3), default="")
    handling: Mapped[str] = mapped_column(String(1), default="I")
    payment_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    posted_at: Mapped[datetime] = mapped_column(DateTime)
    suspense: Mapped[Decimal] = mapped_column(Cents, default=Decimal("0"))


class RemitClaimRow(Base):
    """One CLP of a payment, matched to our claim or held as an exception."""

    __tablename__ = "remit_claims"
    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), nullable=True,
                                                 index=True)
    control_number: Mapped[str] = mapped_column(String(38))  # CLP01
    status_code: Mapped[str] = mapped_column(String(2))
    charge: Mapped[Decimal] = mapped_column(Cents)
    paid: Mapped[Decimal] = mapped_column(Cents)
    patient_responsibility: Mapped[Decimal] = mapped_column(Cents, default=Decimal("0"))
    payer_claim_number: Mapped[str] = mapped_column(String(50), default="")
    state: Mapped[str] = mapped_column(String(12), default="posted")  # posted/exception/resolved
    detail_json: Mapped[str] = mapped_column(Text)


class ProviderAdjustmentRow(Base):
    """A PLB provider-level adjustment, kept on the payer's clearing account."""

    __tablename__ = "provider_adjustments"
    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    reason: Mapped[str] = mapped_column(String(3))
    reference: Mapped[str] = mapped_column(String(50), default="")
    amount: Mapped[Decimal] = mapped_column(Cents)  # positive = reduces the payment
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), nullable=True)
    state: Mapped[str] = mapped_column(String(12), default="open")


class DenialRow(Base):
    """A denied or zero-paid line (or claim) to work, routed to the step that failed."""

    __tablename__ = "denials"
    __table_args__ = (Index("ix_denials_state", "state", "owner"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    line_id: Mapped[int | None] = mapped_column(ForeignKey("service_lines.id"), nullable=True)
    remit_claim_id: Mapped[int | None] = mapped_column(ForeignKey("remit_claims.id"),
                                                       nullable=True)
    group_code: Mapped[str] = mapped_column(String(2))
    reason_code: Mapped[str] = mapped_column(String(5))
    remark_codes: Mapped[str] = mapped_column(String(100), default="")
    amount: Mapped[Decimal] = mapped_column(Cents)
    owner: Mapped[str] = mapped_column(String(15))
    explanation: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(10), default="open")  # open/snoozed/done
    snooze_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    action: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class BatchRow(Base):
    """An exported 837P batch (content kept so it can be re-saved byte-identical)."""

    __tablename__ = "batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    isa13: Mapped[int] = mapped_column(Integer, unique=True)
    gs06: Mapped[int] = mapped_column(Integer, unique=True)
    claim_count: Mapped[int] = mapped_column(Integer)
    total_charge: Mapped[Decimal] = mapped_column(Cents)
    usage: Mapped[str] = mapped_column(String(1))
    content: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="sent")  # sent/accepted/rejected


class BatchClaimRow(Base):
    """A claim in a batch, with the transaction set (ST02) that carried it."""

    __tablename__ = "batch_claims"
    __table_args__ = (UniqueConstraint("batch_id", "claim_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    st02: Mapped[str] = mapped_column(String(9))


class AcknowledgmentRow(Base):
    """An imported 999 or 277CA (the same file imports once)."""

    __tablename__ = "acknowledgments"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(5))
    file_name: Mapped[str] = mapped_column(String(255))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    summary: Mapped[str] = mapped_column(Text, default="")


class ImportKeyRow(Base):
    """A record brought in from an EHR, by the source's own key (re-imports create nothing)."""

    __tablename__ = "import_keys"
    __table_args__ = (UniqueConstraint("kind", "source_system", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # patient / visit / coverage
    source_system: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(120))
    entity_id: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    source_time: Mapped[str] = mapped_column(String(14), default="")  # YYYYMMDDHHMMSS or ""


class RemitHoldRow(Base):
    """A remitted claim held instead of posted (possible duplicate, wrong payer...)."""

    __tablename__ = "remit_holds"
    __table_args__ = (
        CheckConstraint("state IN ('open','dismissed','posted')", name="hold_state"),
        Index("ix_remit_holds_state", "state"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    remit_claim_id: Mapped[int] = mapped_column(ForeignKey("remit_claims.id"), unique=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), nullable=True,
                                                 index=True)
    kind: Mapped[str] = mapped_column(String(20))  # the first reason's HoldKind
    kinds: Mapped[str] = mapped_column(String(200), default="")  # every reason's kind
    element: Mapped[str] = mapped_column(String(20), default="")
    segment: Mapped[int | None] = mapped_column(Integer, nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)  # CLP number in the payment
    file_name: Mapped[str] = mapped_column(String(255), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    earlier_remit_claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("remit_claims.id"), nullable=True)
    earlier: Mapped[str] = mapped_column(Text, default="")  # the earlier remittance, described
    state: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class CreditBalanceRow(Base):
    """Money received beyond what a claim was owed (e.g. a duplicate payment posted)."""

    __tablename__ = "credit_balances"
    __table_args__ = (
        CheckConstraint("amount > 0", name="credit_positive"),
        CheckConstraint("owed_to IN ('payer','patient')", name="credit_owed_to"),
        CheckConstraint("state IN ('open','refunded','applied','written_off')",
                        name="credit_state"),
        Index("ix_credit_balances_state", "state"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), nullable=True,
                                                 index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    payer_id: Mapped[int | None] = mapped_column(ForeignKey("payers.id"), nullable=True)
    remit_claim_id: Mapped[int | None] = mapped_column(ForeignKey("remit_claims.id"),
                                                       nullable=True)
    source: Mapped[str] = mapped_column(String(20))  # duplicate_payment, overpayment...
    owed_to: Mapped[str] = mapped_column(String(7))
    amount: Mapped[Decimal] = mapped_column(Cents)
    state: Mapped[str] = mapped_column(String(12), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class RefundTaskRow(Base):
    """A refund to make for a credit balance (to the payer or the patient), with a due date."""

    __tablename__ = "refund_tasks"
    __table_args__ = (
        CheckConstraint("state IN ('open','done','cancelled')", name="refund_task_state"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    credit_balance_id: Mapped[int] = mapped_column(ForeignKey("credit_balances.id"),
                                                   index=True)
    owed_to: Mapped[str] = mapped_column(String(7))
    amount: Mapped[Decimal] = mapped_column(Cents)
    due_date: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class ClaimSnapshotRow(Base):
    """A claim as it left the practice, one row per submission (UPDATE/DELETE refused).

    ``diagnoses`` is the comma-joined ICD-10-CM codes in box 21 order; ``lines_json`` the sent
    lines (integer cents, thousandths for units and NDC quantities; the format is in
    ``app.store.claims.snapshots``).
    """

    __tablename__ = "claim_snapshots"
    __table_args__ = (
        UniqueConstraint("claim_id", "sequence"),
        CheckConstraint("sequence >= 1", name="snapshot_sequence"),
        CheckConstraint("channel IN ('837P','paper')", name="snapshot_channel"),
        CheckConstraint("total_charge >= 0", name="snapshot_total"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))  # UNIQUE index first
    sequence: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime] = mapped_column(DateTime)
    channel: Mapped[str] = mapped_column(String(5))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"), nullable=True)
    control_number: Mapped[str] = mapped_column(String(20))
    frequency_code: Mapped[str] = mapped_column(String(1))
    payer_claim_number: Mapped[str] = mapped_column(String(50), default="")
    place_of_service: Mapped[str] = mapped_column(String(2))
    diagnoses: Mapped[str] = mapped_column(String(120))
    total_charge: Mapped[Decimal] = mapped_column(Cents)
    lines_json: Mapped[str] = mapped_column(Text)


class DepositRow(Base):
    """A bank deposit: a day's checks and cash, a card settlement, or one EFT (BPR/TRN).

    Triggers refuse any change to a closed deposit or its items, and refuse closing it unless
    the items add up to the bank slip amount.
    """

    __tablename__ = "deposits"
    __table_args__ = (
        CheckConstraint("kind IN ('cash_check','card','eft')", name="deposit_kind"),
        CheckConstraint("state IN ('open','closed')", name="deposit_state"),
        CheckConstraint("state = 'open' OR (slip_amount IS NOT NULL AND closed_at IS NOT NULL)",
                        name="deposit_closed_has_slip"),
        Index("ix_deposits_state", "state", "deposit_date"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    deposit_date: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(50), default="")
    eft_key: Mapped[str | None] = mapped_column(String(90), nullable=True, unique=True)
    state: Mapped[str] = mapped_column(String(6), default="open")
    slip_amount: Mapped[Decimal | None] = mapped_column(Cents, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class DepositItemRow(Base):
    """One payment in a deposit: an ERA payment (``payments``) or a ledger payment entry."""

    __tablename__ = "deposit_items"
    __table_args__ = (
        CheckConstraint("(payment_id IS NULL) != (ledger_entry_id IS NULL)",
                        name="deposit_item_one_source"),
        CheckConstraint("method IN ('cash','check','card','ach','eft','other')",
                        name="deposit_item_method"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    deposit_id: Mapped[int] = mapped_column(ForeignKey("deposits.id"), index=True)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), nullable=True,
                                                   unique=True)
    ledger_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"),
                                                        nullable=True, unique=True)
    method: Mapped[str] = mapped_column(String(5))
    amount: Mapped[Decimal] = mapped_column(Cents)
    added_at: Mapped[datetime] = mapped_column(DateTime)


class PaymentPlanRow(Base):
    """A patient's payment plan: an amount per month from a first due date."""

    __tablename__ = "payment_plans"
    __table_args__ = (
        CheckConstraint("monthly_amount > 0", name="plan_monthly_positive"),
        CheckConstraint("plan_total > 0", name="plan_total_positive"),
        CheckConstraint("state IN ('active','cancelled','completed')", name="plan_state"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    monthly_amount: Mapped[Decimal] = mapped_column(Cents)
    plan_total: Mapped[Decimal] = mapped_column(Cents)
    first_due: Mapped[date] = mapped_column(Date)
    created_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), default="active")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class CollectionAccountRow(Base):
    """A patient balance sent to a collection agency (the bucket itself is on the ledger)."""

    __tablename__ = "collection_accounts"
    __table_args__ = (
        CheckConstraint("amount > 0", name="collection_amount_positive"),
        CheckConstraint("state IN ('sent','closed')", name="collection_state"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    agency: Mapped[str] = mapped_column(String(60))
    sent_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Cents)
    state: Mapped[str] = mapped_column(String(6), default="sent")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class PatientPaymentRow(Base):
    """Money taken from a patient (desk, mail, phone, portal); its ledger entries are linked."""

    __tablename__ = "patient_payments"
    __table_args__ = (
        CheckConstraint("amount > 0", name="patient_payment_positive"),
        CheckConstraint("method IN ('cash','check','card','ach')", name="patient_payment_method"),
        CheckConstraint("channel IN ('checkin','desk','mail','phone','portal')",
                        name="patient_payment_channel"),
        UniqueConstraint("payment_key", name="uq_patient_payment_key"),
        Index("ix_patient_payments_received", "received_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    payment_key: Mapped[str] = mapped_column(String(40))  # client-generated: double-submit guard
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    encounter_id: Mapped[int | None] = mapped_column(ForeignKey("encounters.id"), nullable=True)
    method: Mapped[str] = mapped_column(String(5))
    channel: Mapped[str] = mapped_column(String(7), default="desk")
    reference: Mapped[str] = mapped_column(String(50), default="")
    received_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Cents)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class PatientPaymentEntryRow(Base):
    """Which ledger entries carry a patient payment's money (each entry belongs to one)."""

    __tablename__ = "patient_payment_entries"
    __table_args__ = (
        CheckConstraint("role IN ('applied','unapplied','moved','voided')",
                        name="patient_payment_entry_role"),
        UniqueConstraint("entry_id", name="uq_patient_payment_entry"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("patient_payments.id"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"))
    role: Mapped[str] = mapped_column(String(9))


class PatientPaymentVoidRow(Base):
    """A patient payment voided by reversing entries (once: the payment id is unique)."""

    __tablename__ = "patient_payment_voids"
    __table_args__ = (
        UniqueConstraint("payment_id", name="uq_patient_payment_void"),
        CheckConstraint("length(trim(reason)) > 0", name="void_needs_reason"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("patient_payments.id"))
    reason: Mapped[str] = mapped_column(String(200))
    voided_on: Mapped[date] = mapped_column(Date)
    voided_at: Mapped[datetime] = mapped_column(DateTime)


class VisitNoteFileRow(Base):
    """A visit note attached as a PDF, kept inside the practice database (one per visit)."""

    __tablename__ = "visit_note_files"
    __table_args__ = (CheckConstraint("length(content) > 0", name="note_not_empty"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    encounter_id: Mapped[int] = mapped_column(ForeignKey("encounters.id"), unique=True)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[datetime] = mapped_column(DateTime)


class TodaySnoozeRow(Base):
    """A Today item hidden by the user: snoozed until a date, or marked done (until NULL).

    The item key carries what makes the condition new (e.g. the submission date), so the same
    problem coming back later shows again.
    """

    __tablename__ = "today_snoozes"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_key: Mapped[str] = mapped_column(String(80), unique=True)
    until: Mapped[date | None] = mapped_column(Date, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
