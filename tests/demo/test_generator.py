"""The synthetic demo practice: repeatable, complete and internally consistent."""

from __future__ import annotations

import ast
import pathlib
import re
from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest

from app.demo import generate_demo
from app.domain.claims import ClaimStatus
from app.domain.document import PracticeDocument
from app.domain.encounters import CodingStatus
from app.domain.identifiers import check_npi
from app.domain.ledger import Account, EntryKind, claim_amounts, patient_balance
from app.domain.patients import PolicyOrder, Relationship
from app.domain.practice import FilingIndicator, ProviderRole, Submission

TODAY = date(2026, 11, 23)
SMALL = {"patients": 60, "encounters": 300, "today": TODAY}
CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def small() -> PracticeDocument:
    return generate_demo(**SMALL)


@pytest.fixture(scope="module")
def full() -> PracticeDocument:
    return generate_demo(today=TODAY)


def test_same_seed_gives_identical_document(small: PracticeDocument) -> None:
    assert generate_demo(**SMALL).model_dump() == small.model_dump()


def test_different_seed_gives_different_document(small: PracticeDocument) -> None:
    other = generate_demo(seed=8, **SMALL)
    assert other.model_dump() != small.model_dump()


def test_counts(small: PracticeDocument) -> None:
    assert len(small.patients) == 60
    assert len(small.encounters) == 300
    assert len(small.payers) == 6
    self_pay = [p for p in small.payers if p.filing_indicator == FilingIndicator.SELF_PAY]
    assert len(self_pay) == 1 and self_pay[0].submission == Submission.NONE
    rendering = [p for p in small.providers if p.role == ProviderRole.RENDERING]
    referring = [p for p in small.providers if p.role == ProviderRole.REFERRING]
    assert 2 <= len(rendering) <= 3
    assert 3 <= len(referring) <= 4


def test_default_size_has_every_state(full: PracticeDocument) -> None:
    assert len(full.patients) == 300 and len(full.encounters) == 1500
    assert {e.coding_status for e in full.encounters} == set(CodingStatus)
    statuses = {c.status for c in full.claims}
    required = {ClaimStatus.DRAFT, ClaimStatus.READY, ClaimStatus.SUBMITTED,
                ClaimStatus.ACCEPTED, ClaimStatus.REJECTED, ClaimStatus.PAID, ClaimStatus.DENIED}
    assert required <= statuses
    assert any(c.responsibility == PolicyOrder.SECONDARY for c in full.claims)


def test_small_demo_has_every_coding_and_claim_state(small: PracticeDocument) -> None:
    assert {e.coding_status for e in small.encounters} == set(CodingStatus)
    assert {ClaimStatus.DRAFT, ClaimStatus.READY, ClaimStatus.SUBMITTED, ClaimStatus.ACCEPTED,
            ClaimStatus.REJECTED, ClaimStatus.PAID, ClaimStatus.DENIED} <= {
        c.status for c in small.claims}


def test_insurance_mix(full: PracticeDocument) -> None:
    files = full.patients
    assert any(len(f.policies) > 1 for f in files)
    dependents = [p for f in files for p in f.policies if p.relationship == Relationship.CHILD]
    assert dependents and all(p.subscriber is not None for p in dependents)
    assert all(p.subscriber.address == f.patient.address
               for f in files for p in f.policies if p.subscriber is not None)
    self_pay = sum(1 for f in files if not f.policies)
    assert 0.05 * len(files) <= self_pay <= 0.16 * len(files)
    assert any(f.eligibility_checks for f in files)
    assert any(f.prior_auths for f in files)


def test_no_date_in_the_future(full: PracticeDocument) -> None:
    days = [e.date_of_service for e in full.encounters]
    days += [c.created_on for c in full.claims]
    days += [c.submitted_on for c in full.claims if c.submitted_on]
    days += [e.posted_on for e in full.ledger]
    days += [c.checked_on for f in full.patients for c in f.eligibility_checks]
    days += [f.patient.birth_date for f in full.patients]
    assert max(days) <= TODAY
    assert all(e.date_of_service.weekday() < 5 for e in full.encounters)
    assert min(e.date_of_service for e in full.encounters) >= date(2026, 5, 1)


def test_claim_dates_follow_the_visit(full: PracticeDocument) -> None:
    visits = {e.id: e for e in full.encounters}
    for claim in full.claims:
        assert claim.created_on >= visits[claim.encounter_id].date_of_service
        if claim.submitted_on:
            assert claim.submitted_on >= claim.created_on
    assert len({c.control_number for c in full.claims}) == len(full.claims)
    assert all(len(c.control_number) <= 20 for c in full.claims)


def test_claims_use_the_patients_policy_in_force(full: PracticeDocument) -> None:
    visits = {e.id: e for e in full.encounters}
    policies = {p.id: (f.patient.id, p) for f in full.patients for p in f.policies}
    for claim in full.claims:
        patient_id, policy = policies[claim.policy_id]
        visit = visits[claim.encounter_id]
        assert visit.patient_id == patient_id
        seeded = claim.status_note.startswith("Corrected claim") or claim.payer_id == next(
            p.id for p in full.payers if p.is_self_pay)  # app/demo/problems.py mistakes
        assert (policy.payer_id == claim.payer_id or seeded)
        assert policy.order == claim.responsibility
        assert policy.covers(visit.date_of_service)
    self_pay_patients = {f.patient.id for f in full.patients if not f.policies}
    claimed = {visits[c.encounter_id].patient_id for c in full.claims}
    assert not self_pay_patients & claimed


