"""The claim status table: every allowed change works (with history), forbidden ones are refused."""

from datetime import date

import pytest

from app.domain.claims import TRANSITIONS, ClaimStatus
from app.domain.errors import TransitionNotAllowed, UserError
from app.services import claims
from app.store.database import Database, UnitOfWork
from app.store.tables import ClaimRow
from tests import builders


@pytest.fixture
def one_claim(db: Database) -> int:
    builders.set_up_practice(db)
    payer = builders.add_payer(db)
    provider = builders.add_provider(db)
    patient = builders.add_patient(db)
    policy = builders.add_policy(db, patient.id, payer.id)
    return builders.add_claim(db, "C0000001", [("99213", "110")], patient_id=patient.id,
                              payer_id=payer.id, policy_id=policy.id, provider_id=provider.id,
                              status="draft").id


def _force(db: Database, claim_id: int, status: ClaimStatus) -> int:
    with UnitOfWork(db) as uow:
        row = uow.session.get(ClaimRow, claim_id)
        row.status = status.value
        uow.commit()
        return row.version


def test_every_allowed_transition_works_and_is_recorded(db: Database, one_claim: int) -> None:
    moves = 0
    for source, targets in TRANSITIONS.items():
        for target in sorted(targets):
            version = _force(db, one_claim, source)
            saved, changes = claims.change_status(db, one_claim, target, version, "test")
            assert saved.status == target and changes.claims
            last = claims.history(db, one_claim)[-1]
            assert (last.from_status, last.to_status) == (source, target)
            moves += 1
    assert moves == sum(len(t) for t in TRANSITIONS.values()) >= 30


def test_forbidden_transitions_are_refused(db: Database, one_claim: int) -> None:
    for source, targets in TRANSITIONS.items():
        for target in set(ClaimStatus) - set(targets) - {source}:
            version = _force(db, one_claim, source)
            with pytest.raises(TransitionNotAllowed):
                claims.change_status(db, one_claim, target, version)
            assert claims.get_claim(db, one_claim)[0].status == source


def test_void_claim_references_the_payer_claim_number(db: Database, one_claim: int) -> None:
    with pytest.raises(UserError, match="payer claim number"):
        claims.void_claim(db, one_claim, "billed the wrong patient")
    with UnitOfWork(db) as uow:
        uow.session.get(ClaimRow, one_claim).payer_claim_number = "ICN123"
        uow.commit()
    void, _ = claims.void_claim(db, one_claim, "billed the wrong patient",
                                today=date(2026, 11, 23))
    assert (void.frequency_code, void.payer_claim_number, void.original_claim_id) == (
        "8", "ICN123", one_claim)
    assert void.status == "draft" and void.control_number != "C0000001"
