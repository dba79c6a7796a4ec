"""Every claim status change, from every service, goes through the store's one writer:
each leaves a history row and audit rows; a move the table refuses changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from app.demo.era import write_835
from app.domain.claims import ClaimStatus, StatusMove
from app.domain.errors import StaleEdit, TransitionNotAllowed
from app.services import batches, billing, claim_data, claims, denials, printing, remittances
from app.store.claims.writer import move_statuses
from app.store.database import Database, UnitOfWork
from tests.conftest import DEMO_TODAY

DATA = Path(__file__).parents[1] / "x12" / "data"


def _snapshot(db: Database) -> tuple[dict[int, str], list[Any], list[Any]]:
    with db.engine.connect() as conn:
        statuses = dict(conn.exec_driver_sql("SELECT id, status FROM claims").all())
        history = conn.exec_driver_sql(
            "SELECT id, claim_id, from_status, to_status FROM claim_history ORDER BY id").all()
        audit = conn.exec_driver_sql(
            "SELECT entity, entity_id, action, before_json, after_json FROM audit_log "
            "ORDER BY id").all()
    return statuses, history, audit


def _step(db: Database, work: Callable[[], object]) -> set[int]:
    """Run one user action; check its status changes were recorded; return the moved claims."""
    before, old_history, old_audit = _snapshot(db)
    work()
    after, history, audit = _snapshot(db)
    new_history = history[len(old_history):]
    new_audit = audit[len(old_audit):]
    moved = {cid for cid, status in after.items() if before.get(cid) != status}
    for cid in moved:
        last = [h for h in new_history if h.claim_id == cid][-1]
        assert last.to_status == after[cid], cid
        if cid in before:
            assert last.from_status is not None
            changes = [a for a in new_audit if (a.entity, a.entity_id, a.action) ==
                       ("claims", cid, "update")]
            assert changes, f"claim {cid}: no audit row for its move"
            assert json.loads(changes[0].before_json)["status"] == before[cid]
            assert json.loads(changes[-1].after_json)["status"] == after[cid]
        else:
            assert any((a.entity, a.entity_id, a.action) == ("claims", cid, "insert")
                       for a in new_audit)
    audited_history = {a.entity_id for a in new_audit
                       if (a.entity, a.action) == ("claim_history", "insert")}
    assert {h.id for h in new_history} <= audited_history
    return moved


def test_every_service_status_change_leaves_history_and_audit(
        demo_db: Database, codesets: Path, tmp_path: Path) -> None:
    db = demo_db
    _step(db, lambda: billing.scrub_claims(db, today=DEMO_TODAY))
    ready = batches.ready_claims(db)
    assert len(ready) >= 4
    assert _step(db, lambda: billing.hold(db, ready[0], "waiting for the op note")) == {ready[0]}
    assert ready[0] in _step(db, lambda: billing.release(db, ready[0]))
    ready = batches.ready_claims(db)
    exported = _step(db, lambda: batches.export_837(db, tmp_path / "b.837", ready,
                                                    validate=False,
                                                    now=datetime(2026, 11, 23, 9, 0)))
    assert exported == set(ready)
    first, second = (claims.get_claim(db, i)[0].control_number for i in ready[:2])
    ack = tmp_path / "ack.277"
    ack.write_text((DATA / "277ca_rejected.txt").read_text().replace(
        "TRN*2*PCN0001", f"TRN*2*{first}").replace("TRN*2*PCN0002", f"TRN*2*{second}"))
    assert _step(db, lambda: batches.import_ack(db, ack)) == set(ready[:2])
    assert _step(db, lambda: claims.change_status(db, ready[1], ClaimStatus.READY, 0,
                                                  "corrected")) == {ready[1]}
    era = tmp_path / "era.835"
    era.write_text(write_835(claim_data.claim_data_many(db, ready[2:])))
    posted = _step(db, lambda: remittances.import_835(db, era, today=DEMO_TODAY))
    assert set(ready[2:]) <= posted
    items = denials.work_queue(db)
    if items:
        _step(db, lambda: denials.appeal(db, items[0].id, "records attached"))
    voided = _step(db, lambda: claims.void_claim(db, ready[2], "billed the wrong patient"))
    assert len(voided) == 1 and claims.history(db, voided.pop())[0].from_status is None
    printed = _step(db, lambda: printing.print_claims(db, [ready[1]], tmp_path / "p.pdf"))
    assert printed == {ready[1]}
    history = claims.history(db, ready[1])
    assert [h.to_status for h in history][-3:] == ["rejected", "ready", "submitted"]


def test_a_refused_move_raises_and_writes_nothing(demo_db: Database) -> None:
    before = _snapshot(demo_db)
    ready = [cid for cid, status in before[0].items() if status == "ready"]
    draft = [cid for cid, status in before[0].items() if status == "draft"]
    with UnitOfWork(demo_db) as uow:
        moves = [StatusMove(cid, ClaimStatus.SUBMITTED, "sent") for cid in ready]
        moves.append(StatusMove(draft[0], ClaimStatus.PAID, "paid without being sent"))
        with pytest.raises(TransitionNotAllowed, match="cannot become paid"):
            move_statuses(uow.session, moves)
        with pytest.raises(StaleEdit):
            move_statuses(uow.session, [StatusMove(draft[0], ClaimStatus.READY, "clean",
                                                   expected=ClaimStatus.ON_HOLD)])
        uow.commit()  # the refused moves left nothing behind in the transaction
    assert _snapshot(demo_db) == before
    with pytest.raises(TransitionNotAllowed):
        claims.change_status(demo_db, draft[0], ClaimStatus.PAID, 0)
    assert _snapshot(demo_db) == before
