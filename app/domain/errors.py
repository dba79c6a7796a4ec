"""Error classes shared by every layer.

``ClaimDeskError`` is the root. User-facing subclasses carry one precise sentence
(the class docstring is the default) and, where useful, what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in user data, with where it was found.

    Attributes:
        source: file name, JSON path, segment path (``2300/CLM05-1``) or form name.
        field: the field concerned (may be empty).
        message: a plain sentence a biller understands.
        line: 1-based line number in a file, when there is one.
        severity: ``error`` blocks the work; ``warning`` informs.
    """

    source: str
    field: str
    message: str
    line: int | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f", line {self.line}"
        if self.field:
            where += f", {self.field}"
        return f"{where}: {self.message}"


class ClaimDeskError(Exception):
    """Something went wrong in ClaimDesk."""

    hint: str = ""

    def __init__(self, message: str | None = None, *, hint: str | None = None) -> None:
        doc = (type(self).__doc__ or "").strip().splitlines()
        self.message = message or (doc[0] if doc else type(self).__name__)
        if hint is not None:
            self.hint = hint
        super().__init__(self.message)


class UserError(ClaimDeskError):
    """The request cannot be carried out as given."""


class ValidationFailed(UserError):
    """The data has problems; nothing was saved."""

    def __init__(self, problems: list[Problem], message: str | None = None) -> None:
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else ""
        count = len(self.problems)
        summary = message or (
            first if count == 1 else f"{count} problems, first: {first}"
        )
        super().__init__(summary, hint="Correct the fields named and try again.")


class ImportRejected(ValidationFailed):
    """The file was rejected; nothing was imported."""


class NotFound(UserError):
    """The record no longer exists."""


class StaleEdit(UserError):
    """Someone else changed this record since you opened it; reopen it and redo the edit."""


class TransitionNotAllowed(UserError):
    """That status change is not allowed for this claim."""


class Cancelled(ClaimDeskError):  # noqa: N818 - a cancel is not an error to the user
    """The work was cancelled; nothing was changed."""


class EnvironmentProblem(ClaimDeskError):
    """The computer refused: disk full, database locked or file unreadable."""
