"""Display lines for the patient detail tables (Qt-free)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.patients import (
    EligibilityCheck,
    EligibilityStatus,
    Policy,
    PolicyOrder,
    PriorAuth,
    Relationship,
    Sex,
)

RELATIONSHIP_LABELS: dict[Relationship, str] = {
    Relationship.SELF: "Self",
    Relationship.SPOUSE: "Spouse",
    Relationship.CHILD: "Child",
    Relationship.EMPLOYEE: "Employee",
    Relationship.LIFE_PARTNER: "Life partner",
    Relationship.OTHER: "Other relationship",
    Relationship.UNKNOWN: "Unknown",
}
ORDER_LABELS: dict[PolicyOrder, str] = {
    PolicyOrder.PRIMARY: "Primary", PolicyOrder.SECONDARY: "Secondary",
    PolicyOrder.TERTIARY: "Tertiary",
}
SEX_LABELS: dict[Sex, str] = {Sex.FEMALE: "Female", Sex.MALE: "Male", Sex.UNKNOWN: "Unknown"}
ELIGIBILITY_LABELS: dict[EligibilityStatus, str] = {
    EligibilityStatus.ACTIVE: "Active", EligibilityStatus.INACTIVE: "Inactive",
    EligibilityStatus.UNKNOWN: "Unknown",
}


@dataclass(frozen=True)
class PolicyLine:
    """One row of the policies table."""

    id: int
    payer: str
    order: str
    member_id: str
    group_number: str
    relationship: str
    subscriber: str
    effective_date: date
    termination_date: date | None


@dataclass(frozen=True)
class EligibilityLine:
    """One row of the eligibility checks table."""

    id: int
    checked_on: date
    policy: str
    status: str
    copay: Decimal | None
    deductible_remaining: Decimal | None
    reference: str
    note: str


@dataclass(frozen=True)
class AuthLine:
    """One row of the prior authorizations table."""

    id: int
    payer: str
    number: str
    codes: str
    start_date: date
    end_date: date
    visits: str
    note: str


def policy_label(policy: Policy, payer_names: Mapping[int, str]) -> str:
    """``Acme Health (Primary, ACM100)`` for combos and tables."""
    payer = payer_names.get(policy.payer_id, f"payer {policy.payer_id}")
    return f"{payer} ({ORDER_LABELS[policy.order]}, {policy.member_id})"


def policy_lines(policies: Iterable[Policy], payer_names: Mapping[int, str]) -> list[PolicyLine]:
    out = []
    for p in sorted(policies, key=lambda p: (p.termination_date is not None, p.order)):
        subscriber = "Self" if p.subscriber is None else \
            f"{p.subscriber.last_name}, {p.subscriber.first_name}"
        out.append(PolicyLine(
            id=p.id or 0, payer=payer_names.get(p.payer_id, ""), order=ORDER_LABELS[p.order],
            member_id=p.member_id, group_number=p.group_number,
            relationship=RELATIONSHIP_LABELS[p.relationship], subscriber=subscriber,
            effective_date=p.effective_date, termination_date=p.termination_date))
    return out


def eligibility_lines(checks: Iterable[EligibilityCheck], policies: Iterable[Policy],
                      payer_names: Mapping[int, str]) -> list[EligibilityLine]:
    labels = {p.id: policy_label(p, payer_names) for p in policies}
    return [EligibilityLine(
        id=c.id or 0, checked_on=c.checked_on, policy=labels.get(c.policy_id, ""),
        status=ELIGIBILITY_LABELS[c.status], copay=c.copay,
        deductible_remaining=c.deductible_remaining, reference=c.reference, note=c.note)
        for c in sorted(checks, key=lambda c: (c.checked_on, c.id or 0), reverse=True)]


def auth_lines(auths: Iterable[PriorAuth], payer_names: Mapping[int, str]) -> list[AuthLine]:
    return [AuthLine(
        id=a.id or 0, payer=payer_names.get(a.payer_id, ""), number=a.number,
        codes=", ".join(a.codes), start_date=a.start_date, end_date=a.end_date,
        visits=f"{a.visits_used} of {a.visits_allowed}" if a.visits_allowed else "",
        note=a.note) for a in sorted(auths, key=lambda a: a.start_date, reverse=True)]
