"""Benchmark: scrub the demo claims, export 10,000 claims as 837P, post a 10,000-claim ERA.

Usage: .venv/bin/python bench/bench_billing.py [--claims 10000] [--runs 3] [--no-pyx12]
Prints numbers; it is not a test. Uses a throw-away data folder.

Export and posting each run ``--runs`` times on a fresh copy of the same database; the
minimum and the median are printed, with a CPU calibration (a fixed pure-Python loop), because
this machine's speed varies from run to run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("CLAIMDESK_DATA", tempfile.mkdtemp(prefix="cdbench-"))

from sqlalchemy import text  # noqa: E402

from app.demo.era import write_835  # noqa: E402
from app.services import batches, billing, codes, demo, remittances, workspace  # noqa: E402
from app.services.claim_data import claim_data_many  # noqa: E402
from app.store.database import Database  # noqa: E402

DATA = Path(os.environ["CLAIMDESK_DATA"])


def _timed(label: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def _rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def calibration() -> float:
    """Seconds for ten million integer additions in a Python loop (machine speed)."""
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start


def scrub_demo() -> None:
    db = workspace.open_database(DATA / "demo.sqlite3")
    demo.create_demo(db, force=True)
    codes.ensure_icd_index()
    results, _ = _timed("scrub all draft/ready demo claims", billing.scrub_claims, db)
    findings = sum(len(r.findings) for r in results)
    print(f"  {len(results)} claims scrubbed, {findings} findings")


def big_practice(claims: int) -> tuple[Database, list[int]]:
    db = workspace.open_database(DATA / "big.sqlite3")
    _timed("create a large demo practice", demo.create_demo, db, patients=claims // 2,
           encounters=int(claims * 1.25), force=True)
    with db.engine.begin() as conn:
        ids = [r[0] for r in conn.execute(text(
            "SELECT id FROM claims WHERE responsibility = 'P' AND status != 'draft' "
            "ORDER BY id LIMIT :n"),
            {"n": claims})]
        conn.execute(text(f"UPDATE claims SET status = 'ready' WHERE id IN "
                          f"({','.join(map(str, ids))})"))
    return db, ids


def _fresh_copy(template: Path, run: int) -> Database:
    target = DATA / f"run{run}.sqlite3"
    shutil.copy(template, target)
    return workspace.open_database(target)


def _summary(label: str, times: list[float], target: float) -> None:
    verdict = "met" if min(times) < target else "not met"
    print(f"{label}: min {min(times):.2f} s, median {statistics.median(times):.2f} s over "
          f"{len(times)} runs ({', '.join(f'{t:.2f}' for t in times)}); "
          f"target {target:.0f} s: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-pyx12", action="store_true")
    args = parser.parse_args()
    print(f"CPU calibration (10M-add loop): {calibration():.2f} s")
    scrub_demo()
    db, ids = big_practice(args.claims)
    era = DATA / "era.835"
    era.write_text(write_835(claim_data_many(db, ids), trace="BENCH0001"))
    db.engine.dispose()
    template = DATA / "big.sqlite3"
    export_times, post_times = [], []
    out = DATA / "batch.txt"
    for run in range(args.runs):
        run_db = _fresh_copy(template, run)
        start = time.perf_counter()
        result, _ = batches.export_837(run_db, out, ids, validate=False,
                                       now=datetime(2026, 11, 23, 9, 0))
        export_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        summary, _ = remittances.import_835(run_db, era, validate_structure=False)
        post_times.append(time.perf_counter() - start)
        run_db.engine.dispose()
        print(f"  run {run + 1}: export {export_times[-1]:.2f} s, post {post_times[-1]:.2f} s "
              f"(CPU calibration now {calibration():.2f} s)")
    print(f"  837P: {result.claims:,} claims, {result.file.stat().st_size / 1e6:.1f} MB")
    _summary(f"export {len(ids):,} claims to 837P (no pyx12)", export_times, 3)
    print(f"  ERA: matched {summary.claims_matched:,}, paid {summary.paid}, exceptions "
          f"{summary.exceptions}, secondary claims built {len(summary.secondary_claims):,}")
    _summary(f"parse, balance and post an ERA for {len(ids):,} claims (no pyx12)",
             post_times, 5)
    print(f"process peak RSS {_rss():.0f} MB")
    if not args.no_pyx12:
        from app.x12.reader_835 import check_structure, split_segments
        from app.x12.validate import validate_x12

        problems = _timed("pyx12 validation of the 837P", validate_x12,
                          result.file.read_text(), "bench")
        print(f"  pyx12 problems: {len(problems)}")
        _timed("pyx12 pass over the ERA", check_structure,
               split_segments(era.read_text(), "era"), "era")


if __name__ == "__main__":
    main()
