"""Paper claims (CMS-1500) and statement printing: PDFs, and paper submission of ready claims."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.domain.changes import Changes
from app.domain.claims import ClaimStatus, StatusMove
from app.domain.errors import UserError
from app.domain.progress import CancelToken, ProgressFn, no_progress
from app.domain.sent_claim import SendChannel
from app.domain.statements import StatementData
from app.printing.cms1500 import render_alignment, render_claims
from app.printing.statements import render_statements
from app.services import statements as statement_service
from app.services.sent_claims import as_billed_many
from app.store import claim_list
from app.store import repository as repo
from app.store.claims import snapshots
from app.store.claims.reader import read_claims
from app.store.claims.writer import move_statuses
from app.store.database import Database, UnitOfWork


@dataclass(frozen=True)
class PrintResult:
    """What a print run produced."""

    file: Path
    pages: int
    claims: int
    submitted: int  # ready claims that moved to submitted (paper submission)


def printer_offsets(db: Database) -> tuple[int, int]:
    """The saved horizontal and vertical offsets (tenths of an inch) for red-form printing."""
    with db.reading() as session:
        return (int(repo.get_setting(session, "print.offset_x", "0")),
                int(repo.get_setting(session, "print.offset_y", "0")))


def save_printer_offsets(db: Database, x_tenths: int, y_tenths: int) -> Changes:
    """Remember the printer offsets."""
    if not (-30 <= x_tenths <= 30 and -30 <= y_tenths <= 30):
        raise UserError("Offsets are limited to 3 inches (30 tenths) either way.")
    with UnitOfWork(db) as uow:
        repo.set_setting(uow.session, "print.offset_x", str(x_tenths))
        repo.set_setting(uow.session, "print.offset_y", str(y_tenths))
        uow.commit()
    return Changes(settings=True)


def paper_queue(db: Database) -> list[int]:
    """Ready claims to payers that take paper (newest date of service first)."""
    today = date.today()
    with db.reading() as session:
        paper = {p.id for p in repo.list_payers(session) if p.submission == "paper"}
        ready = claim_list.claim_ids(session, today, status=ClaimStatus.READY.value)
        return [c.id or 0 for c in read_claims(session, ready, trusted=True)
                if c.payer_id in paper]


def _write_temp(out: Path, render: object) -> tuple[Path, int]:
    """Render into ``out.part`` (flushed to disk); the caller renames it when all is done."""
    tmp = out.with_name(out.name + ".part")
    try:
        with tmp.open("wb") as handle:
            pages = render(handle)  # type: ignore[operator]
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp, int(pages)


def _write_atomically(out: Path, render: object) -> int:
    tmp, pages = _write_temp(out, render)
    tmp.replace(out)
    return pages


def print_claims(db: Database, claim_ids: list[int], out: Path, *, data_only: bool = False,
                 offset_x: int | None = None, offset_y: int | None = None,
                 today: date | None = None, progress: ProgressFn = no_progress,
                 cancel: CancelToken | None = None) -> tuple[PrintResult, Changes]:
    """Render claims to a PDF; ready claims among them are submitted on paper.

    The PDF is complete on disk before any claim changes state; reprinting a claim in any
    other status changes nothing.
    """
    if not claim_ids:
        raise UserError("No claims to print.")
    today = today or date.today()
    saved_x, saved_y = printer_offsets(db)
    data = as_billed_many(db, claim_ids)  # a claim with the payer reprints as it was sent
    pages = _write_atomically(Path(out), lambda h: render_claims(
        data, h, mode="data" if data_only else "replica",
        offset_x_tenths=saved_x if offset_x is None else offset_x,
        offset_y_tenths=saved_y if offset_y is None else offset_y,
        progress=progress, cancel=cancel, today=today))
    with UnitOfWork(db) as uow:
        ready = [c for c in read_claims(uow.session, dict.fromkeys(claim_ids), trusted=True)
                 if c.status == ClaimStatus.READY]
        move_statuses(uow.session, [StatusMove(
            c.id or 0, ClaimStatus.SUBMITTED, f"printed on paper ({Path(out).name})",
            expected=ClaimStatus.READY, submitted_on=today) for c in ready])
        moved = {c.id for c in ready}
        snapshots.record_sent(uow.session, [d for d in data if d.claim_id in moved],
                              channel=SendChannel.PAPER,
                              sent_at=datetime.combine(today, datetime.now().time()))
        uow.commit()
    return PrintResult(Path(out), pages, len(claim_ids), len(moved)), Changes(claims=bool(
        moved))


def print_alignment(db: Database, out: Path, offset_x: int | None = None,
                    offset_y: int | None = None) -> int:
    """An alignment test page for red forms with the given (or saved) offsets."""
    saved_x, saved_y = printer_offsets(db)
    return _write_atomically(Path(out), lambda h: render_alignment(
        h, saved_x if offset_x is None else offset_x, saved_y if offset_y is None else offset_y))


def print_statements(db: Database, out: Path, opts: statement_service.RunOptions, *,
                     final: bool = False, csv_out: Path | None = None,
                     progress: ProgressFn = no_progress,
                     cancel: CancelToken | None = None) -> tuple[int, int, Changes]:
    """Statement run to a PDF (and a mailing CSV); ``final`` records them in the history.

    Returns (statements, pages, changes).
    """
    statements = statement_service.preview(db, opts)
    changes = Changes()
    if not statements:
        return 0, 0, changes
    # The PDF goes to a temporary name, the run is recorded and committed, and only then is
    # the file renamed: a kill before the commit leaves no final file that was never recorded;
    # one between commit and rename leaves the record, and a re-run rewrites the file.
    # The mailing CSV is written to a temporary name the same way and renamed with the PDF.
    out = Path(out)
    tmp, pages = _write_temp(out, lambda h: render_statements(
        statements, h, progress=progress, cancel=cancel))
    temps = [(tmp, out)]
    try:
        if csv_out is not None:
            temps.insert(0, (_csv_temp(statements, Path(csv_out)), Path(csv_out)))
        if final:
            _, changes = statement_service.final_run(db, opts, expected=statements)
    except BaseException:
        for part, _ in temps:
            part.unlink(missing_ok=True)
        raise
    for part, final_name in temps:
        part.replace(final_name)
    return len(statements), pages, changes


def _csv_temp(statements: list[StatementData], csv_out: Path) -> Path:
    """The mailing CSV in ``csv_out.part``, flushed to disk (nothing left on failure)."""
    tmp = csv_out.with_name(csv_out.name + ".part")
    try:
        statement_service.write_mailing_csv(statements, tmp)
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp
