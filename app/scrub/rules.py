"""``all_rules``: the explicit rule list of ``app.scrub.registry``, ordered by id."""

from __future__ import annotations

from app.scrub.registry import Rule, registered


def all_rules() -> list[Rule]:
    """Every listed rule, ordered by id.

    Returns:
        The rules.
    """
    return registered()
