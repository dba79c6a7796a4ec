"""Update many rows by id, version-checked and audited (the big updates of batch work)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.domain.errors import StaleEdit
from app.store.audit import record_updates
from app.store.id_lists import in_ids
from app.store.plain_rows import plain_rows


def read_before(session: Session, table: Table, ids: list[int]) -> dict[int, Any]:
    """The stored rows (``plain_rows`` tuples) of ``ids``, read in one query."""
    if not ids:
        return {}
    stmt = select(table).where(in_ids(table.c.id, ids))
    return {r.id: r for r in plain_rows(session, stmt)}


def update_rows(session: Session, table: Table, changes: Mapping[int, Mapping[str, Any]], *,
                before: Mapping[int, Any] | None = None) -> dict[int, dict[str, Any]]:
    """Set new column values on many rows, move their versions on and audit them.

    One ``executemany`` per set of changed columns. Each row's ``version`` must still be
    the one read before (``before``, or read now in one query), so a row another unit of
    work changed meanwhile is refused instead of overwritten. The audit rows hold every
    column before and after, as the ORM's flush records an update.

    Args:
        session: the unit of work's session.
        table: a versioned table with an integer ``id``.
        changes: row id -> the columns to set (rows with no real change are skipped).
        before: the rows as read earlier in this transaction (``plain_rows`` tuples).

    Returns:
        Row id -> every column value afterwards, for each id of ``changes``.

    Raises:
        StaleEdit: a row is missing or changed since it was read.
    """
    rows = dict(before) if before is not None else read_before(session, table, list(changes))
    groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = defaultdict(list)
    audit: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
    out: dict[int, dict[str, Any]] = {}
    for row_id, values in changes.items():
        old = rows.get(row_id)
        if old is None:
            raise StaleEdit("A record no longer exists; nothing was saved.")
        was = old._asdict()
        real = {k: v for k, v in values.items() if was[k] != v}
        if not real:
            out[row_id] = was
            continue
        new = out[row_id] = {**was, **real, "version": was["version"] + 1}
        columns = tuple(sorted(real))
        groups[columns].append(
            (*(real[c] for c in columns), new["version"], row_id, was["version"]))
        audit.append((row_id, was, new))
    for columns, params in groups.items():
        if _execute(session, table, columns, params) != len(params):
            raise StaleEdit("A record changed while this work ran; nothing was saved.")
    record_updates(session, table.name, audit)
    return out


def _execute(session: Session, table: Table, columns: tuple[str, ...],
             params: list[tuple[Any, ...]]) -> int:
    """One driver-level ``executemany`` of ``UPDATE ... WHERE id = ? AND version = ?``.

    Values go through each column type's own bind processor, as ``Table.update()`` would
    convert them; SQLAlchemy's per-row parameter handling is skipped (ten thousand rows).
    Returns how many rows were updated.
    """
    dialect = session.get_bind().dialect
    quote = dialect.identifier_preparer.quote
    procs = [(i, proc) for i, name in enumerate(columns)
             if (proc := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))]
    if procs:
        converted = []
        for row in params:
            values = list(row)
            for i, proc in procs:
                values[i] = proc(values[i])
            converted.append(tuple(values))
        params = converted
    sets = ", ".join(f"{quote(c)} = ?" for c in (*columns, "version"))
    result = session.connection().exec_driver_sql(
        f"UPDATE {quote(table.name)} SET {sets} WHERE id = ? AND version = ?", params)
    return int(result.rowcount)
