"""Audit trail: one row per inserted, updated or deleted record, with before/after values."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

AUDITED_SKIP = {"audit_log", "settings"}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bytes):  # file contents (a PDF note): the size, never the bytes
        return f"<{len(value)} bytes>"
    return value


def _values(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {col.key: _plain(getattr(obj, col.key)) for col in mapper.column_attrs}


def _before(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    before = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if history.deleted:
            before[attr.key] = _plain(history.deleted[0])
        else:
            before[attr.key] = _plain(getattr(obj, attr.key))
    return before


def _after_flush(session: Session, _context: Any) -> None:
    from app.store.tables import AuditRow  # local: tables import nothing from here

    now = datetime.now()
    rows = []
    for action, objects in (("insert", session.new), ("update", session.dirty),
                            ("delete", session.deleted)):
        for obj in objects:
            table = getattr(obj, "__tablename__", "")
            if not table or table in AUDITED_SKIP:
                continue
            if action == "update" and not session.is_modified(obj, include_collections=False):
                continue
            before = "" if action == "insert" else json.dumps(_before(obj), sort_keys=True)
            after = "" if action == "delete" else json.dumps(_values(obj), sort_keys=True)
            entity_id = inspect(obj).identity[0] if inspect(obj).identity else obj.id
            rows.append({"at": now, "entity": table, "entity_id": entity_id or 0,
                         "action": action, "before_json": before, "after_json": after})
    if rows:
        session.connection().execute(AuditRow.__table__.insert(), rows)


def record_inserts(session: Session, table: str, rows: list[dict[str, Any]]) -> None:
    """Audit rows inserted without the ORM (bulk inserts), as a flush would record them."""
    from app.store.bulk_insert import insert_rows
    from app.store.tables import AuditRow

    if table in AUDITED_SKIP or not rows:
        return
    insert_rows(session, AuditRow.__table__, [
        {"entity_id": row["id"], "after_json": _json(row)}
        for row in rows], same={"at": datetime.now(), "entity": str(table), "action": "insert",
                                "before_json": ""})


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bytes):  # file contents (a PDF note): the size, never the bytes
        return f"<{len(value)} bytes>"
    raise TypeError(f"cannot audit a {type(value).__name__}")


_ENCODER = json.JSONEncoder(sort_keys=True, default=_default)


def _json(values: Any) -> str:
    """``json.dumps`` of ``_plain`` values (the C encoder calls ``_default`` for the rest)."""
    return _ENCODER.encode(values)


def record_updates(session: Session, table: str,
                   changes: list[tuple[int, dict[str, Any], dict[str, Any]]]) -> None:
    """Audit rows updated without the ORM (bulk updates), as a flush would record them.

    Args:
        session: the unit of work's session (the audit rows join its transaction).
        table: the table's name.
        changes: (row id, every column value before, every column value after) per row.
    """
    from app.store.bulk_insert import insert_rows
    from app.store.tables import AuditRow

    if table in AUDITED_SKIP or not changes:
        return
    insert_rows(session, AuditRow.__table__, [
        {"entity_id": row_id, "before_json": _json(before), "after_json": _json(after)}
        for row_id, before, after in changes],
        same={"at": datetime.now(), "entity": str(table), "action": "update"})


def install(session: Session) -> None:
    """Record every flush of ``session`` in the audit log."""
    if not event.contains(session, "after_flush", _after_flush):
        event.listen(session, "after_flush", _after_flush)
