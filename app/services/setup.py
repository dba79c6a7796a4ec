"""Starting a practice from empty: an empty database and the starter list of payers."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import paths
from app.domain.base import build
from app.domain.changes import Changes
from app.domain.errors import Problem, UserError, ValidationFailed
from app.domain.practice import Clearinghouse, Payer, Practice, Provider
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
        for payer in _payers(payer_ids or [], starters):
            repo.save_payer(uow.session, payer)
        uow.commit()
    return db, 1 + len(payer_ids or [])


SETUP_CHANGES = Changes(settings=True)


def _payers(payer_ids: list[str], starters: dict[str, StarterPayer]) -> list[Payer]:
    """Self-pay, then the chosen starter payers, as records."""
    payers = [build(Payer, {"name": "Self-pay", "payer_id": "SELFPAY", "filing_indicator": "ZZ",
                            "submission": "none"}, "Payer")]
    for pid in payer_ids:
        s = starters[pid]
        payers.append(build(Payer, {
            "name": s.name[:60], "payer_id": s.payer_id, "filing_indicator": s.filing_indicator,
            "timely_filing_days": s.timely_filing_days}, "Payer"))
    return payers


def _validated(model: type[Any], data: dict[str, Any], source: str,
               problems: list[Problem]) -> Any:
    try:
        return build(model, data, source)
    except ValidationFailed as exc:
        problems.extend(exc.problems)
        return None


def create_practice(db: Database, practice: dict[str, Any], providers: list[dict[str, Any]],
                    clearinghouse: dict[str, Any],
                    payer_ids: list[str]) -> tuple[Practice, Changes]:
    """Set up a new practice in one transaction (the set-up wizard's Finish).

    Saves the practice (billing provider), its rendering providers, the clearinghouse,
    self-pay and the chosen starter payers; either all of them or nothing.

    Args:
        db: an empty practice database.
        practice: the practice fields (as ``settings.save_practice`` takes them).
        providers: one dict per rendering provider (at least one).
        clearinghouse: the clearinghouse fields.
        payer_ids: electronic payer ids from the starter list.

    Returns:
        The saved practice and the changes to announce.

    Raises:
        ValidationFailed: every problem of every record (sources ``Practice``,
            ``Provider 1``..., ``Clearinghouse``, ``Payers``); nothing is written.
        UserError: the database already holds a practice; nothing is written.
    """
    problems: list[Problem] = []
    record = _validated(Practice, practice, "Practice", problems)
    people = [_validated(Provider, {**p, "role": "rendering"}, f"Provider {n}", problems)
              for n, p in enumerate(providers, start=1)]
    if not providers:
        problems.append(Problem("Providers", "", "Add at least one rendering provider."))
    npis = [p["npi"] for p in providers if p.get("npi")]
    if len(set(npis)) != len(npis):
        problems.append(Problem("Providers", "npi", "Two providers have the same NPI."))
    ch = _validated(Clearinghouse, clearinghouse, "Clearinghouse", problems)
    starters = {p.payer_id: p for p in starter_payers()}
    unknown = [p for p in payer_ids if p not in starters]
    if unknown:
        problems.append(Problem("Payers", "payer_id",
                                f"Not on the starter payer list: {', '.join(unknown)}."))
    if problems:
        raise ValidationFailed(problems)
    with UnitOfWork(db) as uow:
        if not is_empty(uow.session):
            raise UserError(f"{db.path.name} already holds a practice; nothing was changed.")
        saved = repo.save_practice(uow.session, record)
        for person in people:
            repo.save_provider(uow.session, person)
        repo.save_clearinghouse(uow.session, ch)
        for payer in _payers(list(dict.fromkeys(payer_ids)), starters):
            repo.save_payer(uow.session, payer)
        uow.commit()
    return saved, SETUP_CHANGES
