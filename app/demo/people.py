"""Demo patients with their insurance: Medicare for 65+, Medicaid, commercial, dependents."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from app.demo import names
from app.demo.ids import IdSource
from app.domain.patients import (
    EligibilityCheck,
    EligibilityStatus,
    Patient,
    Person,
    Policy,
    PolicyOrder,
    PriorAuth,
    Relationship,
    Sex,
)

MEDICARE, MEDICAID, HEARTLAND, PRAIRIE_BLUE, LINCOLNCARE = 1, 2, 3, 4, 5
COMMERCIAL = (HEARTLAND, PRAIRIE_BLUE, LINCOLNCARE)
COMMERCIAL_CUM_WEIGHTS = (40, 75, 100)
MEMBER_PREFIX = {HEARTLAND: "HHP", PRAIRIE_BLUE: "XPB", LINCOLNCARE: "LCH"}
COPAYS = tuple(Decimal(c) for c in ("20.00", "25.00", "30.00", "40.00", "50.00"))
MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"
NO_COPAY = Decimal("0.00")


@dataclass
class PatientPlan:
    """A patient being built, with everything that will hang from them."""

    patient: Patient
    policies: list[Policy]
    checks: list[EligibilityCheck] = field(default_factory=list)
    auths: list[PriorAuth] = field(default_factory=list)

    @property
    def primary(self) -> Policy | None:
        """The primary policy, or ``None`` for a self-pay patient."""
        return self.policies[0] if self.policies else None

    @property
    def secondary(self) -> Policy | None:
        """The secondary policy, when there is one."""
        return self.policies[1] if len(self.policies) > 1 else None


def build_patients(rng: random.Random, count: int, today: date, ids: IdSource) -> list[PatientPlan]:
    """``count`` patients of all ages with their policies (about 10% self-pay).

    Args:
        rng: the demo's random source.
        count: how many patients.
        today: the demo's today; ages and coverage dates are relative to it.
        ids: the id counters of the document being built.
    """
    plans = []
    for _ in range(count):
        patient = _patient(rng, today, ids.next("patient"))
        plans.append(PatientPlan(patient, _policies(rng, patient, today, ids)))
    return plans


def _age(rng: random.Random) -> int:
    group = rng.random()
    if group < 0.20:
        return rng.randrange(1, 18)
    if group < 0.75:
        return rng.randrange(18, 65)
    return 66 + int(rng.triangular(0, 30, 0))


def _patient(rng: random.Random, today: date, patient_id: int) -> Patient:
    age = _age(rng)
    birth = date(today.year - age, 1, 1) + timedelta(days=rng.randrange(365))
    roll = rng.random()
    sex = Sex.UNKNOWN if roll < 0.004 else Sex.FEMALE if roll < 0.52 else Sex.MALE
    female = sex == Sex.FEMALE or (sex == Sex.UNKNOWN and rng.random() < 0.5)
    first, last = names.pick_first(rng, female), names.pick_last(rng)
    email = ""
    if age >= 18 and rng.random() < 0.4:
        email = f"{first}.{last}{rng.randrange(10, 99)}@example.com".lower()
    return Patient(
        id=patient_id, account_number=f"A{patient_id:06d}", last_name=last, first_name=first,
        middle_name=names.pick_middle(rng), birth_date=birth, sex=sex,
        address=names.address(rng), phone=names.phone(rng), email=email,
    )


def _policies(rng: random.Random, patient: Patient, today: date, ids: IdSource) -> list[Policy]:
    age = today.year - patient.birth_date.year
    roll = rng.random()
    if age >= 65:
        return [] if roll < 0.04 else _senior(rng, patient, ids)
    if age >= 18:
        if roll < 0.13:
            return []
        if roll < 0.31:
            return [_own(rng, patient, MEDICAID, ids, today)]
        return _adult_commercial(rng, patient, ids, today)
    if roll < 0.05:
        return []
    if roll < 0.39:
        return [_own(rng, patient, MEDICAID, ids, today)]
    return _child_commercial(rng, patient, ids, today)


def _senior(rng: random.Random, patient: Patient, ids: IdSource) -> list[Policy]:
    birth = patient.birth_date
    start = date(birth.year + 65, birth.month, 1)
    primary = Policy(id=ids.next("policy"), patient_id=patient.id, payer_id=MEDICARE,
                     member_id=mbi(rng), effective_date=start)
    roll = rng.random()
    if roll < 0.20:
        dual = Policy(id=ids.next("policy"), patient_id=patient.id, payer_id=MEDICAID,
                      order=PolicyOrder.SECONDARY, member_id=_numeric_id(rng), effective_date=start)
        return [primary, dual]
    if roll < 0.35:
        payer = rng.choice((HEARTLAND, PRAIRIE_BLUE))
        supplement = Policy(
            id=ids.next("policy"), patient_id=patient.id, payer_id=payer,
            order=PolicyOrder.SECONDARY, member_id=_commercial_id(rng, payer),
            group_number=f"R{rng.randrange(10**5, 10**6)}", group_name="Retiree supplement",
            effective_date=start,
        )
        return [primary, supplement]
    return [primary]


def _own(rng: random.Random, patient: Patient, payer: int, ids: IdSource, today: date) -> Policy:
    start = max(_start(rng, today), patient.birth_date)
    if payer == MEDICAID:
        return Policy(id=ids.next("policy"), patient_id=patient.id, payer_id=payer,
                      member_id=_numeric_id(rng), effective_date=start)
    return Policy(
        id=ids.next("policy"), patient_id=patient.id, payer_id=payer,
        member_id=_commercial_id(rng, payer), group_number=f"G{rng.randrange(10**5, 10**6)}",
        group_name=rng.choice(names.EMPLOYERS), effective_date=start, copay=rng.choice(COPAYS),
    )


def _adult_commercial(
    rng: random.Random, patient: Patient, ids: IdSource, today: date
) -> list[Policy]:
    payer = rng.choices(COMMERCIAL, cum_weights=COMMERCIAL_CUM_WEIGHTS)[0]
    if rng.random() < 0.2:
        primary = _dependent(rng, patient, payer, Relationship.SPOUSE, ids, today)
    else:
        primary = _own(rng, patient, payer, ids, today)
    if rng.random() >= 0.15:
        return [primary]
    other = rng.choice([p for p in COMMERCIAL if p != payer])
    secondary = _dependent(rng, patient, other, Relationship.SPOUSE, ids, today)
    return [primary, secondary.model_copy(update={"order": PolicyOrder.SECONDARY,
                                                  "copay": NO_COPAY})]


def _child_commercial(
    rng: random.Random, patient: Patient, ids: IdSource, today: date
) -> list[Policy]:
    payer = rng.choices(COMMERCIAL, cum_weights=COMMERCIAL_CUM_WEIGHTS)[0]
    primary = _dependent(rng, patient, payer, Relationship.CHILD, ids, today)
    if rng.random() >= 0.15:
        return [primary]
    other = rng.choice([p for p in COMMERCIAL if p != payer])
    secondary = _dependent(rng, patient, other, Relationship.CHILD, ids, today)
    return [primary, secondary.model_copy(update={"order": PolicyOrder.SECONDARY,
                                                  "copay": NO_COPAY})]


def _dependent(
    rng: random.Random, patient: Patient, payer: int, relationship: Relationship,
    ids: IdSource, today: date,
) -> Policy:
    holder = _subscriber(rng, patient, relationship)
    suffix = "02" if relationship == Relationship.SPOUSE else f"0{rng.randrange(3, 7)}"
    return Policy(
        id=ids.next("policy"), patient_id=patient.id, payer_id=payer,
        member_id=f"{_commercial_id(rng, payer)}-{suffix}", relationship=relationship,
        subscriber=holder, group_number=f"G{rng.randrange(10**5, 10**6)}",
        group_name=rng.choice(names.EMPLOYERS),
        effective_date=max(_start(rng, today), patient.birth_date), copay=rng.choice(COPAYS),
    )


def _subscriber(rng: random.Random, patient: Patient, relationship: Relationship) -> Person:
    """The policy holder: a parent (for a child) or the spouse, at the patient's address."""
    if relationship == Relationship.CHILD:
        years = rng.randrange(22, 43)
        female = rng.random() < 0.5
    else:
        years = rng.randrange(-6, 7)
        female = patient.sex != Sex.FEMALE
    birth = patient.birth_date - timedelta(days=365 * years + rng.randrange(200))
    last = patient.last_name if rng.random() < 0.85 else names.pick_last(rng)
    return Person(
        last_name=last, first_name=names.pick_first(rng, female),
        middle_name=names.pick_middle(rng), birth_date=birth,
        sex=Sex.FEMALE if female else Sex.MALE, address=patient.address, phone=patient.phone,
    )


