"""Benchmark the 835 reader on a synthetic remittance with 10,000 claims.

Times ``read_835(validate_structure=False)`` (split, parse, balance) and the pyx12 structure
pass separately, then measures peak traced memory (tracemalloc) of each in a second run.

Run: ``.venv/bin/python bench/bench_835.py [claims]`` (about 20-30 s for 10,000 claims).
"""

from __future__ import annotations

import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.x12.reader_835 import check_structure, read_835, split_segments  # noqa: E402

HEADER = [
    "ISA*00*          *00*          *ZZ*ACMEHEALTH     *ZZ*CLAIMDESK      *250201*1023*^*00501"
    "*000000777*0*T*:",
    "GS*HP*ACMEHEALTH*CLAIMDESK*20250201*1023*777*X*005010X221A1",
]


def amt(cents: int) -> str:
    return str(Decimal(cents) / 100)


def claim_segments(n: int, rng: random.Random) -> tuple[list[str], int]:
    """One claim with 1-4 lines: CO-45 on each line, sometimes PR-3 copay."""
    lines, claim_charge, claim_paid = [], 0, 0
    for i in range(rng.randint(1, 4)):
        charge = rng.randint(2_000, 40_000)
        co = rng.randint(0, charge // 3)
        pr = rng.choice([0, 0, 2_500]) if charge - co > 2_500 else 0
        paid = charge - co - pr
        lines += [f"SVC*HC:{99211 + i}*{amt(charge)}*{amt(paid)}**1", "DTM*472*20250110",
                  f"CAS*CO*45*{amt(co)}"] + ([f"CAS*PR*3*{amt(pr)}"] if pr else [])
        lines += [f"REF*6R*L{n}-{i}", f"AMT*B6*{amt(charge - co)}"]
        claim_charge, claim_paid = claim_charge + charge, claim_paid + paid
    head = [f"CLP*PCN{n:06d}*1*{amt(claim_charge)}*{amt(claim_paid)}**12*ICN{n:09d}*11*1",
            f"NM1*QC*1*DOE{n}*JANE****MI*M{n:09d}", "DTM*050*20250115"]
    return head + lines, claim_paid


def make_835(claims: int, seed: int = 7) -> str:
    """A one-ST check remittance with ``claims`` balanced claims."""
    rng = random.Random(seed)
    body: list[str] = []
    total = 0
    for n in range(claims):
        segments, paid = claim_segments(n, rng)
        body += segments
        total += paid
    header = [f"BPR*I*{amt(total)}*C*CHK************20250201", "TRN*1*CHK777*1512345678",
              "N1*PR*ACME HEALTH PLAN", "N3*500 INSURANCE PLAZA", "N4*CHICAGO*IL*60601",
              "PER*BL*PROVIDER SERVICES*TE*8005550199", "N1*PE*SUNRISE*XX*1234567893",
              "N3*100 MAIN ST", "N4*SPRINGFIELD*IL*627011234", "LX*1"]
    st = ["ST*835*0001", *header, *body]
    st.append(f"SE*{len(st) + 1}*0001")
    return "~\n".join([*HEADER, *st, "GE*1*777", "IEA*1*000000777"]) + "~\n"


def timed(label: str, func: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = func()
    print(f"{label:<42} {time.perf_counter() - start:8.2f} s")
    return result


def peak(label: str, func: Callable[[], Any]) -> None:
    tracemalloc.start()
    func()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<42} {top / 1e6:8.1f} MB")


def main() -> None:
    claims = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    text = make_835(claims)
    print(f"{claims} claims, {text.count('~')} segments, {len(text) / 1e6:.1f} MB of text")
    remits = timed("read_835 without pyx12 (split+parse+balance)",
                   lambda: read_835(text, "bench.835", validate_structure=False))
    assert len(remits[0].claims) == claims
    lexed = split_segments(text, "bench.835")
    problems = timed("pyx12 structure pass (check_structure)",
                     lambda: check_structure(lexed, "bench.835"))
    assert problems == [], problems[:3]
    timed("read_835 with pyx12 (full import check)", lambda: read_835(text, "bench.835"))
    peak("peak memory, read_835 without pyx12",
         lambda: read_835(text, "bench.835", validate_structure=False))
    peak("peak memory, pyx12 structure pass", lambda: check_structure(lexed, "bench.835"))


if __name__ == "__main__":
    main()
