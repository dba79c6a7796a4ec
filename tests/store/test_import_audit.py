"""The practice JSON import (``write_document``'s bulk inserts) leaves exactly the audit rows
that the ORM, inserting the same rows one table at a time, leaves; a failed import leaves none."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.domain.errors import ImportRejected
from app.services import practice_io
from app.services.workspace import open_database
from app.store import tables as t
from app.store.database import Database, UnitOfWork

#: Not audited by design: the audit log itself, settings (AUDITED_SKIP) and the sent-claim
#: snapshots (an append-only record guarded by triggers; see app/store/claims/snapshots.py).
UNAUDITED = {"audit_log", "settings", "claim_snapshots", "alembic_version"}


def _audit(db: Database) -> list[tuple[Any, ...]]:
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT entity, entity_id, action, before_json, after_json FROM audit_log").all()
    return sorted((e, i, a, b, json.dumps(json.loads(x), sort_keys=True))
                  for e, i, a, b, x in rows)


def _copy_with_the_orm(source: Database, target: Database) -> None:
    """Insert every row of ``source`` into ``target`` through ORM objects, table by table."""
    classes = {m.class_.__table__.name: m.class_ for m in t.Base.registry.mappers}
    with source.reading() as src, UnitOfWork(target) as uow:
        for table in t.Base.metadata.sorted_tables:
            if table.name in UNAUDITED:
                continue
            cls = classes[table.name]
            for row in src.execute(table.select().order_by(*table.primary_key.columns)):
                values = row._asdict()
                if table.name == "deposits":  # as the import does: closed after their items
                    values["state"] = "open"
                uow.session.add(cls(**values))
            uow.session.flush()
        closed = [r.id for r in src.execute(t.Base.metadata.tables["deposits"].select())
                  if r.state == "closed"]
        deposits = t.Base.metadata.tables["deposits"]
        uow.session.execute(deposits.update().where(deposits.c.id.in_(closed))
                            .values(state="closed"))
        uow.commit()


def test_import_json_audits_every_row_as_the_orm_would(demo_db: Database, db_path: Path,
                                                       tmp_path: Path) -> None:
    doc_file = tmp_path / "practice.json"
    practice_io.export_json(demo_db, doc_file)
    imported = open_database(db_path)
    orm_path = tmp_path / "orm.sqlite3"
    orm_db = open_database(orm_path)
    try:
        assert _audit(imported) == []
        practice_io.import_json(imported, doc_file)
        _copy_with_the_orm(imported, orm_db)
        bulk, orm = _audit(imported), _audit(orm_db)
        with imported.engine.connect() as conn:
            filled = {name for name in t.Base.metadata.tables if name not in UNAUDITED and
                      conn.exec_driver_sql(f"SELECT count(*) FROM {name}").scalar()}
        assert {"patients", "policies", "encounters", "service_lines", "diagnoses", "claims",
                "ledger_entries"} <= filled
        assert {row[0] for row in bulk} == filled  # every table the import wrote is audited
        assert len(bulk) > 1000
        assert bulk == orm
    finally:
        imported.dispose()
        orm_db.dispose()


@pytest.mark.parametrize("section", ["ledger", "sent_claims"])
def test_a_refused_import_leaves_no_audit_rows(demo_db: Database, db_path: Path,
                                               tmp_path: Path, section: str) -> None:
    doc_file = tmp_path / "practice.json"
    practice_io.export_json(demo_db, doc_file)
    data = json.loads(doc_file.read_text())
    data[section].append(dict(data[section][0]))  # the same id twice
    doc_file.write_text(json.dumps(data))
    target = open_database(db_path)
    try:
        with pytest.raises(ImportRejected) as info:
            practice_io.import_json(target, doc_file)
        assert "id" in info.value.problems[0].message  # located, no traceback
        assert _audit(target) == []
    finally:
        target.dispose()
