"""The rule registry: every coding check and scrubber rule, and the loop that runs them.

A rule is a function from a ``ScrubInput`` to findings, declared with ``@rule(...)``:

    @rule("CODE-011", Family.CODING, Owner.CODING, Severity.ERROR, "No diagnoses")
    def no_diagnoses(inp: ScrubInput) -> Iterator[Finding]:
        ...

``run_rules`` runs them all and returns every problem at once (beancount's validation style):
a rule that raises becomes one "internal check failed" finding instead of stopping the run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.domain.findings import Finding, Owner, Severity
from app.scrub.context import ScrubInput

Check = Callable[[ScrubInput], Iterable[Finding]]

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.HINT: 2}
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
    """One check.

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


_REGISTRY: dict[str, Rule] = {}


def rule(rule_id: str, family: Family, owner: Owner, severity: Severity, title: str, *,
         claim_only: bool = False, description: str = "") -> Callable[[Check], Check]:
    """Register the decorated function as a rule.

    Args:
        rule_id: stable identifier such as ``CODE-001``; must be unique.
        family: the rule's family.
        owner: default owner of its findings.
        severity: default severity of its findings.
        title: short title.
        claim_only: the rule needs a claim, policy or payer.
        description: what the rule checks (defaults to the function's docstring).

    Returns:
        A decorator that registers the function and returns it unchanged.

    Raises:
        ValueError: the id is malformed or already registered.
    """
    if not _ID.match(rule_id):
        raise ValueError(f"Rule id {rule_id!r} does not look like CODE-001.")

    def register(check: Check) -> Check:
        if rule_id in _REGISTRY and _REGISTRY[rule_id].check is not check:
            raise ValueError(f"Rule {rule_id} is registered twice.")
        doc = description or (check.__doc__ or "").strip().split("\n\n")[0]
        _REGISTRY[rule_id] = Rule(rule_id, family, owner, severity, title,
                                  " ".join(doc.split()), check, claim_only)
        return check

    return register


def registered() -> list[Rule]:
    """Every registered rule, ordered by id.

    Returns:
        The rules.
    """
    return sorted(_REGISTRY.values(), key=lambda r: _natural(r.id))


def get_rule(rule_id: str) -> Rule:
    """The rule with this id.

    Raises:
        KeyError: no such rule.
    """
    return _REGISTRY[rule_id]


def finding(rule_id: str, message: str, *, hint: str = "", location: str = "claim",
            source: str = "", severity: Severity | None = None,
            owner: Owner | None = None) -> Finding:
    """A finding of a registered rule, with the rule's default severity and owner.

    Args:
        rule_id: the registered rule's id.
        message: plain sentence naming the problem (and the code or line).
        hint: what to do about it.
        location: where (``diagnoses[1]``, ``lines[0].units``, ``policy``...).
        source: the reference behind the rule.
        severity: overrides the rule's default severity.
        owner: overrides the rule's default owner.

    Returns:
        The finding.
    """
    r = _REGISTRY[rule_id]
    return Finding(rule_id=rule_id, severity=severity or r.severity, owner=owner or r.owner,
                   message=message, hint=hint, location=location, source=source)


def _natural(text: str) -> tuple[object, ...]:
    """Sort key that orders ``lines[2]`` before ``lines[10]``."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def sort_key(f: Finding) -> tuple[object, ...]:
    """Errors first, then warnings, then hints; then by location and rule id."""
    return (_SEVERITY_ORDER.get(f.severity, 9), _natural(f.location), _natural(f.rule_id))


def _run_one(r: Rule, inp: ScrubInput) -> list[Finding]:
    try:
        return list(r.check(inp))
    except Exception as exc:  # noqa: BLE001 - a broken rule must not stop the others
        return [Finding(
            rule_id=r.id, severity=Severity.WARNING, owner=Owner.BILLING,
            message=f"Internal check failed: {r.title} ({type(exc).__name__}: {exc}).",
            hint="The check could not run; review this item by hand and report the problem.",
            location="internal", source="ClaimDesk")]


def run_rules(inp: ScrubInput, *, coding_only: bool = False,
              rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Run the rules and return every finding, errors first.

    Args:
        inp: what the rules look at.
        coding_only: run only the coding family (the live coding checks).
        rules: the rules to run (default: every registered rule).

    Returns:
        All findings, sorted by severity (errors first), then location.
    """
    if rules is None:
        from app.scrub import rules as _all  # noqa: F401 - importing fills the registry
    chosen = registered() if rules is None else list(rules)
    findings: list[Finding] = []
    for r in chosen:
        if coding_only and r.family != Family.CODING:
            continue
        if r.claim_only and inp.claim is None:
            continue
        findings.extend(_run_one(r, inp))
    return sorted(findings, key=sort_key)
