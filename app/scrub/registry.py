"""The rule list: every coding check and scrubber rule, named once, and the loop that runs them.

``RULES`` is assembled explicitly from the rule modules (beancount's ``VALIDATIONS`` style): a
rule runs because it is listed here, not because its module happened to be imported. The rule
modules import ``app.scrub.declarations`` only, so the import graph has one direction:
declarations < rule modules < registry.

``run_rules`` runs them all and returns every problem at once (beancount's validation style):
a rule that raises becomes one "internal check failed" finding instead of stopping the run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.domain.findings import Finding, Owner, Severity
from app.scrub import charge_rules as charge
from app.scrub import coding_rules as coding
from app.scrub import front_desk_rules as front_desk
from app.scrub import integrity_rules as integrity
from app.scrub import procedure_rules as procedure
from app.scrub import setup_rules as setup
from app.scrub import timely_rules as timely
from app.scrub.context import ScrubInput
from app.scrub.declarations import Check, Family, Rule, finding, rule

__all__ = ["RULES", "Check", "Family", "Rule", "finding", "get_rule", "registered", "rule",
           "run_rules", "sort_key"]

RULES: tuple[Rule, ...] = (
    # charge_rules
    charge.charge_not_positive, charge.charge_decimals, charge.units_not_positive,
    charge.fractional_units, charge.ndc_format, charge.place_of_service, charge.dos_before_birth,
    # coding_rules
    coding.unknown_icd, coding.not_billable, coding.missing_seventh, coding.icd_not_valid_on_dos,
    coding.duplicate_dx, coding.excludes1, coding.manifestation_first, coding.code_first_order,
    coding.external_cause_first, coding.sex_conflict, coding.age_conflict,
    coding.more_specific_code, coding.no_diagnoses, coding.pointers,
    # front_desk_rules
    front_desk.no_coverage, front_desk.eligibility_not_checked, front_desk.eligibility_inactive,
    front_desk.auth_not_attached, front_desk.auth_invalid, front_desk.subscriber_missing,
    front_desk.member_id, front_desk.patient_address,
    # integrity_rules
    integrity.too_many_diagnoses, integrity.too_many_lines, integrity.no_lines,
    integrity.line_charges, integrity.duplicate_claim, integrity.frequency_reference,
    integrity.control_number, integrity.future_dos,
    # procedure_rules
    procedure.hcpcs_validity, procedure.cpt_not_on_fee_schedule, procedure.unknown_modifier,
    procedure.duplicate_modifier, procedure.too_many_modifiers, procedure.distinct_on_em,
    procedure.modifier25_not_em, procedure.em_without_25, procedure.ncci_ptp, procedure.mue,
    procedure.drug_without_ndc,
    # setup_rules
    setup.practice_missing, setup.billing_npi, setup.billing_ein, setup.billing_zip,
    setup.billing_po_box, setup.billing_taxonomy, setup.payer_id, setup.self_pay_claim,
    setup.rendering_npi, setup.referring_npi,
    # timely_rules
    timely.deadline_near, timely.deadline_passed,
)

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.HINT: 2}


def _index(rules: Iterable[Rule]) -> dict[str, Rule]:
    """The rules by id.

    Raises:
        ValueError: two listed rules share an id.
    """
    by_id: dict[str, Rule] = {}
    for r in rules:
        if r.id in by_id:
            raise ValueError(f"Rule {r.id} is listed twice.")
        by_id[r.id] = r
    return by_id


_BY_ID = _index(RULES)


def registered() -> list[Rule]:
    """Every listed rule, ordered by id.

    Returns:
        The rules.
    """
    return sorted(RULES, key=lambda r: _natural(r.id))


def get_rule(rule_id: str) -> Rule:
    """The listed rule with this id.

    Raises:
        KeyError: no such rule.
    """
    return _BY_ID[rule_id]


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
        rules: the rules to run (default: every rule in ``RULES``).

    Returns:
        All findings, sorted by severity (errors first), then location.
    """
    chosen = registered() if rules is None else list(rules)
    findings: list[Finding] = []
    for r in chosen:
        if coding_only and r.family != Family.CODING:
            continue
        if r.claim_only and inp.claim is None:
            continue
        findings.extend(_run_one(r, inp))
    return sorted(findings, key=sort_key)
