"""Column types: money as integer cents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Integer
from sqlalchemy.types import TypeDecorator

from app.domain.money import from_cents, to_cents


class Cents(TypeDecorator[Decimal]):
    """A ``Decimal`` amount stored as integer cents."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Any) -> int | None:
        """Decimal -> cents."""
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("money must never be a float")
        return to_cents(Decimal(value))

    def process_result_value(self, value: int | None, dialect: Any) -> Decimal | None:
        """Cents -> Decimal."""
        return None if value is None else from_cents(value)
