"""Storage of 837P batches and imported acknowledgments."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.batches import AckRecord, BatchRecord
from app.store import tables as t
from app.store.bulk_insert import insert_audited
from app.store.records import maybe_record, record_of


def add_batch(session: Session, *, file_name: str, path: str, sha256: str, isa13: int,
              gs06: int, total_charge: Decimal, usage: str, content: str,
              claims: list[tuple[int, str]]) -> int:
    """Record a batch and its claims (claim id, ST02); returns the batch id."""
    row = t.BatchRow(file_name=file_name, path=path, sha256=sha256, created_at=datetime.now(),
                     isa13=isa13, gs06=gs06, claim_count=len(claims),
                     total_charge=total_charge, usage=usage, content=content)
    session.add(row)
    session.flush()
    insert_audited(session, t.BatchClaimRow.__table__,
                   [{"batch_id": row.id, "claim_id": c, "st02": st} for c, st in claims])
    return row.id


def batches(session: Session) -> list[BatchRecord]:
    """Every batch, newest first."""
    rows = session.scalars(select(t.BatchRow).order_by(t.BatchRow.id.desc()))
    return [record_of(BatchRecord, row) for row in rows]


def get_batch(session: Session, batch_id: int) -> BatchRecord | None:
    """One batch."""
    return maybe_record(BatchRecord, session.get(t.BatchRow, batch_id))


def batch_by_gs06(session: Session, gs06: int) -> BatchRecord | None:
    """The batch with this functional group control number (999 AK102)."""
    row = session.scalars(select(t.BatchRow).where(t.BatchRow.gs06 == gs06)).first()
    return maybe_record(BatchRecord, row)


def batch_by_isa13(session: Session, isa13: int) -> BatchRecord | None:
    """The batch with this interchange control number (a 277CA's BHT03 names it)."""
    row = session.scalars(select(t.BatchRow).where(t.BatchRow.isa13 == isa13)).first()
    return maybe_record(BatchRecord, row)


def batch_claims(session: Session, batch_id: int, st02: str | None = None) -> list[int]:
    """Claim ids of a batch (of one transaction set when ``st02`` is given)."""
    stmt = select(t.BatchClaimRow.claim_id).where(t.BatchClaimRow.batch_id == batch_id)
    if st02 is not None:
        stmt = stmt.where(t.BatchClaimRow.st02 == st02)
    return list(session.scalars(stmt.order_by(t.BatchClaimRow.id)))


def ack_by_hash(session: Session, sha256: str) -> AckRecord | None:
    """An acknowledgment file imported before."""
    row = session.scalars(select(t.AcknowledgmentRow).where(
        t.AcknowledgmentRow.sha256 == sha256)).first()
    return maybe_record(AckRecord, row)


def add_ack(session: Session, sha256: str, kind: str, file_name: str, summary: str) -> None:
    """Remember an imported acknowledgment."""
    session.add(t.AcknowledgmentRow(sha256=sha256, kind=kind, file_name=file_name,
                                    imported_at=datetime.now(), summary=summary))
    session.flush()


def set_batch_status(session: Session, batch_id: int, status: str) -> None:
    """Record what the clearinghouse said of a batch (999: accepted or rejected)."""
    row = session.get(t.BatchRow, batch_id)
    if row is not None:
        row.status = status
        session.flush()
