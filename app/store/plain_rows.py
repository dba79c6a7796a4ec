"""Query results as plain attribute objects, for bulk reads that map thousands of rows."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.orm import Session


def plain_rows(session: Session, stmt: Executable) -> Iterator[SimpleNamespace]:
    """Run ``stmt`` and yield each row as a namespace of its column values.

    Reading an attribute of a namespace is far cheaper than of a SQLAlchemy ``Row``; the
    mapping functions read about twenty per record. Values are already converted by the
    column types (cents to ``Decimal``, dates).
    """
    result = session.execute(stmt)
    keys = list(result.keys())
    for row in result:
        yield SimpleNamespace(**dict(zip(keys, row, strict=True)))


def column_values(row: Any) -> dict[str, Any]:
    """The column values of a row read by ``plain_rows`` (a fresh dict)."""
    return dict(vars(row))
