"""Front-desk checks: coverage, eligibility, prior authorization, subscriber and patient data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

from app.domain import identifiers as ids
from app.domain.findings import Finding, Owner, Severity
from app.domain.patients import EligibilityCheck, EligibilityStatus, PriorAuth, Relationship
from app.domain.practice import FilingIndicator
from app.scrub.context import ScrubInput
from app.scrub.declarations import Family, finding, rule

FD, E, W = Family.FRONT_DESK, Severity.ERROR, Severity.WARNING
ELIGIBILITY_DAYS = 30
#: Medicare Beneficiary Identifier: 11 characters, no S L O I B Z.
MBI = re.compile(r"^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y]"
                 r"[AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y]{2}\d{2}$")


@rule("FD-001", FD, Owner.FRONT_DESK, E, "No coverage on the date of service", claim_only=True)
def no_coverage(inp: ScrubInput) -> Iterator[Finding]:
    """The claim's policy must be in force on the date of service."""
    dos = inp.encounter.date_of_service
    policy = inp.policy
    if policy is None:
        yield finding("FD-001", "The claim has no insurance policy.",
                      hint="Pick the patient's policy for this visit, or bill the patient.",
                      location="policy", source="Policy on file")
    elif not policy.covers(dos):
        ends = f" to {policy.termination_date:%m/%d/%Y}" if policy.termination_date else ""
        yield finding("FD-001", f"Policy {policy.member_id} is not in force on {dos:%m/%d/%Y} "
                      f"(effective {policy.effective_date:%m/%d/%Y}{ends}).",
                      hint="Ask the patient for the coverage on that date and update the "
                           "policy, or bill the patient.", location="policy",
                      source="Policy on file")


def _checks(inp: ScrubInput) -> list[EligibilityCheck]:
    policy = inp.policy
    if policy is None or (inp.payer is not None and inp.payer.is_self_pay):
        return []
    return sorted((c for c in inp.eligibility if c.policy_id == policy.id),
                  key=lambda c: c.checked_on)


@rule("FD-002", FD, Owner.FRONT_DESK, W, "Eligibility not verified", claim_only=True)
def eligibility_not_checked(inp: ScrubInput) -> Iterator[Finding]:
    """Eligibility should be verified within 30 days before the date of service."""
    if inp.policy is None or (inp.payer is not None and inp.payer.is_self_pay):
        return
    since = inp.encounter.date_of_service - timedelta(days=ELIGIBILITY_DAYS)
    recent = [c for c in _checks(inp) if c.checked_on >= since]
    if not recent:
        yield finding("FD-002", f"Eligibility for policy {inp.policy.member_id} was not "
                      f"verified in the {ELIGIBILITY_DAYS} days before the visit.",
                      hint="Verify eligibility (portal or 270/271) and record the result.",
                      location="policy.eligibility",
                      source="Eligibility checks")


@rule("FD-003", FD, Owner.FRONT_DESK, E, "Eligibility check says inactive", claim_only=True)
def eligibility_inactive(inp: ScrubInput) -> Iterator[Finding]:
    """The latest eligibility check must not say the coverage is inactive."""
    checks = _checks(inp)
    if checks and checks[-1].status == EligibilityStatus.INACTIVE:
        last = checks[-1]
        yield finding("FD-003", f"The last eligibility check ({last.checked_on:%m/%d/%Y}) "
                      "found the coverage inactive.",
                      hint="Get the patient's current insurance, or bill the patient.",
                      location="policy.eligibility",
                      source="Eligibility checks")


def _payer_id(inp: ScrubInput) -> int | None:
    if inp.claim is not None:
        return inp.claim.payer_id
    return inp.policy.payer_id if inp.policy else None


@rule("FD-004", FD, Owner.FRONT_DESK, W, "Prior authorization not attached", claim_only=True)
def auth_not_attached(inp: ScrubInput) -> Iterator[Finding]:
    """An active authorization for the payer covers codes on the claim, but none is attached."""
    enc = inp.encounter
    if enc.prior_auth_id is not None:
        return
    codes = {line.code for line in enc.lines}
    for auth in inp.prior_auths:
        matched = sorted(codes & set(auth.codes))
        if auth.payer_id == _payer_id(inp) and matched \
                and auth.covers(enc.date_of_service):
            yield finding("FD-004", f"Authorization {auth.number} covers {', '.join(matched)} "
                          "but is not attached to the visit.",
                          hint="Attach the authorization so its number goes on the claim.",
                          location="encounter.prior_auth",
                          source="Prior authorizations")


