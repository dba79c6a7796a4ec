"""Create the synthetic demo practice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app import paths
from app.demo.generator import generate_demo
from app.domain.errors import UserError
from app.domain.progress import CancelToken, ProgressFn, no_progress
from app.services import codes
from app.services.practice_io import import_document
from app.store import queries
from app.store import tables as t
from app.store.database import Database
from app.store.document_io import is_empty


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
        return DemoCounts(
            providers=queries.count(s, t.ProviderRow), payers=queries.count(s, t.PayerRow),
            patients=queries.count(s, t.PatientRow), policies=queries.count(s, t.PolicyRow),
            encounters=queries.count(s, t.EncounterRow), claims=queries.count(s, t.ClaimRow),
            ledger_entries=queries.count(s, t.LedgerEntryRow))


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
    load_sample_edits(codesets)
    return counts(db)


def load_sample_edits(codesets: Path | None = None) -> None:
    """Load the synthetic NCCI PTP and MUE samples into the code-set database (once)."""
    samples = paths.RESOURCES / "codesets" / "samples"
    status = codes.status(db=codesets)
    if not status.ptp_rows:
        codes.import_ncci_ptp(sorted(samples.glob("medicare-ncci-*.txt")), db=codesets)
    if not status.mue_rows:
        codes.import_mue(next(samples.glob("MCR_MUE_*.csv")), db=codesets)
