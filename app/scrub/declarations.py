"""How a rule is declared: its family, its metadata, the ``@rule`` decorator and ``finding``.

A rule is a function from a ``ScrubInput`` to findings, declared with ``@rule(...)``:

    @rule("CODE-012", Family.CODING, Owner.CODING, Severity.ERROR, "No diagnoses")
    def no_diagnoses(inp: ScrubInput) -> Iterator[Finding]:
        ...

Declaring a rule does not make it run: ``app.scrub.registry.RULES`` lists, explicitly, every rule
that runs (beancount's ``VALIDATIONS`` style). The rule modules import only this module, the
context and ``app.domain``; the registry imports the rule modules, never the other way round.
The declarations kept here serve only to refuse a reused id and to give ``finding`` the rule's
default severity and owner.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.domain.findings import Finding, Owner, Severity
from app.scrub.context import ScrubInput

Check = Callable[[ScrubInput], Iterable[Finding]]

_ID = re.compile(r"^(CODE|CHG|FD|SETUP|INT|TF)-\d{3}$")


class Family(StrEnum):
    """Which group of checks a rule belongs to (and which step of the work it serves)."""

    CODING = "coding"
    CHARGE_ENTRY = "charge_entry"
    FRONT_DESK = "front_desk"
    BILLING_SETUP = "billing_setup"
    CLAIM_INTEGRITY = "claim_integrity"
    TIMELY_FILING = "timely_filing"


@dataclass(frozen=True)
class Rule:
    """One check; calling it runs the check.

    Attributes:
        id: stable identifier (``CODE-001``); overrides and saved findings refer to it.
        family: the group the rule belongs to; coding rules are the live coding checks.
        owner: who usually fixes what the rule finds.
        severity: the default severity of its findings.
        title: short name for lists.
        description: what the rule checks (the check function's docstring by default).
        check: the function producing the findings.
        claim_only: the rule needs a claim (policy, payer); skipped without one.
    """

    id: str
    family: Family
    owner: Owner
    severity: Severity
    title: str
    description: str
    check: Check
    claim_only: bool = False

    def __call__(self, inp: ScrubInput) -> Iterable[Finding]:
        """Run the check.

        Args:
            inp: what the rule looks at.

        Returns:
            The findings (possibly lazy).
        """
        return self.check(inp)


_DECLARED: dict[str, Rule] = {}


def rule(rule_id: str, family: Family, owner: Owner, severity: Severity, title: str, *,
         claim_only: bool = False, description: str = "") -> Callable[[Check], Rule]:
    """Declare the decorated function as a rule.

    Args:
        rule_id: stable identifier such as ``CODE-001``; must be unique.
        family: the rule's family.
        owner: default owner of its findings.
        severity: default severity of its findings.
        title: short title.
        claim_only: the rule needs a claim, policy or payer.
        description: what the rule checks (defaults to the function's docstring).

    Returns:
        A decorator turning the function into its ``Rule``.

    Raises:
        ValueError: the id is malformed or already declared by another function.
    """
    if not _ID.match(rule_id):
        raise ValueError(f"Rule id {rule_id!r} does not look like CODE-001.")

    def declare(check: Check) -> Rule:
        earlier = _DECLARED.get(rule_id)
        if earlier is not None and earlier.check is not check:
            raise ValueError(f"Rule {rule_id} is declared twice.")
        doc = description or (check.__doc__ or "").strip().split("\n\n")[0]
        declared = Rule(rule_id, family, owner, severity, title, " ".join(doc.split()), check,
                        claim_only)
        _DECLARED[rule_id] = declared
        return declared

    return declare


def finding(rule_id: str, message: str, *, hint: str = "", location: str = "claim",
            source: str = "", severity: Severity | None = None,
            owner: Owner | None = None) -> Finding:
    """A finding of a declared rule, with the rule's default severity and owner.

    Args:
        rule_id: the declared rule's id.
        message: plain sentence naming the problem (and the code or line).
        hint: what to do about it.
        location: where (``diagnoses[1]``, ``lines[0].units``, ``policy``...).
        source: the reference behind the rule.
        severity: overrides the rule's default severity.
        owner: overrides the rule's default owner.

    Returns:
        The finding.
    """
    r = _DECLARED[rule_id]
    return Finding(rule_id=rule_id, severity=severity or r.severity, owner=owner or r.owner,
                   message=message, hint=hint, location=location, source=source)