def _auth_problem(inp: ScrubInput, auth: PriorAuth) -> str:
    dos = inp.encounter.date_of_service
    if auth.payer_id != _payer_id(inp):
        return f"Authorization {auth.number} is for another payer."
    if not auth.covers(dos):
        return (f"Authorization {auth.number} runs {auth.start_date:%m/%d/%Y} to "
                f"{auth.end_date:%m/%d/%Y}; it does not cover {dos:%m/%d/%Y}.")
    if auth.visits_allowed and auth.visits_used >= auth.visits_allowed:
        return (f"Authorization {auth.number} has no visits left ({auth.visits_used} of "
                f"{auth.visits_allowed} used).")
    return ""


@rule("FD-005", FD, Owner.FRONT_DESK, E, "Prior authorization expired or used up",
      claim_only=True)
def auth_invalid(inp: ScrubInput) -> Iterator[Finding]:
    """The attached authorization covers the date, the payer and has visits left."""
    auth_id = inp.encounter.prior_auth_id
    if auth_id is None:
        return
    auth = next((a for a in inp.prior_auths if a.id == auth_id), None)
    problem = "The attached authorization is not on file." if auth is None \
        else _auth_problem(inp, auth)
    if problem:
        yield finding("FD-005", problem, hint="Request a new or extended authorization from "
                      "the payer and attach it.", location="encounter.prior_auth",
                          source="Prior authorizations")


@rule("FD-006", FD, Owner.FRONT_DESK, E, "Subscriber details missing", claim_only=True)
def subscriber_missing(inp: ScrubInput) -> Iterator[Finding]:
    """A dependent's policy needs the subscriber's name, date of birth and address."""
    policy = inp.policy
    if policy is None or policy.relationship == Relationship.SELF:
        return
    sub = policy.subscriber
    missing = ["subscriber"] if sub is None else [
        name for name, value in (("date of birth", sub.birth_date), ("address", sub.address),
                                 ("name", sub.last_name)) if not value]
    if missing:
        yield finding("FD-006", f"Policy {policy.member_id} is a dependent's policy without the "
                      f"subscriber's {', '.join(missing)}.",
                      hint="Enter the policy holder's name, date of birth, sex and address.",
                      location="policy.subscriber", source="837P 2010BA")


@rule("FD-007", FD, Owner.FRONT_DESK, E, "Member id missing or malformed", claim_only=True)
def member_id(inp: ScrubInput) -> Iterator[Finding]:
    """Member ids are present, plausibly long, and Medicare ids are MBIs."""
    policy = inp.policy
    if policy is None:
        return
    value = (policy.member_id or "").strip()
    medicare = inp.payer is not None and inp.payer.filing_indicator == FilingIndicator.MEDICARE_B
    if not value:
        problem = "The policy has no member id."
    elif medicare and not MBI.match(value.upper().replace("-", "")):
        problem = f"{value} is not a Medicare Beneficiary Identifier (11 characters)."
    elif len(value) < 4:
        problem = f"The member id {value} looks too short."
    else:
        return
    yield finding("FD-007", problem, hint="Copy the member id exactly from the insurance card.",
                  location="policy.member_id", source="837P 2010BA NM109")


@rule("FD-008", FD, Owner.FRONT_DESK, E, "Patient address invalid")
def patient_address(inp: ScrubInput) -> Iterator[Finding]:
    """The patient's address has a street, city, valid state and ZIP."""
    addr = inp.patient.address
    problems = [(f"address.{name}", text) for name, text in (
        ("street1", "" if (addr.street1 or "").strip() else "The street is missing."),
        ("city", "" if (addr.city or "").strip() else "The city is missing."),
        ("state", ids.check_state(addr.state) or ""),
        ("zip", ids.check_zip(addr.zip) or "")) if text]
    for where, text in problems:
        yield finding("FD-008", f"Patient {inp.patient.display_name}: {text}",
                      hint="Correct the address on the patient's registration.",
                      location=f"patient.{where}", source="837P 2010CA/2010BA")
