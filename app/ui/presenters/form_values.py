"""Convert between what a form shows (text) and what services take (typed values).

Qt-free so the rules are tested without widgets.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from app.domain import identifiers as ids
from app.domain.base import Record, build
from app.domain.errors import Problem, ValidationFailed
from app.domain.money import format_money, parse_money

DATE_FORMAT = "%m/%d/%Y"


class Kind(StrEnum):
    """How a text field converts."""

    TEXT = "text"
    UPPER = "upper"
    DATE = "date"
    OPTIONAL_DATE = "optional_date"
    MONEY = "money"
    OPTIONAL_MONEY = "optional_money"
    PHONE = "phone"
    ZIP = "zip"
    EIN = "ein"
    CODES = "codes"


class ConversionError(ValueError):
    """The text cannot become a value of the field's kind (message for the user)."""


def format_date(value: date | None) -> str:
    """``07/04/1982``; empty for None."""
    return value.strftime(DATE_FORMAT) if value else ""


def parse_date(text: str) -> date | None:
    """Parse ``MM/DD/YYYY`` (also ``M/D/YYYY``, ``MMDDYYYY`` and ISO); None when blank.

    Raises:
        ConversionError: not a date.
    """
    cleaned = text.strip()
    if not cleaned:
        return None
    if re.fullmatch(r"\d{8}", cleaned):
        cleaned = f"{cleaned[:2]}/{cleaned[2:4]}/{cleaned[4:]}"
    for fmt in (DATE_FORMAT, "%Y-%m-%d"):
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise ConversionError("Enter the date as MM/DD/YYYY.")


def format_phone(value: str) -> str:
    """``(217) 555-0100`` for ten digits; the text unchanged otherwise."""
    digits = ids.normalize_phone(value)
    if len(digits) == 10:
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return value or ""


def to_text(kind: Kind, value: Any) -> str:
    """What the field shows for ``value``."""
    if value is None:
        return ""
    if kind in (Kind.DATE, Kind.OPTIONAL_DATE):
        return format_date(value)
    if kind in (Kind.MONEY, Kind.OPTIONAL_MONEY):
        return format_money(value)
    if kind == Kind.PHONE:
        return format_phone(value)
    if kind == Kind.ZIP:
        return ids.format_zip(value) if value else ""
    if kind == Kind.CODES:
        return ", ".join(value)
    if kind == Kind.EIN and len(value) == 9 and value.isdigit():
        return f"{value[:2]}-{value[2:]}"
    return str(value)


def from_text(kind: Kind, text: str) -> Any:
    """The typed value for ``text``; blanks become what the service expects.

    Raises:
        ConversionError: the text is not a value of this kind.
    """
    text = text.strip()
    if kind == Kind.UPPER:
        return text.upper()
    if kind == Kind.DATE:
        return parse_date(text)  # None -> "This field is required." from the service
    if kind == Kind.OPTIONAL_DATE:
        return parse_date(text)
    if kind in (Kind.MONEY, Kind.OPTIONAL_MONEY):
        if not text:
            return Decimal("0.00") if kind == Kind.MONEY else None
        try:
            return parse_money(text)
        except ValueError:
            raise ConversionError("Enter an amount such as 25.00.") from None
    if kind == Kind.CODES:
        return tuple(c.strip().upper() for c in re.split(r"[,\s]+", text) if c.strip())
    return text


def nest(flat: dict[str, Any]) -> dict[str, Any]:
    """``{"address.zip": z}`` -> ``{"address": {"zip": z}}``."""
    out: dict[str, Any] = {}
    for path, value in flat.items():
        node = out
        *parents, leaf = path.split(".")
        for part in parents:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[leaf] = value
    return out


def drop_nones(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    """Remove ``keys`` whose value is None so the model default applies."""
    return {k: v for k, v in data.items() if not (k in keys and v is None)}


_FRIENDLY = (
    (re.compile(r"^String should have at least 1 character"), "This field is required."),
    (re.compile(r"^String should have at least (\d+) characters"),
     r"Enter at least \1 characters."),
    (re.compile(r"^String should have at most (\d+) characters"),
     r"Use at most \1 characters."),
    (re.compile(r"^String should match pattern '\^\[A-Za-z0-9\]\+\$'"),
     "Use letters and digits only."),
    (re.compile(r"^String should match pattern '\^\[A-Za-z0-9-\]\+\$'"),
     "Use letters, digits and hyphens only."),
    (re.compile(r"^Input should be greater than or equal to (\d+)"), r"Enter \1 or more."),
    (re.compile(r"^Input should be a valid date.*"), "Enter the date as MM/DD/YYYY."),
    (re.compile(r"^Input should be a valid integer.*"), "Enter a whole number."),
)


def friendly(message: str) -> str:
    """Rephrase pydantic's generic messages in words a biller uses."""
    for pattern, replacement in _FRIENDLY:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


def other_problems(model: type[Record] | None, data: dict[str, Any], skip: set[str],
                   source: str) -> list[Problem]:
    """Validate ``data`` without saving, ignoring ``skip`` fields (their text did not convert).

    Lets a form show every problem at once even when one field could not be read.
    """
    if model is None:
        return []
    try:
        build(model, data, source)
    except ValidationFailed as exc:
        return [p for p in exc.problems
                if not any(p.field == f or p.field.startswith(f + ".") for f in skip)]
    return []
