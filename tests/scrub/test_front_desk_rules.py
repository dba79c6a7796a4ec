"""Front-desk rules FD-001 to FD-008."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.patients import Person, Relationship
from app.domain.practice import Address
from app.scrub.context import ScrubInput
from tests.scrub.builders import (
    ADDRESS,
    AUTH_ID,
    auth,
    check,
    claim_input,
    eligibility,
    line,
    patient,
    payer,
    policy,
    with_encounter,
    with_lines,
)

SUBSCRIBER = Person(last_name="Smith", first_name="Jane", birth_date=date(1982, 3, 3), sex="F",
                    address=ADDRESS)


def pt_visit(**changes: object) -> ScrubInput:
    """A physical-therapy visit (97110) on the clean claim."""
    inp = with_lines(claim_input(**changes), line("97110"))  # type: ignore[arg-type]
    return inp


def attached(**auth_changes: object) -> ScrubInput:
    return with_encounter(pt_visit(prior_auths=(auth(**auth_changes),)), prior_auth_id=AUTH_ID)


CASES = [
    ("FD-001", claim_input(policy=policy(termination_date=date(2026, 9, 30))), claim_input()),
    ("FD-002", claim_input(eligibility=(eligibility(days_before=45),)), claim_input()),
    ("FD-003", claim_input(eligibility=(eligibility(status="inactive"),)), claim_input()),
    ("FD-004", pt_visit(prior_auths=(auth(),)), attached()),
    ("FD-005", attached(visits_used=12), attached()),
    ("FD-006", claim_input(policy=policy(relationship=Relationship.SPOUSE,
                                         subscriber=SUBSCRIBER).model_copy(
        update={"subscriber": None})),
     claim_input(policy=policy(relationship=Relationship.SPOUSE, subscriber=SUBSCRIBER))),
    ("FD-007", claim_input(policy=policy(member_id="A1")), claim_input()),
    ("FD-008", claim_input(patient=patient(address=ADDRESS.model_copy(update={"zip": "627"}))),
     claim_input()),
]


@pytest.mark.parametrize(("rule_id", "bad", "good"), CASES, ids=[c[0] for c in CASES])
def test_rule_fails_and_passes(rule_id: str, bad: ScrubInput, good: ScrubInput) -> None:
    found = check(rule_id, bad)
    assert found and all(f.rule_id == rule_id and f.owner == "front_desk" for f in found)
    assert all(f.message and f.hint and f.location for f in found)
    assert check(rule_id, good) == []


def test_claim_without_policy() -> None:
    [f] = check("FD-001", claim_input(policy=None))
    assert f.location == "policy" and "no insurance policy" in f.message


def test_eligibility_checks_of_another_policy_do_not_count() -> None:
    other = eligibility().model_copy(update={"policy_id": 999})
    assert check("FD-002", claim_input(eligibility=(other,)))


def test_inactive_check_followed_by_active_is_fine() -> None:
    checks = (eligibility(days_before=20, status="inactive"), eligibility(days_before=2))
    assert check("FD-003", claim_input(eligibility=checks)) == []


def test_self_pay_needs_no_eligibility() -> None:
    inp = claim_input(eligibility=(), payer=payer(filing_indicator="ZZ"))
    assert check("FD-002", inp) == []


def test_auth_for_other_codes_or_payer_is_not_suggested() -> None:
    assert check("FD-004", pt_visit(prior_auths=(auth(codes=("97530",)),))) == []
    assert check("FD-004", pt_visit(prior_auths=(auth(payer_id=77),))) == []


@pytest.mark.parametrize(("changes", "text"), [
    ({"end_date": date(2026, 9, 30)}, "does not cover"),
    ({"payer_id": 77}, "another payer"),
    ({"visits_used": 15}, "no visits left"),
])
def test_attached_auth_problems(changes: dict[str, object], text: str) -> None:
    [f] = check("FD-005", attached(**changes))
    assert text in f.message and f.location == "encounter.prior_auth"


def test_attached_auth_not_on_file() -> None:
    inp = with_encounter(pt_visit(), prior_auth_id=AUTH_ID)
    [f] = check("FD-005", inp)
    assert "not on file" in f.message


def test_visit_limit_zero_means_unlimited() -> None:
    assert check("FD-005", attached(visits_allowed=0, visits_used=40)) == []


def test_subscriber_without_address() -> None:
    sub = SUBSCRIBER.model_copy(update={"address": None})
    pol = policy(relationship=Relationship.CHILD, subscriber=SUBSCRIBER).model_copy(
        update={"subscriber": sub})
    [f] = check("FD-006", claim_input(policy=pol))
    assert "address" in f.message and f.location == "policy.subscriber"


def test_medicare_member_id_must_be_an_mbi() -> None:
    medicare = payer(filing_indicator="MB")
    assert check("FD-007", claim_input(payer=medicare, policy=policy(member_id="123456789A")))
    assert check("FD-007", claim_input(payer=medicare,
                                       policy=policy(member_id="1EG4TE5MK73"))) == []


def test_patient_address_problems_name_the_field() -> None:
    bad = Address.model_construct(street1="", city="Springfield", state="XX", zip="62702")
    found = check("FD-008", claim_input(patient=patient().model_copy(update={"address": bad})))
    assert [f.location for f in found] == ["patient.address.street1", "patient.address.state"]
