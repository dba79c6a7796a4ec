"""Copy an ORM row into the frozen domain record of the same shape (services never see rows)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeVar

R = TypeVar("R")


def record_of(cls: type[R], row: Any) -> R:
    """The ``cls`` dataclass holding ``row``'s values for each of its fields."""
    return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})  # type: ignore[arg-type]


def maybe_record(cls: type[R], row: Any) -> R | None:
    """``record_of`` or None when there is no row."""
    return None if row is None else record_of(cls, row)
