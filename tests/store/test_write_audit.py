"""Writes outside the big bulk paths are audited too: charge-master and contract upserts,
replaced diagnoses and favorites, held CLPs and their resolution."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.domain.document import ContractRate, FeeScheduleEntry
from app.services import remit_screen
from app.store import coding_repo, fees
from app.store.claims.bundles import get_encounter
from app.store.database import Database, UnitOfWork
from tests import builders
from tests.services.test_remit_checks import clp, era, post
from tests.services.test_remittances import practice  # noqa: F401


def _audit(db: Database, entity: str) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT action, before_json, after_json FROM audit_log WHERE entity = ? "
            "ORDER BY id", (entity,)).all()
    return [(a, json.loads(b) if b else {}, json.loads(x) if x else {}) for a, b, x in rows]


def test_fee_and_contract_upserts_are_audited(db: Database) -> None:
    builders.set_up_practice(db)
    payer = builders.add_payer(db)
    on = date(2026, 1, 1)
    with UnitOfWork(db) as uow:
        fees.upsert_fees(uow.session, [FeeScheduleEntry(code="99213", label="Visit",
                                                        charge=Decimal("95"), effective_date=on)])
        fees.upsert_contracts(uow.session, [ContractRate(payer_id=payer.id, code="99213",
                                                         allowed=Decimal("70"),
                                                         effective_date=on)])
        uow.commit()
    with UnitOfWork(db) as uow:
        fees.upsert_fees(uow.session, [FeeScheduleEntry(code="99213", label="Visit",
                                                        charge=Decimal("99"), effective_date=on)])
        uow.commit()
    audit = _audit(db, "fee_schedule")
    assert [a for a, _, _ in audit] == ["insert", "update"]
    assert Decimal(audit[1][1]["charge"]) == 95 and Decimal(audit[1][2]["charge"]) == 99
    assert [a for a, _, _ in _audit(db, "payer_contracts")] == ["insert"]
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM fee_schedule").scalar() == 1


def test_replaced_diagnoses_and_favorites_are_audited_as_deletes(db: Database,
                                                                 practice: dict) -> None:  # noqa: F811
    claim = practice["PCN0001"]
    with UnitOfWork(db) as uow:
        enc = get_encounter(uow.session, claim.encounter_id)
        coding_repo.save_encounter(uow.session, enc.model_copy(update={
            "diagnoses": ("R05.9", "J06.9")}))
        coding_repo.set_favorites(uow.session, 1, [("cpt", "99213", "Visit")])
        coding_repo.set_favorites(uow.session, 1, [("cpt", "99214", "Visit")])
        uow.commit()
    mine = [(a, (b or x)["code"]) for a, b, x in _audit(db, "diagnoses")
            if (b or x)["encounter_id"] == claim.encounter_id]
    assert mine == [("insert", "J06.9"), ("delete", "J06.9"), ("insert", "R05.9"),
                    ("insert", "J06.9")]
    assert [a for a, _, _ in _audit(db, "favorite_codes")] == ["insert", "delete", "insert"]


def test_holds_and_their_resolution_are_audited(db: Database, practice: dict,  # noqa: F811
                                                tmp_path: Path) -> None:
    post(db, era(tmp_path, "charge.835", clp("PCN0006", "9999", "80", "X6",
                                             [("99213", "9999", "80", "L0006-1")])))
    [item] = remit_screen.held_items(db)
    remit_screen.dismiss(db, item.id or 0, note="payer error")
    audit = _audit(db, "remit_holds")
    assert [a for a, _, _ in audit] == ["insert", "update"]
    assert audit[0][2]["state"] == "open" and audit[0][2]["id"] == item.id
    assert (audit[1][1]["state"], audit[1][2]["state"]) == ("open", "dismissed")
    assert audit[1][2]["note"] == "payer error"