def test_npis_are_synthetic_and_valid(full: PracticeDocument) -> None:
    npis = [full.practice.npi] + [p.npi for p in full.providers]
    assert len(set(npis)) == len(npis)
    for npi in npis:
        assert npi.startswith("99")
        assert check_npi(npi) is None


def test_claim_money_balances(full: PracticeDocument) -> None:
    by_claim = defaultdict(list)
    for entry in full.ledger:
        if entry.claim_id is not None:
            by_claim[entry.claim_id].append(entry)
    visits = {e.id: e for e in full.encounters}
    for claim in full.claims:
        amounts = claim_amounts(by_claim[claim.id])
        assert amounts.billed == (
            amounts.paid + amounts.adjusted + amounts.patient_responsibility + amounts.balance
        )
        if claim.responsibility == PolicyOrder.PRIMARY:
            assert amounts.billed == visits[claim.encounter_id].total_charge
        if claim.status in (ClaimStatus.PAID, ClaimStatus.CLOSED):
            assert amounts.balance == 0, claim.control_number
        if claim.status == ClaimStatus.PAID:  # a claim fully applied to the deductible pays 0
            assert amounts.paid + amounts.patient_responsibility > 0


def test_payer_charges_are_per_line(full: PracticeDocument) -> None:
    lines = {line.id: line for e in full.encounters for line in e.lines}
    assert len(lines) == sum(len(e.lines) for e in full.encounters)
    charges = [e for e in full.ledger if e.kind == EntryKind.CHARGE]
    assert all(e.line_id in lines and e.amount == lines[e.line_id].charge for e in charges)
    assert all(e.claim_id is None for e in charges if e.account == Account.PATIENT)


def test_patient_balances_never_negative(full: PracticeDocument) -> None:
    by_patient = defaultdict(list)
    for entry in full.ledger:
        by_patient[entry.patient_id].append(entry)
    assert all(patient_balance(entries) >= 0 for entries in by_patient.values())
    assert any(e.kind == EntryKind.PAYMENT and e.account == Account.PATIENT for e in full.ledger)


def test_money_is_decimal_cents(full: PracticeDocument) -> None:
    amounts = [e.amount for e in full.ledger] + [f.charge for f in full.fee_schedule]
    amounts += [c.allowed for c in full.contracts]
    amounts += [line.charge for e in full.encounters for line in e.lines]
    assert all(isinstance(a, Decimal) and a == a.quantize(CENT) and a >= 0 for a in amounts)


def test_coding_matches_status(full: PracticeDocument) -> None:
    from app.demo.problems import seeded_visits

    seeded = set(seeded_visits(full))
    for encounter in full.encounters:
        assert encounter.documentation.strip()
        if encounter.coding_status in (CodingStatus.CODED, CodingStatus.CORRECTION):
            assert encounter.diagnoses and encounter.lines
            for line in encounter.lines:
                assert max(line.pointers) <= len(encounter.diagnoses) or \
                    encounter.id in seeded  # the deliberate mistakes (app/demo/problems.py)
        else:
            assert not encounter.lines
        if encounter.coding_status in (CodingStatus.QUERY, CodingStatus.CORRECTION):
            assert encounter.coding_note
    corrections = [e for e in full.encounters if e.coding_status == CodingStatus.CORRECTION]
    assert all(re.search(r"CO-\d+|Rejected", e.coding_note) for e in corrections)


def test_notes_name_the_conditions(full: PracticeDocument) -> None:
    notes = [e.documentation for e in full.encounters]
    for phrase in ("CHIEF COMPLAINT:", "HPI:", "EXAM:", "ASSESSMENT/PLAN:"):
        assert all(phrase in note for note in notes)
    assert not any("{" in note or "[[" in note for note in notes)
    assert len(set(notes)) > 0.9 * len(notes)


def test_fee_schedule_and_contracts(full: PracticeDocument) -> None:
    assert len(full.fee_schedule) >= 30
    assert all(entry.label.strip() for entry in full.fee_schedule)
    fees = {f.code: f.charge for f in full.fee_schedule}
    billed = {line.code for e in full.encounters for line in e.lines}
    assert billed <= set(fees)
    insured = {p.id for p in full.payers if p.filing_indicator != FilingIndicator.SELF_PAY}
    assert {c.payer_id for c in full.contracts} == insured
    assert all(c.allowed <= fees[c.code] for c in full.contracts)


def test_demo_imports_only_the_domain() -> None:
    root = pathlib.Path(__file__).parents[2] / "app" / "demo"
    for path in root.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                name = node.module
            elif isinstance(node, ast.Import):
                name = node.names[0].name
            else:
                continue
            if name.startswith("app."):
                assert name.startswith(("app.domain", "app.demo")), (path.name, name)
            assert not name.startswith(("sqlalchemy", "PySide6", "uuid")), (path.name, name)
