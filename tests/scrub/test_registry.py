"""The registry: ids, families, sorting, coding-only runs, broken rules, no false alarms."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from app.domain.findings import Finding, Owner, Severity
from app.scrub import registry
from app.scrub.context import ScrubInput
from app.scrub.registry import Family, Rule, finding, get_rule, rule, run_rules
from app.scrub.rules import all_rules
from tests.scrub.builders import (
    auth,
    claim_input,
    coding_input,
    line,
    patient,
    policy,
    with_encounter,
    with_lines,
)


def test_at_least_30_rules_with_unique_well_formed_ids() -> None:
    rules = all_rules()
    ids = [r.id for r in rules]
    assert len(rules) >= 30
    assert len(ids) == len(set(ids))
    prefixes = {"CODE": Family.CODING, "CHG": Family.CHARGE_ENTRY, "FD": Family.FRONT_DESK,
                "SETUP": Family.BILLING_SETUP, "INT": Family.CLAIM_INTEGRITY,
                "TF": Family.TIMELY_FILING}
    for r in rules:
        assert prefixes[r.id.split("-")[0]] == r.family
        assert r.title and len(r.title) <= 50 and r.description


def test_every_family_has_rules() -> None:
    assert {r.family for r in all_rules()} == set(Family)


def test_registering_an_id_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        rule("CODE-001", Family.CODING, Owner.CODING, Severity.ERROR, "Again")(lambda inp: [])


def test_malformed_id_is_refused() -> None:
    with pytest.raises(ValueError, match="CODE-001"):
        rule("C1", Family.CODING, Owner.CODING, Severity.ERROR, "Bad")


def messy_input() -> ScrubInput:
    """Problems of every family at once."""
    inp = claim_input(patient=patient(sex="F"), policy=policy(member_id="A1"),
                      eligibility=())
    inp = with_encounter(inp, diagnoses=("J06", "N40.0"), place_of_service="30")
    return with_lines(inp, line("99213"), line("20610", pointers=(1, 4)),
                      line("J1100", charge=Decimal("5.00"), units=Decimal("1.5")))


def test_coding_only_runs_only_coding_rules() -> None:
    coding_ids = {r.id for r in all_rules() if r.family == Family.CODING}
    found = run_rules(messy_input(), coding_only=True)
    assert found and {f.rule_id for f in found} <= coding_ids
    every = run_rules(messy_input())
    assert {f.rule_id for f in every} - coding_ids  # the full run finds more


def test_findings_are_sorted_errors_first_then_location() -> None:
    found = run_rules(messy_input())
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.HINT: 2}
    ranks = [order[f.severity] for f in found]
    assert ranks == sorted(ranks)
    errors = [f.location for f in found if f.severity == Severity.ERROR]
    assert errors == sorted(errors, key=lambda loc: registry._natural(loc))


def test_natural_location_order() -> None:
    locs = ["lines[10].code", "lines[2].code", "diagnoses[1]", "claim"]
    assert sorted(locs, key=registry._natural) == [
        "claim", "diagnoses[1]", "lines[2].code", "lines[10].code"]


def test_claim_only_rules_are_skipped_without_a_claim() -> None:
    inp = coding_input(eligibility=(), policy=None)
    claim_only = {r.id for r in all_rules() if r.claim_only}
    assert claim_only and not {f.rule_id for f in run_rules(inp)} & claim_only


def test_a_clean_claim_has_no_findings() -> None:
    assert run_rules(claim_input()) == []
    assert run_rules(coding_input(), coding_only=True) == []


def test_a_clean_busier_visit_has_no_findings() -> None:
    """Procedure with 25 on the E/M, a second diagnosis, a PT visit with its auth attached."""
    inp = claim_input(prior_auths=(auth(),))
    inp = with_encounter(inp, diagnoses=("M17.11", "I10"), prior_auth_id=30,
                         documentation="Right knee osteoarthritis, injection; exercises.")
    inp = with_lines(inp, line("99213", modifiers=("25",), pointers=(1, 2)),
                     line("20610", modifiers=("RT",)), line("97110", units=Decimal(2)))
    assert run_rules(inp) == []


def test_a_rule_that_raises_becomes_an_internal_finding() -> None:
    def broken(inp: ScrubInput) -> list[Finding]:
        raise KeyError("missing table")

    def broken_later(inp: ScrubInput) -> Iterator[Finding]:
        yield from ()
        raise RuntimeError("late")

    rules = [Rule("CODE-998", Family.CODING, Owner.CODING, Severity.ERROR, "Broken", "",
                  broken),
             Rule("CODE-999", Family.CODING, Owner.CODING, Severity.ERROR, "Broken later", "",
                  broken_later),
             get_rule("CODE-012")]
    inp = with_encounter(coding_input(), diagnoses=())
    found = run_rules(inp, rules=rules)
    internal = [f for f in found if f.location == "internal"]
    assert {f.rule_id for f in internal} == {"CODE-998", "CODE-999"}
    assert all("Internal check failed" in f.message for f in internal)
    assert "KeyError" in internal[0].message or "KeyError" in internal[1].message
    assert any(f.rule_id == "CODE-012" for f in found)  # the other rules still ran


def test_finding_uses_the_rule_defaults_and_overrides() -> None:
    f = finding("CODE-006", "msg")
    assert (f.severity, f.owner, f.location) == (Severity.WARNING, Owner.CODING, "claim")
    g = finding("CODE-006", "msg", severity=Severity.ERROR, owner=Owner.BILLING)
    assert (g.severity, g.owner) == (Severity.ERROR, Owner.BILLING)


def test_default_run_fills_the_registry_itself() -> None:
    inp = replace(coding_input(), today=date(2026, 10, 1))
    assert [f.rule_id for f in run_rules(inp)] == ["INT-008"]


def test_every_rule_has_a_failing_and_a_passing_example() -> None:
    from tests.scrub import (
        test_charge_rules,
        test_coding_rules,
        test_front_desk_rules,
        test_integrity_rules,
        test_procedure_rules,
        test_setup_rules,
        test_timely_rules,
    )

    modules = (test_charge_rules, test_coding_rules, test_front_desk_rules,
               test_integrity_rules, test_procedure_rules, test_setup_rules, test_timely_rules)
    covered = {case[0] for module in modules for case in module.CASES}
    assert covered == {r.id for r in all_rules()}
