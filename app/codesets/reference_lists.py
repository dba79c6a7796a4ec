"""Curated small lists shipped in ``resources/codesets``: modifiers and places of service."""

from __future__ import annotations

import csv
import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from app.paths import RESOURCES

_DIR = RESOURCES / "codesets"


@dataclass(frozen=True)
class Modifier:
    """A CPT or HCPCS Level II modifier with our own short wording.

    Attributes:
        code: two characters, e.g. ``25`` or ``XS``.
        label: our short wording.
        kind: ``cpt`` or ``hcpcs``.
        ncci_bypass: an NCCI-associated modifier (may bypass a PTP edit with indicator 1).
    """

    code: str
    label: str
    kind: str
    ncci_bypass: bool


@dataclass(frozen=True)
class PlaceOfService:
    """A CMS place-of-service code with our own short name."""

    code: str
    name: str
    effective_from: dt.date | None = None


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@functools.cache
def modifiers() -> tuple[Modifier, ...]:
    """Every shipped modifier, CPT first, in file order.

    Returns:
        The modifiers.
    """
    return tuple(Modifier(r["code"].strip().upper(), r["label"].strip(), r["kind"].strip(),
                          r["ncci_bypass"].strip() == "1")
                 for r in _rows(_DIR / "modifiers.csv"))


def ncci_bypass_modifiers() -> frozenset[str]:
    """The NCCI-associated modifiers (anatomic, global surgery, 27, 59, 91, X{EPSU}).

    Returns:
        Their codes.
    """
    return frozenset(m.code for m in modifiers() if m.ncci_bypass)


@functools.cache
def places_of_service() -> tuple[PlaceOfService, ...]:
    """The 52 CMS place-of-service codes.

    Returns:
        Places of service in code order.
    """
    return tuple(
        PlaceOfService(r["code"].strip(), r["name"].strip(),
                       dt.date.fromisoformat(r["effective_from"]) if r["effective_from"] else None)
        for r in _rows(_DIR / "pos.csv"))
