"""The demo's sample EHR exports: one CSV, one HL7 and one FHIR file beside the database.

They name the demo practice's own rendering provider (NPI) and a payer it bills, so each
imports cleanly through File > Import visits or ``claimdesk import-visits``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.demo import ehr_samples
from app.domain.errors import UserError
from app.services import settings
from app.store.database import Database

FOLDER = "samples"


def samples_folder(db: Database) -> Path:
    """Where the samples of the practice in ``db`` go: ``samples/`` beside the database."""
    return Path(db.path).parent / FOLDER


def write_samples(db: Database, today: date | None = None) -> list[Path]:
    """Write the three sample exports for the practice in ``db``; returns their paths.

    Raises:
        UserError: the practice has no rendering provider or no insurance payer yet.
    """
    npi = next((p.npi for p in settings.list_providers(db, "rendering")), None)
    payer = next((p.payer_id for p in settings.list_payers(db) if not p.is_self_pay), None)
    if npi is None or payer is None:
        raise UserError("The sample exports need a rendering provider and a payer.")
    try:
        return ehr_samples.write_samples(samples_folder(db), npi, payer, today or date.today())
    except OSError as exc:
        raise UserError(f"Cannot write the sample exports: {exc.strerror}.") from None
