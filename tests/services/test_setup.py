"""Setting up a practice from empty: all records in one transaction, or nothing."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.errors import UserError, ValidationFailed
from app.services import settings, setup, workspace
from app.store import repository as repo
from tests.builders import PRACTICE

PROVIDERS = [{"last_name": "Jones", "first_name": "Sarah", "credential": "MD",
              "npi": "1987654328", "taxonomy": "208000000X"}]
CLEARINGHOUSE = {"name": "Test Clearinghouse", "submitter_name": "Test Family Practice",
                 "submitter_id": "SUB123", "contact_name": "Pat Biller",
                 "contact_phone": "(217) 555-0101", "receiver_name": "Test Clearinghouse",
                 "receiver_id": "RCV456", "usage": "T"}


def test_create_practice_saves_every_record(db: Any) -> None:
    saved, changes = setup.create_practice(db, PRACTICE, PROVIDERS, CLEARINGHOUSE,
                                           ["60054", "62308"])
    assert saved.legal_name == "Test Family Practice" and changes.settings
    assert [p.npi for p in settings.list_providers(db)] == ["1987654328"]
    assert settings.get_clearinghouse(db).submitter_id == "SUB123"  # type: ignore[union-attr]
    assert {p.payer_id for p in settings.list_payers(db)} == {"SELFPAY", "60054", "62308"}
    assert not workspace.needs_setup(db)


def test_every_problem_is_reported_and_nothing_written(db: Any) -> None:
    bad_provider = {**PROVIDERS[0], "npi": "1987654321"}
    with pytest.raises(ValidationFailed) as caught:
        setup.create_practice(db, {**PRACTICE, "ein": "00-1234567"}, [bad_provider],
                              {**CLEARINGHOUSE, "submitter_id": ""}, ["NOPE"])
    fields = {(p.source, p.field) for p in caught.value.problems}
    assert {("Practice", "ein"), ("Provider 1", "npi"), ("Clearinghouse", "submitter_id"),
            ("Payers", "payer_id")} <= fields
    assert workspace.needs_setup(db) and settings.list_providers(db) == []


def test_a_failure_midway_writes_nothing(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(repo, "save_clearinghouse", broken)
    with pytest.raises(OSError):
        setup.create_practice(db, PRACTICE, PROVIDERS, CLEARINGHOUSE, ["60054"])
    assert workspace.needs_setup(db)
    assert settings.get_practice(db) is None and settings.list_providers(db) == []
    assert settings.list_payers(db) == []


def test_a_practice_is_never_set_up_twice(db: Any) -> None:
    setup.create_practice(db, PRACTICE, PROVIDERS, CLEARINGHOUSE, [])
    with pytest.raises(UserError):
        setup.create_practice(db, PRACTICE, PROVIDERS, CLEARINGHOUSE, [])
    assert len(settings.list_providers(db)) == 1


def test_duplicate_provider_npis_are_refused(db: Any) -> None:
    with pytest.raises(ValidationFailed, match="same NPI"):
        setup.create_practice(db, PRACTICE, PROVIDERS * 2, CLEARINGHOUSE, [])
    assert workspace.needs_setup(db)
