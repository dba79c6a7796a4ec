"""Live checks for the set-up wizard's pages (Qt-free).

A page is ready when its record validates; while the user types, only problems of fields
that hold something are shown (an empty required field is listed as still to fill in, not
shouted at).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.domain.base import Record
from app.domain.errors import Problem
from app.domain.identifiers import check_zip
from app.ui.presenters.form_values import friendly, other_problems

Extra = Callable[[dict[str, Any]], list[Problem]]


@dataclass(frozen=True)
class PageCheck:
    """What a page shows: problems next to filled fields, and the empty required fields."""

    shown: list[Problem]
    empty_required: list[str]

    @property
    def ok(self) -> bool:
        """True when the page has no problem at all (Next may be pressed)."""
        return not self.shown and not self.empty_required


def check_record(model: type[Record], source: str, data: dict[str, Any],
                 conversion: list[Problem], filled: dict[str, bool],
                 extra: Extra | None = None) -> PageCheck:
    """Check one record of a page as typed so far.

    Args:
        model: the domain record the fields make up.
        source: the form name problems carry.
        data: the nested values read from the form.
        conversion: problems found turning text into values.
        filled: every field's dotted path, and whether it holds something.
        extra: checks the model only makes once every field is valid.
    """
    skip = {p.field for p in conversion}
    problems = [*conversion, *other_problems(model, data, skip, source)]
    named = {p.field for p in problems}
    problems += [p for p in (extra(data) if extra else []) if p.field not in named]
    shown: list[Problem] = []
    empty: set[str] = set()
    for problem in problems:
        if filled.get(problem.field, True):  # a filled field, or the record as a whole
            shown.append(Problem(problem.source, problem.field, friendly(problem.message)))
        else:
            empty.add(problem.field)
    return PageCheck(shown, sorted(empty))


def practice_extra(data: dict[str, Any]) -> list[Problem]:
    """The billing provider's ZIP must be a ZIP+4 (the model checks it only at the end)."""
    zip_code = (data.get("address") or {}).get("zip", "")
    if zip_code and not check_zip(zip_code) and check_zip(zip_code, require_plus4=True):
        return [Problem("Practice", "address.zip",
                        "The billing provider needs a ZIP+4 (nine digits) on claims.")]
    return []
