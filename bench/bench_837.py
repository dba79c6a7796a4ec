"""Benchmark: write 10,000 synthetic claims as one 837P, then validate it with pyx12.

Usage: .venv/bin/python bench/bench_837.py [--claims N] [--no-validate]
Prints numbers; it is not a test. Target: write_837 under 3 s for 10,000 claims.
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc
from datetime import date, datetime, timedelta
from decimal import Decimal

from app.domain.practice import Address
from app.domain.submission import (
    BillingProviderData,
    ClaimData,
    ClaimLineData,
    PatientData,
    PayerData,
    PersonName,
    ProviderData,
    SubscriberData,
)
from app.x12.checks_837 import check_claims
from app.x12.envelope import Envelope
from app.x12.validate import validate_x12
from app.x12.writer_837 import write_837

LAST = ["Smith", "García", "O'Brien", "Nguyen", "Peña", "Johnson Jr.", "Lee", "Müller"]
FIRST = ["Ana", "José", "Mary-Kate", "Liam", "Zoë", "Robert", "Emma", "Noah"]
DX = ["J06.9", "R05.1", "R50.9", "J02.9", "E11.9", "I10", "M54.50", "E78.5"]
CODES = [("99213", "110.00"), ("99214", "150.00"), ("36415", "10.00"), ("96372", "45.00")]


def synthetic_claims(count: int, seed: int = 7) -> list[ClaimData]:
    rng = random.Random(seed)
    billing = BillingProviderData(
        name="Sunrise Family Medicine", npi="1234567893", ein="371234567",
        taxonomy="207Q00000X",
        address=Address(street1="100 Main St", city="Springfield", state="IL", zip="627011234"))
    payers = [PayerData(name=f"Payer {n}", payer_id=f"{10000 + n}") for n in range(5)]
    rendering = ProviderData(name=PersonName(last="Jones", first="Sarah"), npi="1987654328")
    claims = []
    for n in range(count):
        name = PersonName(last=rng.choice(LAST), first=rng.choice(FIRST))
        home = Address(street1=f"{n} Oak Ave", city="Springfield", state="IL", zip="62704")
        dob = date(1950, 1, 1) + timedelta(days=rng.randrange(25000))
        dos = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
        dx = tuple(rng.sample(DX, 3))
        lines = tuple(ClaimLineData(
            line_number=i, code=code, charge=Decimal(charge), pointers=(1, 2),
            date_from=dos, line_control_number=f"C{n:07d}-{i}")
            for i, (code, charge) in enumerate(rng.sample(CODES, 2), start=1))
        claims.append(ClaimData(
            claim_id=n, control_number=f"C{n:07d}", diagnoses=dx, billing=billing,
            payer=rng.choice(payers), rendering=rendering, lines=lines,
            subscriber=SubscriberData(name=name, member_id=f"M{n:09d}", group_number="G1"),
            patient=PatientData(name=name, birth_date=dob, sex=rng.choice("FM"), address=home)))
    return claims


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--no-validate", action="store_true")
    args = parser.parse_args()
    env = Envelope(isa13=1, gs06=1, sender_id="CLAIMDESK", receiver_id="DEMOCLEARING",
                   created=datetime(2025, 11, 1, 9, 0), submitter_name="Sunrise",
                   contact_name="Billing", contact_phone="2175550100",
                   receiver_name="Demo Clearinghouse")
    start = time.perf_counter()
    claims = synthetic_claims(args.claims)
    build_s = time.perf_counter() - start

    start = time.perf_counter()
    problems = check_claims(claims, today=date(2026, 1, 1))
    check_s = time.perf_counter() - start

    start = time.perf_counter()
    text = write_837(claims, env)
    write_s = time.perf_counter() - start

    tracemalloc.start()  # a second run: tracing slows Python several times over
    write_837(claims, env)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"claims: {args.claims:,}  build ClaimData: {build_s:.2f} s")
    print(f"check_claims: {check_s:.2f} s  problems: {len(problems)}")
    print(f"write_837: {write_s:.2f} s  size: {len(text) / 1e6:.1f} MB  "
          f"segments: {text.count('~'):,}")
    print(f"peak traced memory while writing (tracemalloc, separate run): {peak / 1e6:.1f} MB")
    if not args.no_validate:
        start = time.perf_counter()
        found = validate_x12(text, "bench.837")
        print(f"validate_x12 (pyx12): {time.perf_counter() - start:.2f} s  "
              f"problems: {len(found)}")


if __name__ == "__main__":
    main()
