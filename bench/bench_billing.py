"""Benchmark: scrub the demo claims, export 10,000 claims as 837P, post a 10,000-claim ERA.

Usage: .venv/bin/python bench/bench_billing.py [--claims 10000]
Prints numbers; it is not a test. Uses a throw-away data folder.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from datetime import datetime
from pathlib import Path

os.environ.setdefault("CLAIMDESK_DATA", tempfile.mkdtemp(prefix="cdbench-"))

from sqlalchemy import text  # noqa: E402

from app.demo.era import write_835  # noqa: E402
from app.services import batches, billing, codes, demo, remittances, workspace  # noqa: E402
from app.services.claim_data import claim_data_many  # noqa: E402


def _timed(label: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def _rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scrub_demo() -> None:
    db = workspace.open_database(Path(os.environ["CLAIMDESK_DATA"]) / "demo.sqlite3")
    demo.create_demo(db, force=True)
    codes.ensure_icd_index()
    results, _ = _timed("scrub all draft/ready demo claims", billing.scrub_claims, db)
    findings = sum(len(r.findings) for r in results)
    print(f"  {len(results)} claims scrubbed, {findings} findings")


def big_practice(claims: int) -> tuple[object, list[int]]:
    db = workspace.open_database(Path(os.environ["CLAIMDESK_DATA"]) / "big.sqlite3")
    _timed("create a large demo practice", demo.create_demo, db, patients=claims // 2,
           encounters=int(claims * 1.25), force=True)
    with db.engine.begin() as conn:  # type: ignore[attr-defined]
        ids = [r[0] for r in conn.execute(text(
            "SELECT id FROM claims WHERE responsibility = 'P' AND status != 'draft' "
            "ORDER BY id LIMIT :n"),
            {"n": claims})]
        conn.execute(text(f"UPDATE claims SET status = 'ready' WHERE id IN "
                          f"({','.join(map(str, ids))})"))
    return db, ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=10_000)
    args = parser.parse_args()
    scrub_demo()
    db, ids = big_practice(args.claims)
    out = Path(os.environ["CLAIMDESK_DATA"]) / "batch.txt"
    result, _ = _timed(f"export {len(ids):,} claims to 837P (no pyx12)", batches.export_837,
                       db, out, ids, validate=False, now=datetime(2026, 11, 23, 9, 0))
    print(f"  {result.claims:,} claims, {out.stat().st_size / 1e6:.1f} MB; "
          f"process peak RSS so far {_rss():.0f} MB")
    from app.x12.validate import validate_x12

    problems = _timed("pyx12 validation of that file", validate_x12, out.read_text(), "bench")
    print(f"  pyx12 problems: {len(problems)}")
    era = Path(os.environ["CLAIMDESK_DATA"]) / "era.835"
    era.write_text(write_835(claim_data_many(db, ids), trace="BENCH0001"))
    from app.x12.reader_835 import check_structure, split_segments

    text_835 = era.read_text()
    _timed("pyx12 pass over that ERA", check_structure, split_segments(text_835, "era"), "era")
    summary, _ = _timed(f"parse, balance and post an ERA for {len(ids):,} claims (no pyx12)",
                        remittances.import_835, db, era, validate_structure=False)
    print(f"  process peak RSS {_rss():.0f} MB")
    print(f"  matched {summary.claims_matched:,}, paid {summary.paid}, "
          f"exceptions {summary.exceptions}")


if __name__ == "__main__":
    main()
