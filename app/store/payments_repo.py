"""Patient payments in the store: the payment, the ledger entries it owns, its void."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.errors import NotFound
from app.domain.ledger import LedgerEntry
from app.domain.patient_payments import PatientPaymentLine, PaymentRequest
from app.store import mapping as m
from app.store import tables as t


@dataclass(frozen=True)
class StoredPayment:
    """A patient payment row as the service needs it."""

    id: int
    payment_key: str
    patient_id: int
    amount: Decimal
    method: str
    reference: str
    received_on: date
    encounter_id: int | None
    voided: bool


def _stored(r: t.PatientPaymentRow, voided: bool) -> StoredPayment:
    return StoredPayment(r.id, r.payment_key, r.patient_id, r.amount, r.method, r.reference,
                         r.received_on, r.encounter_id, voided)


def _is_voided(session: Session, payment_id: int) -> bool:
    return session.scalar(select(t.PatientPaymentVoidRow.id).where(
        t.PatientPaymentVoidRow.payment_id == payment_id)) is not None


def by_key(session: Session, key: str) -> StoredPayment | None:
    """The payment entered with this client key, if any."""
    row = session.scalar(select(t.PatientPaymentRow).where(
        t.PatientPaymentRow.payment_key == key))
    return _stored(row, _is_voided(session, row.id)) if row else None


def get_payment(session: Session, payment_id: int) -> StoredPayment:
    """One patient payment.

    Raises:
        NotFound: no payment has that id.
    """
    row = session.get(t.PatientPaymentRow, payment_id)
    if row is None:
        raise NotFound(f"There is no patient payment {payment_id}.")
    return _stored(row, _is_voided(session, payment_id))


def insert_payment(session: Session, req: PaymentRequest, encounter_id: int | None) -> int:
    """Store the payment itself (its entries are linked with ``link_entries``)."""
    row = t.PatientPaymentRow(
        payment_key=req.payment_key, patient_id=req.patient_id, encounter_id=encounter_id,
        method=req.method.value, channel=req.channel.value, reference=req.reference,
        received_on=req.received_on, amount=req.amount, note=req.note,
        created_at=datetime.now())
    session.add(row)
    session.flush()
    return row.id


def link_entries(session: Session, payment_id: int, entries: list[LedgerEntry],
                 role: str) -> None:
    """Mark ``entries`` (already appended) as carrying the payment's money."""
    session.add_all([t.PatientPaymentEntryRow(payment_id=payment_id, entry_id=e.id, role=role)
                     for e in entries])
    session.flush()


def payment_entries(session: Session, payment_id: int) -> list[LedgerEntry]:
    """Every ledger entry of one payment, in posting order."""
    stmt = (select(t.LedgerEntryRow).join(
        t.PatientPaymentEntryRow, t.PatientPaymentEntryRow.entry_id == t.LedgerEntryRow.id)
        .where(t.PatientPaymentEntryRow.payment_id == payment_id)
        .order_by(t.LedgerEntryRow.id))
    return [m.entry_to_domain(r) for r in session.scalars(stmt)]


def record_void(session: Session, payment_id: int, reason: str, on: date) -> None:
    """Remember that the payment was voided (the unique key refuses a second void)."""
    session.add(t.PatientPaymentVoidRow(payment_id=payment_id, reason=reason, voided_on=on,
                                        voided_at=datetime.now()))
    session.flush()


def holdings(session: Session, patient_id: int) -> list[tuple[int, int | None, Decimal]]:
    """(payment id, visit or None, net amount) of each live payment's money, oldest first."""
    e, link, p = t.LedgerEntryRow, t.PatientPaymentEntryRow, t.PatientPaymentRow
    stmt = (select(link.payment_id, e.encounter_id, func.sum(e.amount))
            .join(e, e.id == link.entry_id).join(p, p.id == link.payment_id)
            .where(p.patient_id == patient_id)
            .group_by(link.payment_id, e.encounter_id)
            .order_by(link.payment_id, e.encounter_id))
    out: list[tuple[int, int | None, Decimal]] = []
    for pid, enc, cents in session.execute(stmt):
        amount = Decimal(cents)
        if amount > 0:
            out.append((int(pid), enc, amount))
    return out


