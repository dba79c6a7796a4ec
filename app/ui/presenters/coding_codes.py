"""Choosing a billable diagnosis code, without Qt.

A picked category is refined step by step: its billable children, a laterality choice where
the children differ only by right / left / bilateral / unspecified, or the 7th-character
builder (padding with placeholder X) for categories with a 7th-character table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.codes import CodeDetail

LATERALITY = ("right", "left", "bilateral", "unspecified")
_SIDE = re.compile(r"\b(right|left|bilateral|unspecified)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Choice:
    """One option of a refine step: the key to press, the resulting code, what it means."""

    key: str
    code: str
    text: str
    final: bool  # True: choosing it finishes (a 7th character); False: look the code up


@dataclass(frozen=True)
class RefineStep:
    """What to ask next about ``code``: ``children``, ``laterality`` or ``seventh``."""

    kind: str
    code: str
    title: str
    choices: tuple[Choice, ...]


def bare(code: str) -> str:
    return code.replace(".", "").strip().upper()


def dotted(bare_code: str) -> str:
    return bare_code if len(bare_code) <= 3 else f"{bare_code[:3]}.{bare_code[3:]}"


def needs_seventh(code: str, detail: CodeDetail) -> bool:
    """The code lacks only its 7th character (as the CODE-003 check sees it)."""
    return bool(detail.seventh) and len(bare(code)) < 7 and all(
        len(bare(child)) == 7 for child, _ in detail.children)


def with_seventh(code: str, char: str) -> str:
    """``S52.521`` + ``A`` -> ``S52.521A``; ``S30.0`` + ``A`` -> ``S30.0XXA``."""
    return dotted(bare(code).ljust(6, "X") + char.upper())


def laterality_choices(children: tuple[tuple[str, str], ...]) -> tuple[Choice, ...]:
    """Children that differ only by side, keyed R/L/B/U; empty when the set has no sides."""
    by_side: dict[str, tuple[str, str]] = {}
    for code, description in children:
        sides = _SIDE.findall(description)
        if len(sides) != 1:
            return ()
        side = sides[0].lower()
        if side in by_side:
            return ()
        by_side[side] = (code, description)
    if len(by_side) < 2:
        return ()
    return tuple(Choice(side[0].upper(), by_side[side][0], f"{side.title()}: "
                        f"{by_side[side][1]}", False) for side in LATERALITY if side in by_side)


def refine_step(detail: CodeDetail) -> RefineStep | None:
    """The next question for a non-billable code (None when it is billable or a dead end)."""
    if detail.billable:
        return None
    if needs_seventh(detail.code, detail):
        padded = bare(detail.code).ljust(6, "X")
        return RefineStep("seventh", detail.code,
                          f"{detail.code} needs a 7th character ({dotted(padded)}?)",
                          tuple(Choice(s.char, with_seventh(detail.code, s.char),
                                       s.meaning, True) for s in detail.seventh))
    if not detail.children:
        return None
    sides = laterality_choices(detail.children)
    if sides:
        return RefineStep("laterality", detail.code,
                          f"{detail.code} {detail.description}: which side?", sides)
    return RefineStep("children", detail.code,
                      f"{detail.code} {detail.description} is a heading; choose a code",
                      tuple(Choice("", code, text, False) for code, text in detail.children))