def _start(rng: random.Random, today: date) -> date:
    return date(today.year - rng.randrange(1, 7), rng.choice((1, 1, 1, 4, 7, 10)), 1)


def mbi(rng: random.Random) -> str:
    """A Medicare Beneficiary Identifier in the CMS shape (synthetic)."""
    letter, digit = MBI_LETTERS, "0123456789"
    alnum = letter + digit
    pattern = (
        "123456789", letter, alnum, digit, letter, alnum, digit, letter, letter, digit, digit
    )
    return "".join(rng.choice(chars) for chars in pattern)


def _numeric_id(rng: random.Random) -> str:
    return f"{rng.randrange(10**8, 10**9)}"


def _commercial_id(rng: random.Random, payer: int) -> str:
    return f"{MEMBER_PREFIX[payer]}{rng.randrange(10**8, 10**9)}"


def add_eligibility(
    rng: random.Random, plan: PatientPlan, last_visit: date, ids: IdSource
) -> None:
    """Record an eligibility check on the primary policy shortly before the last visit."""
    policy = plan.primary
    if policy is None:
        return
    roll = rng.random()
    status = (EligibilityStatus.INACTIVE if roll < 0.05
              else EligibilityStatus.UNKNOWN if roll < 0.08 else EligibilityStatus.ACTIVE)
    checked = last_visit - timedelta(days=rng.randrange(0, 4))
    note = {
        EligibilityStatus.INACTIVE: "Payer returned no active coverage; ask patient for new card.",
        EligibilityStatus.UNKNOWN: "Payer portal timed out; re-check before the next claim.",
    }.get(status, "")
    active = status == EligibilityStatus.ACTIVE
    deductible = Decimal(rng.choice((0, 0, 150, 400, 750, 1200))).quantize(Decimal("0.01"))
    plan.checks.append(EligibilityCheck(
        id=ids.next("eligibility"), policy_id=policy.id, checked_on=checked, status=status,
        copay=policy.copay if active else None,
        deductible_remaining=deductible if active else None,
        reference=f"271-{rng.randrange(10**7, 10**8)}", note=note,
    ))
