"""Benchmark: import N HL7 DFT^P03 messages (one visit each) into a practice of N patients.

Usage: .venv/bin/python bench/bench_intake.py [--messages N] [--fhir]
The patients are imported first (ADT), then the DFT file is timed: read, preview, commit.
With ``--fhir`` the timed file is a FHIR bulk export instead (a folder of NDJSON files, one
per resource type, N encounters with their patients, coverage, conditions and charges).
Prints numbers and peak RSS; it is not a test.
"""

from __future__ import annotations

import argparse
import json
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
    parser.add_argument("--fhir", action="store_true", help="time a FHIR bulk export")
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
    if args.fhir:
        dft = _bulk_export(folder / "bulk", persons, npi, payer)
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
    kind = "FHIR" if args.fhir else "DFT"
    print(f"{kind}: {len(result.encounter_ids):,} visits; read {read_s:.1f} s, preview "
          f"{preview_s:.1f} s, commit {commit_s:.1f} s, total {total:.1f} s (CPU {cpu_s:.1f} s); "
          f"peak RSS {rss:.0f} MB; {plan.counts()}")


def _bulk_export(folder: Path, persons: list[ehr_samples.SamplePerson], npi: str,
                 payer: str) -> Path:
    folder.mkdir()
    files: dict[str, list[str]] = {}
    for entry in ehr_samples.fhir_bundle(persons, npi, payer)["entry"]:  # type: ignore[union-attr]
        res = entry["resource"]
        files.setdefault(res["resourceType"], []).append(json.dumps(res))
    for kind, lines in files.items():
        (folder / f"{kind}.ndjson").write_text("\n".join(lines) + "\n")
    return folder


if __name__ == "__main__":
    main()
