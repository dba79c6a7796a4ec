"""Printing helpers for the CLI: JSON with decimal strings, plain tables."""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Any


def plain(value: Any) -> Any:
    """Make dataclasses, Decimals, dates and paths JSON-ready (money as ``"123.45"``)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    return value


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON."""
    json.dump(plain(value), sys.stdout, indent=2)
    sys.stdout.write("\n")


def print_table(rows: list[list[str]], headers: list[str], right: set[int] | None = None) -> None:
    """Print an aligned text table (``right`` = column indexes to right-align)."""
    right = right or set()
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def fmt(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    print(fmt(headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(fmt(row))


def claim_ids(text: str | None) -> list[int] | None:
    """Parse ``--claims 1,2,3``; None when not given.

    Args:
        text: the option's value.

    Returns:
        The claim ids, or None.

    Raises:
        ValueError: a part is not a whole number.
    """
    if not text:
        return None
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ValueError(f"--claims must be claim ids separated by commas, not {text!r}") from None
