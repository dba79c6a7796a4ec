"""Load and save single records, with optimistic version checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.errors import NotFound, StaleEdit, UserError
from app.domain.ledger import LedgerEntry
from app.domain.patients import EligibilityCheck, Patient, Policy, PriorAuth
from app.domain.practice import Clearinghouse, Payer, Practice, Provider
from app.domain.rows import AuditRow
from app.store import mapping as m
from app.store import tables as t
from app.store.bulk_insert import insert_audited

D = TypeVar("D")


def _save(session: Session, row_cls: type[Any], record: Any,
          to_row: Callable[[Any, Any], None], to_domain: Callable[[Any], D], what: str) -> D:
    if record.id is None:
        row = row_cls()
    else:
        row = session.get(row_cls, record.id)
        if row is None:
            raise NotFound(f"The {what} no longer exists.")
        if hasattr(row, "version") and getattr(record, "version", 0) not in (0, row.version):
            raise StaleEdit()
    to_row(record, row)
    if record.id is not None and hasattr(row, "version"):
        row.version = (row.version or 0) + 1
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:
        raise UserError(f"This {what} clashes with an existing one: {_constraint(exc)}") from None
    return to_domain(row)


def _constraint(exc: IntegrityError) -> str:
    text = str(exc.orig)
    if "UNIQUE" in text:
        return "the " + text.split(":")[-1].strip().split(".")[-1].replace("_", " ") + \
            " is already used."
    return text


def get_practice(session: Session) -> Practice | None:
    """The practice, or None before setup."""
    row = session.scalars(select(t.PracticeRow)).first()
    return m.practice_to_domain(row) if row else None


def save_practice(session: Session, practice: Practice) -> Practice:
    """Insert or update the single practice row."""
    if practice.id is None:
        existing = session.scalars(select(t.PracticeRow.id)).first()
        if existing is not None:
            practice = practice.model_copy(update={"id": existing})
    return _save(session, t.PracticeRow, practice, m.practice_to_row, m.practice_to_domain,
                 "practice")


def list_providers(session: Session, role: str | None = None) -> list[Provider]:
    """Providers by name."""
    stmt = select(t.ProviderRow).order_by(t.ProviderRow.last_name, t.ProviderRow.first_name)
    if role:
        stmt = stmt.where(t.ProviderRow.role == role)
    return [m.provider_to_domain(r) for r in session.scalars(stmt)]


def save_provider(session: Session, provider: Provider) -> Provider:
    """Insert or update a provider."""
    return _save(session, t.ProviderRow, provider, m.provider_to_row, m.provider_to_domain,
                 "provider")


def list_payers(session: Session) -> list[Payer]:
    """Payers by name."""
    stmt = select(t.PayerRow).order_by(t.PayerRow.name)
    return [m.payer_to_domain(r) for r in session.scalars(stmt)]


def save_payer(session: Session, payer: Payer) -> Payer:
    """Insert or update a payer."""
    return _save(session, t.PayerRow, payer, m.payer_to_row, m.payer_to_domain, "payer")


def get_clearinghouse(session: Session) -> Clearinghouse | None:
    """Clearinghouse settings, or None before setup."""
    row = session.scalars(select(t.ClearinghouseRow)).first()
    return m.clearinghouse_to_domain(row) if row else None


def save_clearinghouse(session: Session, ch: Clearinghouse) -> Clearinghouse:
    """Insert or update the single clearinghouse row."""
    if ch.id is None:
        existing = session.scalars(select(t.ClearinghouseRow.id)).first()
        if existing is not None:
            ch = ch.model_copy(update={"id": existing})
    return _save(session, t.ClearinghouseRow, ch, m.clearinghouse_to_row,
                 m.clearinghouse_to_domain, "clearinghouse")


def get_patient(session: Session, patient_id: int) -> Patient:
    """One patient.

    Raises:
        NotFound: no such patient.
    """
    row = session.get(t.PatientRow, patient_id)
    if row is None:
        raise NotFound("The patient no longer exists.")
    return m.patient_to_domain(row)


def save_patient(session: Session, patient: Patient) -> Patient:
    """Insert or update a patient."""
    return _save(session, t.PatientRow, patient, m.patient_to_row, m.patient_to_domain,
                 "patient (account number)")


def next_account_number(session: Session) -> str:
    """The next free ``A000123``-style account number."""
    highest = session.scalar(select(func.max(t.PatientRow.id))) or 0
    candidate = highest + 1
    while session.scalar(select(t.PatientRow.id).where(
            t.PatientRow.account_number == f"A{candidate:06d}")) is not None:
        candidate += 1
    return f"A{candidate:06d}"


def policies_for(session: Session, patient_id: int) -> list[Policy]:
    """A patient's policies, primary first."""
    stmt = select(t.PolicyRow).where(t.PolicyRow.patient_id == patient_id).order_by(
        t.PolicyRow.order, t.PolicyRow.id)
    return [m.policy_to_domain(r) for r in session.scalars(stmt)]


def save_policy(session: Session, policy: Policy) -> Policy:
    """Insert or update a policy."""
    return _save(session, t.PolicyRow, policy, m.policy_to_row, m.policy_to_domain, "policy")


