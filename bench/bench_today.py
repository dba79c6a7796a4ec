"""Benchmark: Today, the dashboard and a KPI drill-down on 100,000 patients / 200,000 claims.

Usage: .venv/bin/python bench/bench_today.py [--db PATH] [--patients N] [--claims N]
A quick bulk generator writes the practice straight into a migrated database (plain sqlite3
``executemany``; the file is reused when it exists). Prints numbers; it is not a test.
Targets: Today < 0.5 s, dashboard < 0.5 s, KPI drill-down < 0.2 s.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from app.services import kpis, reports, today, workspace

TODAY = date.today()
STATUSES = (["paid"] * 80 + ["denied"] * 5 + ["submitted"] * 5 + ["rejected"] * 3
            + ["draft"] * 2 + ["ready"] * 2 + ["on_hold"] * 1 + ["appealed"] * 2)
NOW = datetime.now().isoformat(sep=" ")


class Writer:
    """executemany per table; NOT NULL columns not given get a neutral value."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.cols: dict[str, list[tuple[str, str, bool]]] = {}

    def _columns(self, table: str) -> list[tuple[str, str, bool]]:
        if table not in self.cols:
            self.cols[table] = [(r[1], r[2].upper(), bool(r[3]) and not r[5]) for r in
                                self.con.execute(f"PRAGMA table_info({table})")]
        return self.cols[table]

    def insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        cols = self._columns(table)
        names = [c[0] for c in cols if c[0] in rows[0] or c[2]]
        fill = {c[0]: _neutral(c[0], c[1]) for c in cols}
        sql = (f"INSERT INTO {table} ({', '.join(chr(34) + n + chr(34) for n in names)}) "
               f"VALUES ({', '.join('?' for _ in names)})")
        self.con.executemany(sql, [[r.get(n, fill[n]) for n in names] for r in rows])


def _neutral(name: str, kind: str) -> Any:
    if name == "version":
        return 1
    if "INT" in kind or "BOOL" in kind:
        return 0
    if kind == "DATE":
        return TODAY.isoformat()
    if kind == "DATETIME":
        return NOW
    return ""


def _setup(w: Writer) -> None:
    w.insert("practice", [{"id": 1, "legal_name": "Bench Practice", "npi": "1234567893",
                           "ein": "371234567"}])
    w.insert("providers", [{"id": i, "role": "rendering", "last_name": f"Doc{i}",
                            "first_name": "Pat", "npi": f"19876543{i:02d}"} for i in (1, 2, 3)])
    w.insert("payers", [{"id": i, "name": f"Payer {i}", "payer_id": f"P{i}",
                         "filing_indicator": "CI", "timely_filing_days": 90 + 60 * i}
                        for i in range(1, 6)])


def _patients(w: Writer, n: int) -> None:
    w.insert("patients", [{"id": i, "account_number": f"A{i:06d}", "last_name": f"Last{i % 997}",
                           "first_name": f"First{i}", "birth_date": "1970-01-01", "sex": "F",
                           "search_name": f"last{i % 997} first{i}"} for i in range(1, n + 1)])
    w.insert("policies", [{"id": i, "patient_id": i, "payer_id": 1 + i % 5, "order": "P",
                           "member_id": f"M{i}", "effective_date": "2020-01-01", "copay": 0}
                          for i in range(1, n + 1)])


