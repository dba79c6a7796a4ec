"""Storage for 835 posting: files, payments, claim remits, provider adjustments, denials."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Integer, func, or_, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.claims import Claim
from app.domain.errors import UserError
from app.domain.money import from_cents
from app.domain.remit_records import DenialRecord, PaymentRecord, RemitClaimRecord, RemitFileRecord
from app.store import tables as t
from app.store.bulk_insert import insert_audited
from app.store.claims import reader
from app.store.records import maybe_record, record_of


def file_by_hash(session: Session, sha256: str) -> RemitFileRecord | None:
    """An earlier import of the same file."""
    return maybe_record(RemitFileRecord, session.scalars(select(t.RemittanceFileRow).where(
        t.RemittanceFileRow.sha256 == sha256)).first())


def add_file(session: Session, sha256: str, name: str, text: str) -> int:
    """Record an imported file; returns its id.

    Raises:
        UserError: the same file was imported meanwhile (another ClaimDesk posted it first;
            its transaction held the write lock until it committed).
    """
    row = t.RemittanceFileRow(sha256=sha256, file_name=name, imported_at=datetime.now(),
                              raw_text=text)
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        raise UserError(f"{name} was imported at the same time by another ClaimDesk; "
                        "nothing was posted twice.") from None
    return row.id


def payment_by_trace(session: Session, payer_trace_id: str,
                     trace_number: str) -> PaymentRecord | None:
    """The payment already posted under (TRN03, TRN02), if any."""
    return maybe_record(PaymentRecord, session.scalars(select(t.PaymentRow).where(
        t.PaymentRow.payer_trace_id == payer_trace_id,
        t.PaymentRow.trace_number == trace_number)).first())


def add_payment(session: Session, **values: object) -> PaymentRecord:
    """Insert a payment (deposit) row."""
    row = t.PaymentRow(posted_at=datetime.now(), **values)
    session.add(row)
    session.flush()
    return record_of(PaymentRecord, row)


def find_claim(session: Session, control_number: str, payer_claim_number: str) -> Claim | None:
    """Match a CLP to our claim: by CLM01, then by the payer's claim number."""
    found = reader.claims_where(session, reader.CLAIMS.c.control_number == control_number,
                                trusted=False)
    if not found and payer_claim_number:
        found = reader.claims_where(
            session, reader.CLAIMS.c.payer_claim_number == payer_claim_number, trusted=False)
    return found[0] if found else None


def claims_by_number(session: Session, pairs: Iterable[tuple[str, str]]) -> dict[str, Claim]:
    """Bulk ``find_claim``: for (CLP01, CLP07) pairs, the claims keyed by the number matched.

    Our control number first (one indexed query); the payer's claim number only for the
    pairs whose control number matched nothing.
    """
    pairs = list(pairs)
    out: dict[str, Claim] = {}
    controls = {c for c, _ in pairs if c}
    for claim in reader.claims_by_number(session, controls, trusted=True):
        out[claim.control_number] = claim
    fallback = {p for c, p in pairs if p and c not in out}
    if fallback:
        for claim in reader.claims_by_number(session, fallback, column="payer_claim_number",
                                             trusted=True):
            out.setdefault(claim.payer_claim_number, claim)
    return out


def find_claim_by_reference(session: Session, reference: str) -> Claim | None:
    """A claim named by a PLB reference (our control number or the payer's claim number)."""
    if not reference:
        return None
    found = reader.claims_where(session, or_(reader.CLAIMS.c.control_number == reference,
                                             reader.CLAIMS.c.payer_claim_number == reference),
                                trusted=False)
    return found[0] if found else None


def next_remit_claim_id(session: Session) -> int:
    """The id the next remitted claim row gets (ids are handed out before a bulk insert).

    Safe inside the posting's write transaction: nothing else writes to this database.
    """
    return (session.scalar(select(func.max(t.RemitClaimRow.id))) or 0) + 1


def bulk_add_remit_claims(session: Session, rows: list[dict[str, object]]) -> None:
    """Record many CLPs (each row carries its id from ``next_remit_claim_id``)."""
    insert_audited(session, t.RemitClaimRow.__table__, rows)


def add_provider_adjustment(session: Session, **values: object) -> None:
    """Record one PLB adjustment."""
    session.add(t.ProviderAdjustmentRow(**values))
    session.flush()


def bulk_add_denials(session: Session, rows: list[dict[str, object]]) -> None:
    """Open many denial work items."""
    insert_audited(session, t.DenialRow.__table__, rows, same={"created_at": datetime.now()})