def eligibility_for(session: Session, patient_id: int) -> list[EligibilityCheck]:
    """Eligibility checks on any of the patient's policies, newest first."""
    stmt = (select(t.EligibilityRow).join(t.PolicyRow, t.PolicyRow.id == t.EligibilityRow.policy_id)
            .where(t.PolicyRow.patient_id == patient_id)
            .order_by(t.EligibilityRow.checked_on.desc(), t.EligibilityRow.id.desc()))
    return [m.eligibility_to_domain(r) for r in session.scalars(stmt)]


def add_eligibility(session: Session, check: EligibilityCheck) -> EligibilityCheck:
    """Record an eligibility check."""
    row = t.EligibilityRow(**check.model_dump(exclude={"id"}))
    session.add(row)
    session.flush()
    return m.eligibility_to_domain(row)


def auths_for(session: Session, patient_id: int) -> list[PriorAuth]:
    """A patient's prior authorizations, newest first."""
    stmt = select(t.PriorAuthRow).where(t.PriorAuthRow.patient_id == patient_id).order_by(
        t.PriorAuthRow.start_date.desc())
    return [m.auth_to_domain(r) for r in session.scalars(stmt)]


def save_auth(session: Session, auth: PriorAuth) -> PriorAuth:
    """Insert or update a prior authorization."""
    return _save(session, t.PriorAuthRow, auth, m.auth_to_row, m.auth_to_domain,
                 "prior authorization")


def append_entries(session: Session, entries: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    """Append ledger entries (the ledger never changes an entry)."""
    now = datetime.now()
    rows = [t.LedgerEntryRow(**{**e.model_dump(exclude={"id"}), "created_at": now})
            for e in entries]
    session.add_all(rows)
    session.flush()
    return [m.entry_to_domain(r) for r in rows]


_ENTRY_COLUMNS = [name for name in LedgerEntry.model_fields if name not in ("id", "created_at")]


def bulk_append_entries(session: Session, entries: list[LedgerEntry]) -> None:
    """Append many ledger entries in one statement (batch posting); no ids are returned."""
    if not entries:
        return
    insert_audited(session, t.LedgerEntryRow.__table__, [vars(e) for e in entries],
                   columns=_ENTRY_COLUMNS, same={"created_at": datetime.now()})


def entries_for(session: Session, *, claim_id: int | None = None,
                patient_id: int | None = None) -> list[LedgerEntry]:
    """Ledger entries of a claim or of a patient, in posting order."""
    stmt = select(t.LedgerEntryRow).order_by(t.LedgerEntryRow.posted_on, t.LedgerEntryRow.id)
    if claim_id is not None:
        stmt = stmt.where(t.LedgerEntryRow.claim_id == claim_id)
    if patient_id is not None:
        stmt = stmt.where(t.LedgerEntryRow.patient_id == patient_id)
    return [m.entry_to_domain(r) for r in session.scalars(stmt)]


def get_setting(session: Session, key: str, default: str = "") -> str:
    """A practice setting value."""
    row = session.get(t.SettingRow, key)
    return row.value if row else default


def set_setting(session: Session, key: str, value: str) -> None:
    """Store a practice setting value."""
    row = session.get(t.SettingRow, key) or t.SettingRow(key=key)
    row.value = value
    session.add(row)
    session.flush()


def peek_number(session: Session, key: str, start: int = 1) -> int:
    """The value ``next_number`` would return now, without taking it."""
    return int(get_setting(session, f"counter.{key}", str(start - 1))) + 1


def next_number(session: Session, key: str, start: int = 1) -> int:
    """Increment and return a persistent counter (control numbers), atomically."""
    from app.store import counters  # local: counters is a leaf beside this module

    return counters.advance(session, f"counter.{key}", step=1, floor=start - 1)


def file_imported(session: Session, kind: str, sha256: str) -> bool:
    """Whether a file with this hash was already imported as ``kind``."""
    stmt = select(t.ImportedFileRow.id).where(t.ImportedFileRow.kind == kind,
                                               t.ImportedFileRow.sha256 == sha256)
    return session.scalar(stmt) is not None


def record_import(session: Session, kind: str, sha256: str, file_name: str, summary: str) -> None:
    """Remember an imported file (UNIQUE kind + hash guards against a double post)."""
    session.add(t.ImportedFileRow(kind=kind, sha256=sha256, file_name=file_name,
                                  imported_at=datetime.now(), summary=summary))
    session.flush()


def audit_rows(session: Session, entity: str | None = None, entity_id: int | None = None,
               limit: int = 200) -> list[AuditRow]:
    """Newest audit entries, optionally for one entity."""
    stmt = select(t.AuditRow).order_by(t.AuditRow.id.desc()).limit(limit)
    if entity:
        stmt = stmt.where(t.AuditRow.entity == entity)
    if entity_id is not None:
        stmt = stmt.where(t.AuditRow.entity_id == entity_id)
    return [AuditRow(id=r.id, at=r.at.isoformat(timespec="seconds"), entity=r.entity,
                     entity_id=r.entity_id, action=r.action, before=r.before_json,
                     after=r.after_json) for r in session.scalars(stmt)]


def claim_ids_with_status(session: Session, statuses: list[str]) -> list[int]:
    """Ids of claims in the given statuses, oldest first."""
    stmt = select(t.ClaimRow.id).where(t.ClaimRow.status.in_(statuses)).order_by(t.ClaimRow.id)
    return list(session.scalars(stmt))
