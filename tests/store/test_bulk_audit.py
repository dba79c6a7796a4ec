"""The bulk writers (status moves, ledger entries, new claims, remits, denials, batches) leave
exactly the audit rows that the ORM, writing the same changes one by one, leaves."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.domain.claims import ClaimStatus, StatusMove
from app.domain.ledger import Account, EntryKind, GroupCode, LedgerEntry
from app.services import remittances
from app.services.workspace import open_database
from app.store import batch_repo, remit_repo
from app.store import repository as repo
from app.store import tables as t
from app.store.claims.writer import NewClaims, move_statuses
from app.store.database import Database, UnitOfWork

WHEN = date(2026, 11, 23)
TIMES = {"at", "created_at", "posted_at", "imported_at"}


def _plan(db: Database) -> dict[str, Any]:
    with db.reading() as s:
        claims = list(s.scalars(select(t.ClaimRow).order_by(t.ClaimRow.id)))
        ready = [c for c in claims if c.status == "ready"][:5]
        draft = [c for c in claims if c.status == "draft"][0]
        enc = s.get(t.EncounterRow, ready[0].encounter_id)
        return {"ready": [c.id for c in ready], "draft": draft.id, "claim": ready[0].id,
                "patient": enc.patient_id, "encounter": enc.id, "line": enc.lines[0].id,
                "policy": ready[0].policy_id, "payer": ready[0].payer_id}


def _entries(p: dict[str, Any]) -> list[LedgerEntry]:
    common = {"patient_id": p["patient"], "encounter_id": p["encounter"],
              "claim_id": p["claim"], "line_id": p["line"], "posted_on": WHEN}
    return [LedgerEntry(kind=EntryKind.PAYMENT, account=Account.PAYER, amount=Decimal("80.25"),
                        reference="TRACE1", memo="paid", **common),
            LedgerEntry(kind=EntryKind.ADJUSTMENT, account=Account.PAYER, amount=Decimal("19.75"),
                        group_code=GroupCode.CO, reason_code="45", **common)]


def _new_claim(p: dict[str, Any]) -> dict[str, Any]:
    return {"encounter_id": p["encounter"], "policy_id": p["policy"], "payer_id": p["payer"],
            "control_number": "S0000001", "responsibility": "S", "status": "draft",
            "created_on": WHEN}


def _denial(p: dict[str, Any]) -> dict[str, Any]:
    return {"claim_id": p["claim"], "line_id": p["line"], "remit_claim_id": None,
            "group_code": "CO", "reason_code": "97", "remark_codes": "", "amount":
            Decimal("19.75"), "owner": "coding", "explanation": "bundled", "deadline": WHEN}


def _remit(p: dict[str, Any], payment_id: int) -> dict[str, Any]:
    return {"id": 1, "payment_id": payment_id, "claim_id": p["claim"],
            "control_number": "C1", "status_code": "1", "charge": Decimal("100.00"),
            "paid": Decimal("80.25"), "patient_responsibility": Decimal("0"),
            "payer_claim_number": "PCN1", "state": "posted", "detail_json": "{}"}


def _payment(s: Any) -> int:
    file_id = remit_repo.add_file(s, "ab" * 32, "era.835", "ISA...")
    return remit_repo.add_payment(s, file_id=file_id, payer_trace_id="1", trace_number="T1",
                                  amount=Decimal("80.25"), payment_date=WHEN).id


def _bulk(db: Database, p: dict[str, Any]) -> None:
    with UnitOfWork(db) as uow:
        s = uow.session
        move_statuses(s, [StatusMove(c, ClaimStatus.SUBMITTED, "sent", expected=ClaimStatus.READY,
                                     submitted_on=WHEN) for c in p["ready"]] + [
            StatusMove(p["draft"], ClaimStatus.ON_HOLD, "held", status_note="held")])
        repo.bulk_append_entries(s, _entries(p))
        new = NewClaims(s)
        new.add(remittances.Claim(**_new_claim(p)), "secondary")
        new.flush()
        payment_id = _payment(s)
        remit_repo.bulk_add_remit_claims(s, [_remit(p, payment_id)])
        remit_repo.bulk_add_denials(s, [_denial(p)])
        batch_repo.add_batch(s, file_name="b.837", path="/tmp/b.837", sha256="0" * 64, isa13=7,
                             gs06=7, total_charge=Decimal("100.00"), usage="T", content="ISA",
                             claims=[(c, "0001") for c in p["ready"]])
        uow.commit()


def _orm(db: Database, p: dict[str, Any]) -> None:
    now = datetime.now()
    with UnitOfWork(db) as uow:
        s = uow.session
        moves = [(c, "submitted", "sent") for c in p["ready"]] + [(p["draft"], "on_hold", "held")]
        for claim_id, target, reason in moves:
            row = s.get(t.ClaimRow, claim_id)
            s.add(t.ClaimHistoryRow(claim_id=claim_id, at=now, from_status=row.status,
                                    to_status=target, reason=reason))
            row.status, row.version = target, row.version + 1
            if target == "submitted":
                row.submitted_on = WHEN
            else:
                row.status_note = "held"
            s.flush()
        for e in _entries(p):
            s.add(t.LedgerEntryRow(**{**e.model_dump(exclude={"id"}), "created_at": now}))
            s.flush()
        claim = t.ClaimRow(**_new_claim(p))
        s.add(claim)
        s.flush()
        s.add(t.ClaimHistoryRow(claim_id=claim.id, at=now, from_status=None, to_status="draft",
                                reason="secondary"))
        payment_id = _payment(s)
        s.add(t.RemitClaimRow(**_remit(p, payment_id)))
        s.flush()
        s.add(t.DenialRow(**_denial(p), created_at=now))
        batch = t.BatchRow(file_name="b.837", path="/tmp/b.837", sha256="0" * 64, isa13=7,
                           gs06=7, total_charge=Decimal("100.00"), usage="T", content="ISA",
                           created_at=now, claim_count=len(p["ready"]))
        s.add(batch)
        s.flush()
        for c in p["ready"]:
            s.add(t.BatchClaimRow(batch_id=batch.id, claim_id=c, st02="0001"))
            s.flush()
        uow.commit()


def _audit(db: Database, after_id: int) -> list[tuple[Any, ...]]:
    def clean(text: str) -> dict[str, Any]:
        return {k: v for k, v in json.loads(text).items() if k not in TIMES} if text else {}

    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT entity, entity_id, action, before_json, after_json FROM audit_log "
            "WHERE id > ?", (after_id,)).all()
    return sorted((e, i, a, json.dumps(clean(b), sort_keys=True),
                   json.dumps(clean(x), sort_keys=True)) for e, i, a, b, x in rows)


def _last_audit(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT max(id) FROM audit_log").scalar() or 0)


def test_bulk_writes_leave_the_audit_rows_the_orm_leaves(demo_db_path: Path,
                                                         tmp_path: Path) -> None:
    orm_path = tmp_path / "orm.sqlite3"
    shutil.copy(demo_db_path, orm_path)
    bulk_db, orm_db = open_database(demo_db_path), open_database(orm_path)
    try:
        plan = _plan(bulk_db)
        assert plan == _plan(orm_db) and len(plan["ready"]) == 5
        start_bulk, start_orm = _last_audit(bulk_db), _last_audit(orm_db)
        _bulk(bulk_db, plan)
        _orm(orm_db, plan)
        bulk, orm = _audit(bulk_db, start_bulk), _audit(orm_db, start_orm)
        entities = {row[0] for row in orm}
        assert {"claims", "claim_history", "ledger_entries", "remit_claims", "denials",
                "batch_claims"} <= entities
        assert bulk == orm and len(orm) >= 25, len(orm)
    finally:
        bulk_db.dispose()
        orm_db.dispose()


def test_export_and_posting_audit_every_row_they_write(demo_db: Database,
                                                       tmp_path: Path) -> None:
    from app.demo.era import write_835
    from app.services import batches, claim_data

    tables = ("claims", "claim_history", "ledger_entries", "remit_claims", "denials",
              "batch_claims")

    def ids() -> dict[str, set[int]]:
        with demo_db.engine.connect() as conn:
            return {name: {r[0] for r in conn.exec_driver_sql(f"SELECT id FROM {name}")}
                    for name in tables}

    def versions() -> dict[int, int]:
        with demo_db.engine.connect() as conn:
            return dict(conn.exec_driver_sql("SELECT id, version FROM claims").all())

    before, old_versions, start = ids(), versions(), _last_audit(demo_db)
    ready = batches.ready_claims(demo_db)
    batches.export_837(demo_db, tmp_path / "b.837", ready, validate=False)
    era = tmp_path / "era.835"
    era.write_text(write_835(claim_data.claim_data_many(demo_db, ready)))
    remittances.import_835(demo_db, era)
    after = ids()
    with demo_db.engine.connect() as conn:
        audit = conn.exec_driver_sql("SELECT entity, entity_id, action FROM audit_log "
                                     "WHERE id > ?", (start,)).all()
    for name in tables:
        new = after[name] - before[name]
        assert new <= {i for e, i, a in audit if (e, a) == (name, "insert")}, name
    assert after["ledger_entries"] - before["ledger_entries"]
    changed = {cid for cid, v in versions().items() if old_versions.get(cid, v) != v}
    assert changed >= set(ready)
    assert changed <= {i for e, i, a in audit if (e, a) == ("claims", "update")}
