"""Benchmark: import N HL7 DFT^P03 messages (one visit each) into a practice of N patients.

Usage: .venv/bin/python bench/bench_intake.py [--messages N]
The patients are imported first (ADT), then the DFT file is timed: read, preview, commit.
Prints numbers and peak RSS; it is not a test.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.demo import ehr_samples
from app.services import demo, intake, settings, workspace


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    db = workspace.open_database(folder / "bench.sqlite3")
    demo.create_demo(db, patients=20, encounters=20, seed=3, today=date(2026, 11, 23))
    npi = next(p.npi for p in settings.list_providers(db, "rendering"))
    payer = next(p.payer_id for p in settings.list_payers(db) if not p.is_self_pay)
    persons = ehr_samples.people(args.messages, 7, date(2026, 11, 23))
    text = ehr_samples.hl7_text(persons, npi, payer).split("\r\n")
    adt = folder / "adt.hl7"
    adt.write_text("\r\n".join(m for m in text if "ADT^A04" in m))
    dft = folder / "dft.hl7"
    dft.write_text("\r\n".join(m for m in text if "DFT^P03" in m))
    start = time.perf_counter()
    intake.commit(db, intake.read_source(adt))
    print(f"ADT: {args.messages:,} patients imported in {time.perf_counter() - start:.1f} s")
    start, cpu = time.perf_counter(), time.process_time()
    doc = intake.read_source(dft)
    read_s = time.perf_counter() - start
    plan = intake.preview(db, doc)
    preview_s = time.perf_counter() - start - read_s
    result, _ = intake.commit(db, doc)
    total = time.perf_counter() - start
    commit_s = total - read_s - preview_s
    cpu_s = time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"DFT: {len(result.encounter_ids):,} visits; read {read_s:.1f} s, preview "
          f"{preview_s:.1f} s, commit {commit_s:.1f} s, total {total:.1f} s (CPU {cpu_s:.1f} s); "
          f"peak RSS {rss:.0f} MB; problems {plan.counts()['problems']}")


if __name__ == "__main__":
    main()
