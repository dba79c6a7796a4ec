"""Visit notes attached as PDF files, stored inside the practice database."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store import tables as t


def save_note_file(session: Session, encounter_id: int, file_name: str, content: bytes) -> None:
    """Attach (or replace) the PDF note of a visit."""
    row = session.scalar(select(t.VisitNoteFileRow).where(
        t.VisitNoteFileRow.encounter_id == encounter_id)) or t.VisitNoteFileRow(
        encounter_id=encounter_id)
    row.file_name = file_name
    row.content = content
    row.sha256 = hashlib.sha256(content).hexdigest()
    row.added_at = datetime.now()
    session.add(row)
    session.flush()


def note_file(session: Session, encounter_id: int) -> tuple[str, bytes] | None:
    """The visit's PDF note as (file name, bytes), or None."""
    row = session.scalar(select(t.VisitNoteFileRow).where(
        t.VisitNoteFileRow.encounter_id == encounter_id))
    return (row.file_name, row.content) if row else None