def denied_without_items(session: Session) -> list[tuple[Claim, date, int, Decimal]]:
    """Denied claims that have no denial work item (the demo practice opens theirs).

    Each as (claim, date of service, the payer's filing days, billed amount).
    """
    has_item = select(t.DenialRow.claim_id)
    wanted = (t.ClaimRow.status == "denied", t.ClaimRow.id.not_in(has_item))
    stmt = (select(t.ClaimRow.id, t.EncounterRow.date_of_service, t.PayerRow.timely_filing_days)
            .join(t.EncounterRow, t.EncounterRow.id == t.ClaimRow.encounter_id)
            .join(t.PayerRow, t.PayerRow.id == t.ClaimRow.payer_id)
            .where(*wanted).order_by(t.ClaimRow.id))
    cents = type_coerce(t.ServiceLineRow.charge, Integer)
    billed = dict(session.execute(
        select(t.ServiceLineRow.encounter_id, func.sum(cents))
        .where(t.ServiceLineRow.encounter_id.in_(select(t.ClaimRow.encounter_id).where(*wanted)))
        .group_by(t.ServiceLineRow.encounter_id)).all())
    found = session.execute(stmt).all()
    claims = reader.read_claims(session, [cid for cid, _, _ in found], trusted=False)
    return [(claim, dos, days or 365, from_cents(billed.get(claim.encounter_id) or 0))
            for claim, (_, dos, days) in zip(claims, found, strict=True)]


def denials(session: Session, owner: str | None = None, include_done: bool = False,
            today: date | None = None) -> list[DenialRecord]:
    """Denial work items (open, and snoozed ones whose date has come), oldest first."""
    stmt = select(t.DenialRow).order_by(t.DenialRow.deadline, t.DenialRow.id)
    if owner:
        stmt = stmt.where(t.DenialRow.owner == owner)
    rows = [record_of(DenialRecord, r) for r in session.scalars(stmt)]
    if include_done:
        return rows
    today = today or date.today()
    return [r for r in rows if r.state == "open" or (
        r.state == "snoozed" and r.snooze_until is not None and r.snooze_until <= today)]


def close_denial(session: Session, denial_id: int, *, state: str, action: str, note: str,
                 snooze_until: date | None = None) -> None:
    """Record what was done with a denial item (audited like any ORM change)."""
    row = _denial_row(session, denial_id)
    row.state, row.action, row.note = state, action, note
    if snooze_until is not None:
        row.snooze_until = snooze_until
    session.flush()


def _denial_row(session: Session, denial_id: int) -> t.DenialRow:
    row = session.get(t.DenialRow, denial_id)
    if row is None:
        raise KeyError(denial_id)
    return row


def get_denial(session: Session, denial_id: int) -> DenialRecord:
    """One denial item (KeyError when gone)."""
    return record_of(DenialRecord, _denial_row(session, denial_id))


def take_exception(session: Session, item_id: int) -> tuple[str, str, Decimal, int,
                                                            date | None, str] | None:
    """Mark an exception resolved and release its suspense money.

    Returns (CLP JSON, our control number as remitted, paid, payment id, payment date,
    trace number), or None when the item is no longer in the exception queue.
    """
    row = session.get(t.RemitClaimRow, item_id)
    if row is None or row.state != "exception":
        return None
    payment = session.get(t.PaymentRow, row.payment_id)
    row.state = "resolved"
    reduce_suspense(session, row.payment_id, row.paid)
    return (row.detail_json, row.control_number, row.paid, row.payment_id,
            payment.payment_date if payment else None, payment.trace_number if payment else "")


def exceptions(session: Session) -> list[RemitClaimRecord]:
    """Remitted claims we could not match, with their money in suspense."""
    return [record_of(RemitClaimRecord, r) for r in session.scalars(select(t.RemitClaimRow).where(
        t.RemitClaimRow.state == "exception").order_by(t.RemitClaimRow.id))]


def remits_for_claim(session: Session, claim_id: int) -> list[RemitClaimRecord]:
    """The remittance entries posted to a claim (for the EOB view)."""
    return [record_of(RemitClaimRecord, r) for r in session.scalars(select(t.RemitClaimRow).where(
        t.RemitClaimRow.claim_id == claim_id).order_by(t.RemitClaimRow.id))]


def reduce_suspense(session: Session, payment_id: int, amount: Decimal) -> None:
    """Move money out of a payment's suspense once its claim is matched."""
    row = session.get(t.PaymentRow, payment_id)
    if row is not None:
        row.suspense = row.suspense - amount
        session.flush()


def payment_summary(session: Session, payment_id: int) -> tuple[str, str, date | None] | None:
    """(trace number, payer name, payment date) of a payment, or None."""
    row = session.get(t.PaymentRow, payment_id)
    return (row.trace_number, row.payer_name, row.payment_date) if row else None


def remit_detail_json(session: Session, remit_claim_id: int) -> str | None:
    """The stored CLP detail (JSON) of a remitted claim, or None."""
    row = session.get(t.RemitClaimRow, remit_claim_id)
    return row.detail_json if row else None


def payment_source(session: Session, payment_id: int) -> tuple[PaymentRecord, str, str] | None:
    """A payment with the name and text of the 835 file it came in, or None."""
    row = session.get(t.PaymentRow, payment_id)
    if row is None:
        return None
    file = session.get(t.RemittanceFileRow, row.file_id)
    return (record_of(PaymentRecord, row), file.file_name if file else "",
            file.raw_text if file else "")