def _claim(rng: random.Random, i: int, patients: int, out: dict[str, list[dict[str, Any]]]) -> None:
    pid = 1 + rng.randrange(patients)
    dos = TODAY - timedelta(days=rng.randrange(540))
    status = rng.choice(STATUSES)
    cents = rng.choice((4500, 9500, 14500, 21000, 31500))
    sub = None if status in ("draft", "ready", "on_hold") else dos + timedelta(rng.randrange(1, 8))
    out["encounters"].append({"id": i, "patient_id": pid, "date_of_service": dos.isoformat(),
                              "rendering_provider_id": 1 + i % 3, "coding_status": "coded"})
    out["service_lines"].append({"id": i, "encounter_id": i, "line_number": 1,
                                 "code": "99213", "charge": cents, "pointers": "1",
                                 "units_milli": 1000})
    out["claims"].append({"id": i, "encounter_id": i, "policy_id": pid, "payer_id": 1 + pid % 5,
                          "control_number": f"B{i:07d}", "status": status,
                          "frequency_code": "1", "responsibility": "P",
                          "created_on": dos.isoformat(),
                          "submitted_on": sub.isoformat() if sub else None})
    led = out["ledger_entries"]

    def entry(kind: str, account: str, amount: int, on: date, group: str | None = None,
              reason: str = "") -> None:
        led.append({"patient_id": pid, "encounter_id": i, "claim_id": i, "line_id": i,
                    "kind": kind, "account": account, "amount": amount,
                    "group_code": group, "reason_code": reason, "posted_on": on.isoformat(),
                    "created_at": NOW})

    entry("charge", "payer", cents, dos)
    if status in ("paid", "denied", "appealed") and sub is not None:
        paid_on = min(sub + timedelta(days=rng.randrange(10, 45)), TODAY)
        if status == "paid":
            paid = cents * 7 // 10
            pr = cents // 10 if i % 3 == 0 else 0
            entry("payment", "payer", paid - pr, paid_on)
            entry("adjustment", "payer", cents - paid, paid_on, "CO", "45")
            if pr:
                entry("transfer", "patient", pr, paid_on, "PR", "2")
                if i % 2:
                    entry("payment", "patient", pr, paid_on + timedelta(days=20))
        else:
            out["denials"].append({"claim_id": i, "group_code": "CO", "reason_code": "50",
                                   "amount": cents, "owner": "coding", "state": "open",
                                   "deadline": (paid_on + timedelta(days=90)).isoformat(),
                                   "created_at": f"{paid_on.isoformat()} 09:00:00"})
    if status == "rejected":
        out["claim_history"].append({"claim_id": i, "at": NOW, "from_status": "submitted",
                                     "to_status": "rejected", "reason": "999 rejected"})
    if status == "draft" or i % 50 == 0:
        out["findings"].append({"run_id": i, "at": NOW, "claim_id": i, "encounter_id": i,
                                "rule_id": "R1", "severity": "error", "owner": "coding",
                                "message": "bench"})


def build(path: Path, patients: int, claims: int) -> None:
    """Create the bench practice at ``path`` (migrated schema, then bulk rows)."""
    workspace.open_database(path).dispose()
    con = sqlite3.connect(path)
    w = Writer(con)
    _setup(w)
    _patients(w, patients)
    rng = random.Random(7)
    for start in range(1, claims + 1, 20_000):
        out: dict[str, list[dict[str, Any]]] = {k: [] for k in (
            "encounters", "service_lines", "claims", "ledger_entries", "denials",
            "claim_history", "findings")}
        for i in range(start, min(start + 20_000, claims + 1)):
            _claim(rng, i, patients, out)
        for table, rows in out.items():
            w.insert(table, rows)
    con.commit()
    con.execute("ANALYZE")
    con.close()


def _time(label: str, fn: Callable[[], Any], runs: int = 5) -> Any:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    print(f"{label}: median {statistics.median(times):.3f} s, min {min(times):.3f} s, "
          f"max {max(times):.3f} s ({runs} runs)")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=200_000)
    args = parser.parse_args()
    path = args.db or Path(tempfile.gettempdir()) / "bench_today.sqlite3"
    if not path.exists():
        start = time.perf_counter()
        build(path, args.patients, args.claims)
        print(f"built {args.patients:,} patients / {args.claims:,} claims in "
              f"{time.perf_counter() - start:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")
    db = workspace.open_database(path)
    items = _time("Today", lambda: today.today_items(db))
    print(f"  {len(items):,} items")
    period = kpis.default_period(TODAY)
    _time("Dashboard: 10 KPIs", lambda: kpis.all_kpis(db, period))
    _time("Dashboard: aging by payer", lambda: reports.aging(db, "payer"))
    _time("Dashboard: monthly trend", lambda: reports.monthly_trend(db))
    tile = kpis.denial_rate(db, period)
    _time(f"Drill-down: denial rate ({len(tile.claim_ids):,} claims, first "
          f"{kpis.DRILL_LIMIT})", lambda: (kpis.denial_rate(db, period),
                                           kpis.claims_behind(db, tile.claim_ids)))
    _time("Drill-down rows only", lambda: kpis.claims_behind(db, tile.claim_ids))
    db.dispose()


if __name__ == "__main__":
    main()
