"""Starting a practice from empty: an empty database and the starter list of payers."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from app import paths
from app.domain.base import build
from app.domain.changes import Changes
from app.domain.errors import UserError
from app.domain.practice import Payer
from app.store import repository as repo
from app.store.database import Database, UnitOfWork
from app.store.document_io import is_empty

STARTER_PAYERS = paths.RESOURCES / "payers_starter.csv"


@dataclass(frozen=True)
class StarterPayer:
    """A common payer with its usual electronic payer id (editable data in ``resources/``)."""

    name: str
    payer_id: str
    filing_indicator: str
    timely_filing_days: int
    note: str


def starter_payers(path: Path = STARTER_PAYERS) -> list[StarterPayer]:
    """The starter payer list."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [StarterPayer(r["name"], r["payer_id"], r["filing_indicator"],
                             int(r["timely_filing_days"]), r["note"])
                for r in csv.DictReader(handle)]


def init_practice(path: Path, payer_ids: list[str] | None = None) -> tuple[Database, int]:
    """Create an empty practice database at ``path`` (schema, self-pay, chosen payers).

    Raises:
        UserError: the database already holds a practice, or a payer id is not on the list.
    """
    db = Database(path)
    starters = {p.payer_id: p for p in starter_payers()}
    unknown = [p for p in payer_ids or [] if p not in starters]
    if unknown:
        raise UserError(f"Not on the starter payer list: {', '.join(unknown)}.",
                        hint="See `claimdesk payers starter` for the list.")
    with UnitOfWork(db) as uow:
        if not is_empty(uow.session):
            raise UserError(f"{path.name} already holds a practice; nothing was changed.")
        repo.save_payer(uow.session, build(Payer, {
            "name": "Self-pay", "payer_id": "SELFPAY", "filing_indicator": "ZZ",
            "submission": "none"}, "Payer"))
        for pid in payer_ids or []:
            s = starters[pid]
            repo.save_payer(uow.session, build(Payer, {
                "name": s.name[:60], "payer_id": s.payer_id,
                "filing_indicator": s.filing_indicator,
                "timely_filing_days": s.timely_filing_days}, "Payer"))
        uow.commit()
    return db, 1 + len(payer_ids or [])


SETUP_CHANGES = Changes(settings=True)
