"""Base record type and conversion of pydantic errors to ``Problem`` lists."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from app.domain.errors import Problem, ValidationFailed

R = TypeVar("R", bound="Record")
_FIELD_PREFIX = re.compile(r"^([a-z_][a-z0-9_.]*): (.+)$", re.S)


class Record(BaseModel):
    """A frozen domain record. Edit with ``model_copy(update=...)`` and save once."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def problems_from(exc: ValidationError, source: str) -> list[Problem]:
    """Turn a pydantic error into one ``Problem`` per failing field."""
    problems = []
    for err in exc.errors():
        field = ".".join(str(part) for part in err["loc"])
        message = str(err["msg"]).removeprefix("Value error, ")
        named = _FIELD_PREFIX.match(message)
        if named:  # a model-level rule names its field as "field: message"
            field = ".".join(p for p in (field, named.group(1)) if p)
            message = named.group(2)
        if err["type"] == "missing":
            message = "This field is required."
        problems.append(Problem(source=source, field=field, message=message))
    return problems


def build(model: type[R], data: dict[str, Any], source: str | None = None) -> R:
    """Validate ``data`` into ``model``, raising every problem at once.

    Raises:
        ValidationFailed: with one problem per bad field.
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(problems_from(exc, source or model.__name__)) from None
