"""Base record type and conversion of pydantic errors to ``Problem`` lists."""

from __future__ import annotations

import re
from dataclasses import dataclass
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


@dataclass(frozen=True)
class _Shape:
    template: dict[str, Any]  # every field in order; required ones hold a placeholder
    required: frozenset[str]
    plain: bool  # no default factories, aliases or post-init: safe to build directly


_SHAPES: dict[type, _Shape] = {}
_set = object.__setattr__


def _shape(model: type[BaseModel]) -> _Shape:
    fields = model.__pydantic_fields__
    plain = model.__pydantic_post_init__ is None and all(
        f.default_factory is None and f.alias is None and f.validation_alias is None
        for f in fields.values())
    shape = _SHAPES[model] = _Shape(
        template={n: None if f.is_required() else f.default for n, f in fields.items()},
        required=frozenset(n for n, f in fields.items() if f.is_required()), plain=plain)
    return shape


def trusted(model: type[R], **values: Any) -> R:
    """Build a record from values that are already valid, without validating them again.

    For bulk paths only (batch export, ERA posting: about 100,000 records), where every
    value comes from a stored row or another record and already has its field's type.
    A missing or unknown field still raises (through ``model_validate``).
    """
    shape = _SHAPES.get(model) or _shape(model)
    data = shape.template.copy()
    data.update(values)
    if not shape.plain or len(data) != len(shape.template) or not (
            values.keys() >= shape.required):
        return model.model_validate(values)
    record = model.__new__(model)
    _set(record, "__dict__", data)
    _set(record, "__pydantic_fields_set__", set(values))
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record
