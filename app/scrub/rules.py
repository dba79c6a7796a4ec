"""Import every rule module so the registry is filled; ``all_rules`` lists the rules."""

from __future__ import annotations

from app.scrub import (  # noqa: F401 - imported for their @rule registrations
    charge_rules,
    coding_rules,
    front_desk_rules,
    integrity_rules,
    procedure_rules,
    setup_rules,
    timely_rules,
)
from app.scrub.registry import Rule, registered


def all_rules() -> list[Rule]:
    """Every registered rule, ordered by id.

    Returns:
        The rules.
    """
    return registered()
