"""Insert many rows with one DB-API ``executemany`` (the big writes of batch work).

An ERA posts about 50,000 ledger entries; SQLAlchemy's per-row parameter handling costs more
than SQLite's insert itself. Values still go through each column type's own bind
processor (cents, dates), so what is stored is exactly what ``Table.insert()`` would store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

_MISSING = object()


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]], *,
                columns: Sequence[str] | None = None,
                same: Mapping[str, Any] | None = None) -> None:
    """Insert ``rows`` into ``table``.

    Args:
        session: the unit of work's session (the rows join its transaction).
        table: the table to insert into.
        rows: one mapping per row; without ``columns`` all must have the same keys.
        columns: the keys to take from each row (rows may hold more, e.g. a record's fields).
        same: values shared by every row (a timestamp), converted once.

    Columns left out get their scalar Python default, as ``Table.insert()`` would give them.

    Raises:
        ValueError: rows with different keys, or a left-out column whose default is not a
            plain value.
    """
    if not rows:
        return
    names = list(columns) if columns is not None else list(rows[0])
    shared = dict(same or {})
    shared = {**_defaults(table, names + list(shared)), **shared}
    dialect = session.get_bind().dialect

    def processor(name: str) -> Callable[[Any], Any] | None:
        return table.c[name].type.dialect_impl(dialect).bind_processor(dialect)

    # (position, converter, converted values seen so far): a batch repeats its dates and
    # amounts, and equal values convert to the same stored value
    converters: list[tuple[int, Callable[[Any], Any], dict[Any, Any]]] = [
        (i, proc, {}) for i, name in enumerate(names) if (proc := processor(name))]
    tail = tuple(proc(v) if (proc := processor(k)) else v for k, v in shared.items())
    pick = itemgetter(*names)
    single = len(names) == 1
    first_keys = rows[0].keys()
    params: list[tuple[Any, ...]] = []
    for row in rows:
        if columns is None and row.keys() != first_keys:
            raise ValueError(f"insert_rows({table.name}): every row needs the same columns")
        values = (pick(row),) if single else pick(row)
        if converters:
            items = list(values)
            for i, proc, seen in converters:
                items[i] = _convert(items[i], proc, seen)
            values = tuple(items)
        params.append(values + tail)
    quote = dialect.identifier_preparer.quote
    all_names = names + list(shared)
    session.connection().exec_driver_sql(
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in all_names)}) "
        f"VALUES ({', '.join('?' for _ in all_names)})", params)


def _defaults(table: Table, given: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if column.name in given or default is None:
            continue
        if not default.is_scalar:
            raise ValueError(f"insert_rows({table.name}): give {column.name} a value")
        out[column.name] = default.arg  # type: ignore[attr-defined]
    return out


def _convert(value: Any, proc: Callable[[Any], Any], seen: dict[Any, Any]) -> Any:
    try:
        converted = seen.get(value, _MISSING)
    except TypeError:  # an unhashable value: convert it every time
        return proc(value)
    if converted is _MISSING:
        converted = seen[value] = proc(value)
    return converted


def insert_audited(session: Session, table: Table, rows: Sequence[Mapping[str, Any]], *,
                   columns: Sequence[str] | None = None,
                   same: Mapping[str, Any] | None = None) -> list[int]:
    """``insert_rows`` with ids and one audit row per inserted row, as an ORM flush records.

    Rows without an ``id`` get the next free ones (safe inside the job's write
    transaction: nothing else writes to this database). Each audit row holds every column
    of the stored row: the given values, ``same`` and the defaults.

    Returns:
        The ids of the rows, in order.
    """
    from app.store.audit import record_inserts

    if not rows:
        return []
    names = [n for n in (columns if columns is not None else rows[0]) if n != "id"]
    given = [row.get("id") for row in rows]
    if any(i is None for i in given):
        stmt = select(func.max(table.c.id))
        first = (session.scalar(stmt) or 0) + 1
        ids = list(range(first, first + len(rows)))
    else:
        ids = [int(i) for i in given]  # type: ignore[arg-type]
    shared = dict(same or {})
    base = {c.name: None for c in table.columns}
    base.update(_defaults(table, names + list(shared) + ["id"]))
    base.update(shared)
    full = [{**base, **{n: row[n] for n in names}, "id": row_id}
            for row, row_id in zip(rows, ids, strict=True)]
    insert_rows(session, table, full, columns=["id", *names], same={
        k: v for k, v in base.items() if k not in names and k != "id"})
    record_inserts(session, table.name, full)
    return ids
