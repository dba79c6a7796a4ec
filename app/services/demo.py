"""Create the synthetic demo practice."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from app import paths
from app.demo.generator import generate_demo
from app.domain.errors import UserError
from app.domain.progress import CancelToken, ProgressFn, no_progress
from app.services import codes
from app.services.demo_money import add_demo_money
from app.services.demo_payments import add_demo_payments
from app.services.practice_io import import_document
from app.services.remittances import APPEAL_WINDOW_DAYS
from app.store import queries, remit_repo
from app.store.database import Database, UnitOfWork
from app.store.document_io import is_empty
from app.x12.codes_835 import Owner, carc_owner, describe_adjustment


@dataclass(frozen=True)
class DemoCounts:
    """What ``claimdesk demo`` created."""

    providers: int
    payers: int
    patients: int
    policies: int
    encounters: int
    claims: int
    ledger_entries: int


def counts(db: Database) -> DemoCounts:
    """Row counts of the main tables."""
    with db.reading() as s:
        return DemoCounts(**queries.main_counts(s))


def reset(db: Database) -> None:
    """Delete the database file and create an empty schema in its place."""
    db.dispose()
    for suffix in ("", "-wal", "-shm"):
        db.path.with_name(db.path.name + suffix).unlink(missing_ok=True)
    db.migrate()


def create_demo(db: Database, *, patients: int = 300, encounters: int = 1500, seed: int = 7,
                force: bool = False, today: date | None = None,
                codesets: Path | None = None,
                progress: ProgressFn = no_progress,
                cancel: CancelToken | None = None) -> DemoCounts:
    """Fill ``db`` with the synthetic demo practice.

    Raises:
        UserError: the database holds data and ``force`` is not set, or sizes are invalid.
    """
    if patients < 1 or encounters < 0:
        raise UserError("The demo needs at least one patient and no negative encounter count.")
    with db.reading() as session:
        empty = is_empty(session)
    if not empty:
        if not force:
            raise UserError(f"{db.path} already holds a practice.",
                            hint="Add --force to replace it with the demo practice.")
        reset(db)
    progress(0, 0, "Generating the demo practice")
    doc = generate_demo(patients=patients, encounters=encounters, seed=seed, today=today)
    import_document(db, doc, progress=progress, cancel=cancel)
    open_denial_items(db)
    add_demo_payments(db, today)
    add_demo_money(db, today or date.today())
    load_sample_edits(codesets)
    return counts(db)


_DENIAL_NOTE = re.compile(r"Denied (CO|PR|OA|PI)-(\w+)")
DENIAL_ANSWER_DAYS = 21  # the demo's payers answer three weeks after submission


def open_denial_items(db: Database) -> int:
    """Open a denial work item for each denied demo claim (its CARC is in its status note).

    The demo's claims were adjudicated before the practice existed in ClaimDesk, so no ERA
    posting opened their items; the queue then shows them routed like posted denials.
    Returns how many were opened.
    """
    with UnitOfWork(db) as uow:
        rows: list[dict[str, object]] = []
        for claim, dos, filing_days, billed in remit_repo.denied_without_items(uow.session):
            found = _DENIAL_NOTE.match(claim.status_note)
            if found is None or claim.id is None:
                continue
            group, reason = found.groups()
            owner = carc_owner(reason)
            answered = (claim.submitted_on or claim.created_on) + timedelta(
                days=DENIAL_ANSWER_DAYS)
            deadline = answered + timedelta(days=APPEAL_WINDOW_DAYS) \
                if owner in (None, Owner.PAYER) else dos + timedelta(days=filing_days)
            rows.append({"claim_id": claim.id, "line_id": None, "remit_claim_id": None,
                         "group_code": group, "reason_code": reason, "remark_codes": "",
                         "amount": billed, "owner": owner.value if owner else "payer",
                         "explanation": describe_adjustment(group, reason),
                         "deadline": deadline})
        remit_repo.bulk_add_denials(uow.session, rows)
        uow.commit()
    return len(rows)


def load_sample_edits(codesets: Path | None = None) -> None:
    """Load the synthetic NCCI PTP and MUE samples into the code-set database (once)."""
    samples = paths.RESOURCES / "codesets" / "samples"
    status = codes.status(db=codesets)
    if not status.ptp_rows:
        codes.import_ncci_ptp(sorted(samples.glob("medicare-ncci-*.txt")), db=codesets)
    if not status.mue_rows:
        codes.import_mue(next(samples.glob("MCR_MUE_*.csv")), db=codesets)
