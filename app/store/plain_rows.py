"""Query results as plain named tuples, for bulk reads that map thousands of rows."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.orm import Session


def plain_rows(session: Session, stmt: Executable) -> Iterator[Any]:
    """Run ``stmt`` and yield each row as a named tuple of its column values.

    Making one and reading its attributes is far cheaper than with a SQLAlchemy ``Row``;
    the mapping functions read about twenty attributes per record. Values are already
    converted by the column types (cents to ``Decimal``, dates).
    """
    session.flush()  # what autoflush would do; the Core connection below skips the ORM layer
    result = session.connection().execute(stmt)
    make = namedtuple("PlainRow", list(result.keys()))._make  # type: ignore[misc]
    for row in result.all():  # one fetchall, not a fetch per row
        yield make(row)


def is_plain(row: Any) -> bool:
    """Whether ``row`` came from ``plain_rows`` (not an ORM object)."""
    return isinstance(row, tuple) and hasattr(row, "_asdict")


def column_values(row: Any) -> dict[str, Any]:
    """The column values of a row read by ``plain_rows`` (a fresh dict)."""
    return dict(row._asdict())