def _lines(session: Session, where: list[object]) -> list[PatientPaymentLine]:
    p, pat, v = t.PatientPaymentRow, t.PatientRow, t.PatientPaymentVoidRow
    stmt = (select(p, pat.last_name, pat.first_name, pat.account_number, v.reason)
            .join(pat, pat.id == p.patient_id).outerjoin(v, v.payment_id == p.id)
            .where(*where).order_by(p.received_on, p.id))  # type: ignore[arg-type]
    rows = session.execute(stmt).all()
    placed = _placed(session, [r[0].id for r in rows])
    out = []
    for row, last, first, account, reason in rows:
        applied, unapplied = placed.get(row.id, (Decimal("0.00"), Decimal("0.00")))
        out.append(PatientPaymentLine(
            id=row.id, patient_id=row.patient_id, patient_name=f"{last}, {first}",
            account_number=account, received_on=row.received_on, amount=row.amount,
            method=row.method, channel=row.channel, reference=row.reference,
            visit_id=row.encounter_id, applied=applied, unapplied=unapplied,
            voided=reason is not None, void_reason=reason or ""))
    return out


def _placed(session: Session, ids: list[int]) -> dict[int, tuple[Decimal, Decimal]]:
    """(applied to visits, unapplied) now, per payment id."""
    if not ids:
        return {}
    e, link = t.LedgerEntryRow, t.PatientPaymentEntryRow
    stmt = (select(link.payment_id, e.encounter_id.is_(None), func.sum(e.amount))
            .join(e, e.id == link.entry_id).where(link.payment_id.in_(ids))
            .group_by(link.payment_id, e.encounter_id.is_(None)))
    out: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal("0.00"), Decimal("0.00")])
    for pid, unapplied, cents in session.execute(stmt):
        out[int(pid)][1 if unapplied else 0] += Decimal(cents)
    return {k: (v[0], v[1]) for k, v in out.items()}


def payment_lines(session: Session, *, on: date | None = None,
                  patient_id: int | None = None,
                  payment_id: int | None = None) -> list[PatientPaymentLine]:
    """Patient payments received on a day, of a patient, or one payment."""
    p = t.PatientPaymentRow
    where: list[object] = []
    if on is not None:
        where.append(p.received_on == on)
    if patient_id is not None:
        where.append(p.patient_id == patient_id)
    if payment_id is not None:
        where.append(p.id == payment_id)
    return _lines(session, where)


def payment_of_entries(session: Session, patient_id: int) -> dict[int, int]:
    """Ledger entry id -> patient payment id, for one patient's entries."""
    link, e = t.PatientPaymentEntryRow, t.LedgerEntryRow
    stmt = (select(link.entry_id, link.payment_id).join(e, e.id == link.entry_id)
            .where(e.patient_id == patient_id))
    return {int(a): int(b) for a, b in session.execute(stmt)}


def encounter_of_patient(session: Session, encounter_id: int) -> int | None:
    """The patient a visit belongs to (None: no such visit)."""
    return session.scalar(select(t.EncounterRow.patient_id).where(
        t.EncounterRow.id == encounter_id))


def line_owner(session: Session, line_id: int) -> tuple[int | None, int | None]:
    """(visit, patient) of a service line; (None, None) when there is no such line."""
    row = session.execute(select(t.ServiceLineRow.encounter_id, t.EncounterRow.patient_id)
                          .join(t.EncounterRow, t.EncounterRow.id == t.ServiceLineRow.encounter_id)
                          .where(t.ServiceLineRow.id == line_id)).first()
    return (row[0], row[1]) if row else (None, None)
