"""``column IN (...)`` for long lists: one JSON parameter instead of one per value."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, func, select


def in_ids(column: Any, values: Iterable[int | str]) -> ColumnElement[bool]:
    """``column IN (SELECT value FROM json_each('[...]'))`` for ids or control numbers.

    SQLite compiles this once whatever the list's length (an expanded ``IN`` needs one
    bind parameter per value and hits the parameter limit); batch export and ERA posting
    read thousands of claims at once.
    """
    each = func.json_each(json.dumps(list(values))).table_valued("value")
    return column.in_(select(each.c.value))
