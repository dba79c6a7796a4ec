"""Practice setup: practice, providers, payers, clearinghouse."""

from __future__ import annotations

from typing import Any

from app.domain.base import build
from app.domain.changes import Changes
from app.domain.practice import Clearinghouse, Payer, Practice, Provider
from app.store import repository as repo
from app.store.database import Database, UnitOfWork

SETTINGS = Changes(settings=True)


def get_practice(db: Database) -> Practice | None:
    """The practice (billing provider), or None before setup."""
    with db.reading() as session:
        return repo.get_practice(session)


def save_practice(db: Database, data: dict[str, Any]) -> tuple[Practice, Changes]:
    """Validate and save the practice.

    Raises:
        ValidationFailed: with one problem per bad field.
        StaleEdit: the practice changed since it was read.
    """
    practice = build(Practice, data, "Practice")
    with UnitOfWork(db) as uow:
        saved = repo.save_practice(uow.session, practice)
        uow.commit()
    return saved, SETTINGS


def list_providers(db: Database, role: str | None = None) -> list[Provider]:
    """Providers by name (``role`` = rendering / referring to filter)."""
    with db.reading() as session:
        return repo.list_providers(session, role)


def save_provider(db: Database, data: dict[str, Any]) -> tuple[Provider, Changes]:
    """Validate and save a provider."""
    provider = build(Provider, data, "Provider")
    with UnitOfWork(db) as uow:
        saved = repo.save_provider(uow.session, provider)
        uow.commit()
    return saved, SETTINGS


def list_payers(db: Database) -> list[Payer]:
    """Payers by name."""
    with db.reading() as session:
        return repo.list_payers(session)


def save_payer(db: Database, data: dict[str, Any]) -> tuple[Payer, Changes]:
    """Validate and save a payer."""
    payer = build(Payer, data, "Payer")
    with UnitOfWork(db) as uow:
        saved = repo.save_payer(uow.session, payer)
        uow.commit()
    return saved, SETTINGS


def get_clearinghouse(db: Database) -> Clearinghouse | None:
    """Clearinghouse and submitter settings."""
    with db.reading() as session:
        return repo.get_clearinghouse(session)


def save_clearinghouse(db: Database, data: dict[str, Any]) -> tuple[Clearinghouse, Changes]:
    """Validate and save the clearinghouse settings."""
    ch = build(Clearinghouse, data, "Clearinghouse")
    with UnitOfWork(db) as uow:
        saved = repo.save_clearinghouse(uow.session, ch)
        uow.commit()
    return saved, SETTINGS
