"""Billing test data (fixtures shared by the billing and printing UI tests) and query tests.

``billing_db`` is the demo practice when the demo generator exists; otherwise a small practice
built from user actions: coded visits, claims built and scrubbed, two visits left coded without
a claim (for "build all coded"), one payer on paper.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from app import paths
from app.domain.claims import ClaimStatus
from app.services import billing, claim_queries, claims, encounters, patients, printing, settings
from app.services.claim_queries import ClaimFilter
from tests import builders
from tests.ui.conftest import demo_available

TODAY = date.today()
DX = ("J06.9", "E11.9", "I10", "M54.50", "R05.9")
CODES = (("99213", Decimal("125.00")), ("99214", Decimal("185.00")),
         ("36415", Decimal("18.00")), ("81002", Decimal("12.00")))


def add_coded_visit(db: Any, patient_id: int, provider_id: int, n: int,
                    days_ago: int | None = None) -> int:
    """A coded office visit with one or two lines (``n`` varies codes and dates)."""
    lines = [{"line_number": 1, "code": CODES[n % 2][0], "charge": CODES[n % 2][1],
              "pointers": (1,)}]
    if n % 3 == 0:
        lines.append({"line_number": 2, "code": CODES[2 + n % 2][0],
                      "charge": CODES[2 + n % 2][1], "pointers": (1,)})
    dos = TODAY - timedelta(days=days_ago if days_ago is not None else 7 * (n % 10) + 3)
    enc, _ = encounters.save(db, {
        "patient_id": patient_id, "date_of_service": dos, "rendering_provider_id": provider_id,
        "diagnoses": (DX[n % len(DX)],), "lines": lines})
    warnings = {(f.rule_id, f.location): "reviewed" for f in encounters.check_saved(db, enc.id)
                if f.severity == "warning"}
    encounters.mark_coded(db, enc.id, accepted=warnings)
    return int(enc.id)


def build_practice(db: Any, count: int = 14) -> dict[str, Any]:
    """Practice, two payers (one on paper), two providers, coded visits, claims.

    Two self-pay visits are charged to the patients (statements). Insured visits 0-11 get
    claims: eligibility is recorded for all but every fifth patient (those claims stay draft
    with a warning); visit 4 is past Acme's 90-day filing limit (an error); ready claims to the
    paper payer among visits 0-5 are printed (submitted). Visits 12-13 are coded without a
    claim.
    """
    builders.set_up_practice(db)
    acme = builders.add_payer(db, timely_filing_days=90)
    blue = builders.add_payer(db, "Blue Paper Plan", "BLUE1", filing_indicator="BL",
                              submission="paper")
    jones = builders.add_provider(db)
    lee = builders.add_provider(db, "1245319599", last_name="Lee", first_name="Ann")
    visits = []
    for n in range(count):
        patient = builders.add_patient(db, last=f"Pat{n:02d}", first="Test", account=f"B{n:04d}")
        policy = builders.add_policy(db, patient.id, (blue if n % 3 == 0 else acme).id,
                                     member_id=f"M{n:08d}")
        enc = add_coded_visit(db, patient.id, (jones if n % 2 else lee).id, n,
                              days_ago=100 if n == 4 else None)
        if n % 5 != 2:
            patients.add_eligibility_check(db, {
                "policy_id": policy.id, "status": "active",
                "checked_on": encounters.get(db, enc).date_of_service})
        visits.append(enc)
    for n in range(2):  # self-pay visits: charged to the patient, so statements have money
        patient = builders.add_patient(db, last=f"Self{n}", first="Pay", account=f"S{n:04d}")
        visits.insert(0, add_coded_visit(db, patient.id, jones.id, n, days_ago=40 + 30 * n))
    built, _ = billing.build_claims(db, visits[:-2])
    ready = [c for c in built.claims[:6] if claims.get_claim(db, c)[0].status == "ready"]
    paper = [c for c in ready if claims.get_claim(db, c)[0].payer_id == blue.id]
    printing.print_claims(db, paper, paths.exports_dir() / "setup.pdf")
    return {"acme": acme, "blue": blue, "jones": jones, "lee": lee, "unbuilt": visits[-2:]}


@pytest.fixture
def billing_db(request: pytest.FixtureRequest, codesets: Any) -> Any:
    """A practice with claims in several statuses (demo practice when available)."""
    if demo_available():
        db = request.getfixturevalue("demo_db")
        billing.scrub_claims(db)  # the demo's open claims get findings
        return db
    db = request.getfixturevalue("db")
    build_practice(db)
    return db


def add_unbuilt_visit(db: Any) -> int:
    """A new insured patient's coded visit without a claim (no eligibility check on file)."""
    payer = next(p for p in settings.list_payers(db) if not p.is_self_pay)
    provider = settings.list_providers(db)[0]
    patient = builders.add_patient(db, last="Newvisit", first="Nora", account="NV0001")
    builders.add_policy(db, patient.id, payer.id, member_id="NV12345678")
    return add_coded_visit(db, patient.id, provider.id, 1)


