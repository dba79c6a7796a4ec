"""Build the whole synthetic demo practice as one ``PracticeDocument``."""

from __future__ import annotations

import random
from datetime import date, timedelta

from app.demo import catalog
from app.demo.auths import AuthBook
from app.demo.billing import Biller
from app.demo.encounters import EncounterFactory, Visit, service_dates
from app.demo.ids import IdSource
from app.demo.people import PatientPlan, add_eligibility, build_patients
from app.demo.problems import seed_problems
from app.demo.sent import with_sent_claims
from app.domain.document import PatientFile, PracticeDocument
from app.domain.practice import Provider

PROVIDER_COUNT = len(catalog.PROVIDER_SPECS)


def generate_demo(
    *, patients: int = 300, encounters: int = 1500, seed: int = 7, today: date | None = None
) -> PracticeDocument:
    """A repeatable, entirely synthetic family-medicine practice.

    The same arguments always give the same document. Encounters fall on weekdays in the six
    months up to ``today``; the newest are still uncoded, older ones carry claims in every
    status with payments, adjustments and patient payments on the ledger.

    Args:
        patients: how many patients (at least 1).
        encounters: how many visits.
        seed: the random seed.
        today: the demo's current date (defaults to the real today).

    Raises:
        ValueError: ``patients`` is less than 1 or ``encounters`` is negative.
    """
    if patients < 1 or encounters < 0:
        raise ValueError("the demo needs at least one patient and no negative encounter count")
    today = today or date.today()
    rng, ids = random.Random(seed), IdSource()
    npis = catalog.demo_npis(rng, PROVIDER_COUNT + 1)
    providers = catalog.build_providers(npis[1:])
    plans = build_patients(rng, patients, today, ids)
    visits = _visits(rng, plans, providers, encounters, today, ids)
    biller = Biller(rng, today, ids, catalog.allowed_table())
    for visit in visits:
        biller.bill(visit)
    effective = date(today.year, 1, 1)
    return with_sent_claims(seed_problems(PracticeDocument(
        practice=catalog.build_practice(npis[0]),
        clearinghouse=catalog.build_clearinghouse(),
        providers=tuple(providers),
        payers=tuple(catalog.build_payers()),
        patients=tuple(_patient_file(plan) for plan in plans),
        encounters=tuple(visit.encounter for visit in visits),
        claims=tuple(biller.claims),
        ledger=tuple(biller.book.build()),
        fee_schedule=tuple(catalog.build_fee_schedule(effective)),
        contracts=tuple(catalog.build_contracts(effective)),
    )))


def _visits(
    rng: random.Random, plans: list[PatientPlan], providers: list[Provider], count: int,
    today: date, ids: IdSource,
) -> list[Visit]:
    """Encounters in date order, then the prior authorizations and eligibility checks."""
    auths = AuthBook(rng, ids, today)
    factory = EncounterFactory(rng, plans, providers, catalog.fee_table(), ids, auths, today)
    visits = factory.build_all(service_dates(rng, count, today))
    auths.attach()
    last_visit: dict[int, date] = {}
    for visit in visits:
        last_visit[visit.encounter.patient_id] = visit.encounter.date_of_service
    for plan in plans:
        day = last_visit.get(plan.patient.id or 0)
        if day is None and rng.random() < 0.1:
            day = today - timedelta(days=rng.randrange(1, 60))
        if day is not None and rng.random() < 0.6:
            add_eligibility(rng, plan, day, ids)
    return visits


def _patient_file(plan: PatientPlan) -> PatientFile:
    return PatientFile(
        patient=plan.patient, policies=tuple(plan.policies),
        eligibility_checks=tuple(plan.checks), prior_auths=tuple(plan.auths),
    )
