"""Benchmark: build a 100,000-patient practice and measure patient search latency.

Usage: .venv/bin/python bench/bench_patients.py [--patients N] [--encounters N] [--db PATH]
Prints numbers; it is not a test.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from app.demo.generator import generate_demo
from app.services import patients, practice_io, workspace

QUERIES = ["smi", "john", "gar", "w", "lee ann", "mar", "a00012", "a0500", "ro", "tho",
           "ka", "nguy", "dav", "01/15/1980", "555", "brow", "will", "mil", "jon", "ha"]


def _time(fn, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn(*args)
    return result, (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--encounters", type=int, default=20_000)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "bench.sqlite3"
    path.unlink(missing_ok=True)
    db = workspace.open_database(path)
    doc, gen_ms = _time(lambda: generate_demo(patients=args.patients,
                                              encounters=args.encounters, seed=1))
    _, load_ms = _time(practice_io.import_document, db, doc)
    print(f"patients={args.patients:,} encounters={args.encounters:,} "
          f"claims={len(doc.claims):,} ledger={len(doc.ledger):,}")
    print(f"demo generation: {gen_ms / 1000:.1f} s; database load: {load_ms / 1000:.1f} s; "
          f"file size {path.stat().st_size / 1e6:.1f} MB")
    id_times, page_times = [], []
    for _ in range(3):
        for query in QUERIES:
            ids, ms = _time(patients.search_ids, db, query)
            id_times.append(ms)
            _, ms = _time(patients.rows, db, ids[:200])
            page_times.append(ms)
    everyone, all_ms = _time(patients.search_ids, db, "")
    _, sorted_ms = _time(patients.search_ids, db, "", "birth_date", True)
    print(f"search (id list) over {len(QUERIES)} queries x3: "
          f"p50 {statistics.median(id_times):.1f} ms, "
          f"p95 {statistics.quantiles(id_times, n=20)[18]:.1f} ms, max {max(id_times):.1f} ms")
    print(f"first page of 200 rows: p50 {statistics.median(page_times):.1f} ms, "
          f"p95 {statistics.quantiles(page_times, n=20)[18]:.1f} ms")
    print(f"all {len(everyone):,} ids by name: {all_ms:.0f} ms; "
          f"by birth date desc: {sorted_ms:.0f} ms")
    db.dispose()


if __name__ == "__main__":
    main()