def settle(widget: Any) -> None:
    """Finish jobs, close the widget and collect its Python cycles on the GUI thread.

    Otherwise a later garbage collection on a worker thread may delete Qt objects there.
    """
    import gc

    from PySide6.QtCore import QCoreApplication

    from app.ui import jobs

    jobs.wait_idle()
    widget.close()
    widget.deleteLater()
    QCoreApplication.processEvents()
    gc.collect()


def claim_in(db: Any, *statuses: ClaimStatus) -> int:
    """The id of some claim in one of ``statuses`` (fails the test when there is none)."""
    for row in claims.list_claims(db):
        if row.status in statuses:
            return row.id
    pytest.fail(f"no claim in {statuses}")


# query tests (no Qt) -----------------------------------------------------------------------
def _sum(rows: list[Any], key: str) -> Decimal:
    return sum((getattr(r, key) for r in rows), Decimal("0.00"))


def test_filters_change_the_set_and_totals_match(billing_db: Any) -> None:
    everything = claim_queries.claim_ids(billing_db, ClaimFilter())
    assert len(everything) == len(claims.list_claims(billing_db))
    for filt in (ClaimFilter(status="ready"), ClaimFilter(status="draft"),
                 ClaimFilter(has_errors=True), ClaimFilter(has_errors=False),
                 ClaimFilter(max_days_left=60), ClaimFilter(dos_from=TODAY - timedelta(30))):
        ids = claim_queries.claim_ids(billing_db, filt)
        rows = claim_queries.claim_rows(billing_db, ids)
        totals = claim_queries.claim_totals(billing_db, filt)
        assert totals.count == len(ids) == len(rows)
        for key in ("billed", "paid", "adjusted", "patient_responsibility", "balance"):
            assert getattr(totals, key) == _sum(rows, key), (filt, key)
    errors = set(claim_queries.claim_ids(billing_db, ClaimFilter(has_errors=True)))
    clean = set(claim_queries.claim_ids(billing_db, ClaimFilter(has_errors=False)))
    assert errors.isdisjoint(clean) and errors | clean == set(everything)
    for row in claim_queries.claim_rows(billing_db, list(errors)):
        assert row.has_errors
        assert any(f.severity == "error" for f in billing.findings(billing_db, row.id))


def test_days_left_and_sorting(billing_db: Any) -> None:
    ids = claim_queries.claim_ids(billing_db, ClaimFilter(), sort="days_left", descending=False)
    rows = claim_queries.claim_rows(billing_db, ids)
    known = [r.days_left for r in rows if r.days_left is not None]
    assert known == sorted(known)
    for row in rows:
        ctx = claim_queries.claim_context(billing_db, row.id)
        if row.status in ("draft", "ready", "on_hold", "rejected"):
            assert row.days_left == claim_queries.days_left_to_file(
                ctx.timely_filing_days, row.date_of_service, TODAY)
        else:
            assert row.days_left is None
    limited = claim_queries.claim_rows(billing_db, claim_queries.claim_ids(
        billing_db, ClaimFilter(max_days_left=50)))
    assert all(r.days_left is not None and r.days_left <= 50 for r in limited)


def test_provider_and_payer_filters(billing_db: Any) -> None:
    providers = settings.list_providers(billing_db)
    payers = settings.list_payers(billing_db)  # the demo bills one claim to self-pay by mistake
    total = len(claim_queries.claim_ids(billing_db, ClaimFilter()))
    by_provider = sum(len(claim_queries.claim_ids(billing_db, ClaimFilter(provider_id=p.id)))
                      for p in providers)
    by_payer = sum(len(claim_queries.claim_ids(billing_db, ClaimFilter(payer_code=p.payer_id)))
                   for p in payers)
    assert by_provider == total == by_payer


def test_save_claim_header_checks_box_22(billing_db: Any) -> None:
    from app.domain.errors import UserError

    claim_id = claim_in(billing_db, ClaimStatus.DRAFT, ClaimStatus.READY)
    claim, _ = claims.get_claim(billing_db, claim_id)
    with pytest.raises(UserError):
        claim_queries.save_claim_header(billing_db, claim_id, claim.version, status_note="x",
                                        frequency_code="7", payer_claim_number="")
    claim_queries.save_claim_header(billing_db, claim_id, claim.version, status_note="checked",
                                    frequency_code="7", payer_claim_number="PCN123")
    saved, _ = claims.get_claim(billing_db, claim_id)
    assert (saved.status_note, saved.frequency_code, saved.payer_claim_number) == (
        "checked", "7", "PCN123")
