"""Benchmark the code-set layer: ICD index build, search latency, NCCI PTP import throughput.

Run: ``.venv/bin/python bench/bench_codes.py`` (about a minute on a 2-core machine).
"""

from __future__ import annotations

import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.codesets import icd10_build, index_db, ncci_import  # noqa: E402
from app.services import codes  # noqa: E402

QUERIES = [
    "E11.65", "E1165", "I10", "J06.9", "S72.001A", "T36.0X1A", "M54.50", "Z00.00", "E11",
    "S72", "G0438", "J1100", "diab typ 2 hyperg", "type 2 diabetes", "diabetes", "hypertension",
    "heart attack", "high blood pressure", "sugar diabetes", "UTI", "pink eye", "chest pain",
    "low back pain", "otitis media", "acute sinusitis", "strep throat", "influenza",
    "pneumonia", "asthma exacerbation", "copd", "depression", "anxiety", "migraine",
    "fracture femur", "fracture", "fract rad", "sprain ankle", "laceration hand",
    "concussion", "urinary tract infection", "conjunctivitis", "hyperlipidemia",
    "hypothyroidism", "vitamin d deficiency", "obesity", "gerd", "abdominal pain",
    "headache", "dizziness", "fever", "cough", "rash", "annual physical", "well child",
    "flu shot", "pregnancy", "covid", "atrial fib", "heart failure", "kidney disease stage 3",
    "injection", "wellness visit", "nasal catarrh", "poisoning penicillin",
]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def bench_build(folder: Path) -> Path:
    db = folder / "codesets.sqlite3"
    target = index_db.icd_index_path(db)
    started = time.perf_counter()
    icd10_build.build_icd_index(target)
    elapsed = time.perf_counter() - started
    print(f"ICD index build: {elapsed:.2f} s, size {target.stat().st_size / 1e6:.1f} MB")
    return db


def bench_search(db: Path, rounds: int = 20) -> None:
    for query in QUERIES:
        codes.search(query, db=db)
    times = []
    for _ in range(rounds):
        for query in QUERIES:
            started = time.perf_counter()
            codes.search(query, db=db, limit=50)
            times.append((time.perf_counter() - started) * 1000)
    p50, p95 = statistics.median(times), percentile(times, 95)
    print(f"search: {len(QUERIES)} queries x {rounds}: p50 {p50:.2f} ms, p95 {p95:.2f} ms, "
          f"max {max(times):.2f} ms")
    like_times = bench_like(index_db.icd_index_path(db), rounds=3)
    like50, like95 = statistics.median(like_times), percentile(like_times, 95)
    print(f"plain LIKE '%word%' scan of icd_code: p50 {like50:.2f} ms, p95 {like95:.2f} ms; "
          f"ratio LIKE/search p50 {like50 / p50:.1f}x, p95 {like95 / p95:.1f}x")


def bench_like(icd: Path, rounds: int) -> list[float]:
    conn = sqlite3.connect(icd)
    times = []
    for _ in range(rounds):
        for query in QUERIES:
            words = query.lower().split()
            where = " AND ".join("description LIKE ?" for _ in words)
            sql = f"SELECT code, description FROM icd_code WHERE {where} LIMIT 50"
            started = time.perf_counter()
            conn.execute(sql, [f"%{w}%" for w in words]).fetchall()
            times.append((time.perf_counter() - started) * 1000)
    conn.close()
    return times


def write_ptp(path: Path, rows: int) -> None:
    rng = random.Random(7)
    rationales = ["Mutually exclusive procedures", "CMS manual coding instruction",
                  "Standards of medical / surgical practice", "HCPCS/CPT procedure code definition"]
    with path.open("w", encoding="latin-1", newline="") as handle:
        handle.write("notice\r\ntitle\r\nColumn 1\tColumn 2\r\n\t\r\n\t\r\n\t\r\n")
        col1 = 10000
        for i in range(rows):
            if i % 40 == 0:
                col1 += 1
            deletion = "*" if rng.random() < 0.8 else "20251231"
            handle.write(f"{col1:05d}\t{rng.randrange(10000, 99999):05d}\t\t20200101\t{deletion}"
                         f"\t{rng.choice('019')}\t{rng.choice(rationales)}\r\n")


def peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM; ru_maxrss inherits the forking parent's)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ptp_child(folder: str, trace: str) -> None:
    path = Path(folder) / "medicare-ncci-2026q3-practitioner-ptp-edits-ccipra-v322r0-f1.txt"
    db = Path(folder) / f"ptp-{trace}.sqlite3"
    if trace == "trace":
        tracemalloc.start()
    started = time.perf_counter()
    [result] = ncci_import.import_ncci_ptp(db, [path])
    elapsed = time.perf_counter() - started
    rss = peak_rss_mb()
    if trace == "trace":
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        print(f"  with tracemalloc: Python heap peak {peak:.1f} MB ({elapsed:.1f} s traced)")
    else:
        print(f"NCCI PTP import: {result.rows:,} rows in {elapsed:.2f} s = "
              f"{result.rows / elapsed:,.0f} rows/s; process peak RSS {rss:.0f} MB; "
              f"file {path.stat().st_size / 1e6:.0f} MB, db {db.stat().st_size / 1e6:.0f} MB")


def bench_ptp(folder: Path, rows: int = 1_000_000) -> None:
    path = folder / "medicare-ncci-2026q3-practitioner-ptp-edits-ccipra-v322r0-f1.txt"
    write_ptp(path, rows)
    for mode in ("plain", "trace"):
        subprocess.run([sys.executable, __file__, "--ptp-child", str(folder), mode], check=True)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--ptp-child":
        ptp_child(sys.argv[2], sys.argv[3])
        return
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = bench_build(folder)
        bench_search(db)
        bench_ptp(folder)


if __name__ == "__main__":
    main()
