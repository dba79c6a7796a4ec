"""``column IN (...)`` for long lists: one JSON parameter instead of one per value."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, func, select


def in_ids(column: Any, ids: Iterable[int]) -> ColumnElement[bool]:
    """``column IN (SELECT value FROM json_each('[1,2,...]'))``.

    SQLite compiles this once whatever the list's length (an expanded ``IN`` needs one
    bind parameter per id and hits the parameter limit); batch export and ERA posting
    read thousands of claims at once.
    """
    each = func.json_each(json.dumps([int(i) for i in ids])).table_valued("value")
    return column.in_(select(each.c.value))


def in_text(column: Any, values: Iterable[str]) -> ColumnElement[bool]:
    """``column IN (...)`` for a long list of strings (control numbers), one parameter."""
    each = func.json_each(json.dumps(sorted(values))).table_valued("value")
    return column.in_(select(each.c.value))
