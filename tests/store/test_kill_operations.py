"""SIGKILL at random points of every recording operation: the database is before or after.

Each operation (export, posting, claim build, final statements, import-json) runs in a child
process that kills itself at seeded random SQL statements of the operation (a sqlite3 trace
callback: one anywhere, one inside its last write transaction), or just before its output
file is renamed into place (after the commit). The database must then be exactly the state
before or exactly the state after (row counts of every table, claim states, ledger sums,
counters), pass ``PRAGMA integrity_check``, show no final output file that is not recorded,
and one re-run must complete it; a second re-run records nothing new.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.services import batches, claim_data, practice_io
from app.services.workspace import open_database
from tests.store.kill_ops import NOW, OUTPUTS, TODAY, integrity, run, signature

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.subprocess

CHILD = """
import os, signal, sys
from pathlib import Path
import sqlite3.dbapi2 as driver
op, db_path, folder, kill_at = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
seen, started, begins = [0], [0], [0]
real_connect, real_replace = driver.connect, os.replace
def connect(*args, **kwargs):
    conn = real_connect(*args, **kwargs)
    def trace(statement):
        seen[0] += 1
        if statement.lstrip().upper().startswith("BEGIN"):
            begins[0] = seen[0]
        if kill_at > 0 and seen[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
    conn.set_trace_callback(trace)
    return conn
def replace(src, dst, *a, **kw):
    if kill_at == -1 and Path(dst).parent == folder:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(src, dst, *a, **kw)
driver.connect, os.replace = connect, replace
from app.services.workspace import open_database
from tests.store.kill_ops import run
db = open_database(db_path)
started[0] = seen[0]
run(op, db, folder)
if kill_at == -2:  # committed, the process dies before it closes anything
    os.kill(os.getpid(), signal.SIGKILL)
db.dispose()
print(started[0], seen[0], begins[0])
"""

def _child(op: str, db_path: Path, folder: Path, kill_at: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", CHILD, op, str(db_path), str(folder),
                             str(kill_at)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _prepare(op: str, demo_db_path: Path, empty: Path, folder: Path) -> Path:
    """The database the operation starts from (and its input files in ``folder``)."""
    folder.mkdir()
    if op == "import-json":
        db = open_database(demo_db_path)
        practice_io.export_json(db, folder / "practice.json")
        db.dispose()
        return empty
    if op == "build":
        db = open_database(demo_db_path)
        _add_insured_visits(db, 3)
        db.dispose()
    if op == "post":
        db = open_database(demo_db_path)
        ready = batches.ready_claims(db)
        batches.export_837(db, folder / "sent.txt", ready, validate=False, now=NOW)
        from app.demo.era import write_835

        (folder / "era.835").write_text(write_835(claim_data.claim_data_many(db, ready)))
        db.dispose()
    return demo_db_path


def _add_insured_visits(db: Any, count: int) -> None:
    """Coded visits of insured patients without a claim (what a claim build picks up)."""
    from datetime import timedelta
    from decimal import Decimal

    from app.services import encounters, settings
    from tests import builders
    from tests.scrub.fakes import FakeFacts

    payer = next(p for p in settings.list_payers(db) if not p.is_self_pay)
    provider = settings.list_providers(db)[0]
    for n in range(count):
        patient = builders.add_patient(db, last=f"Killbuild{n}", first="Kim",
                                       account=f"KB{n:04d}")
        builders.add_policy(db, patient.id, payer.id, member_id=f"KB{n:08d}")
        enc, _ = encounters.save(db, {
            "patient_id": patient.id, "date_of_service": TODAY - timedelta(days=3 + n),
            "rendering_provider_id": provider.id, "diagnoses": ("J06.9",),
            "lines": [{"line_number": 1, "code": "99213", "charge": Decimal("125.00"),
                       "pointers": (1,)}]})
        facts = FakeFacts()
        warnings = {(f.rule_id, f.location): "reviewed" for f in encounters.check_saved(
            db, enc.id, facts=facts, today=TODAY) if f.severity == "warning"}
        encounters.mark_coded(db, enc.id, accepted=warnings, facts=facts, today=TODAY)


def _copy_case(start: Path, inputs: Path, case: Path) -> tuple[Path, Path]:
    shutil.copytree(inputs, case)
    return Path(shutil.copyfile(start, case / "practice.sqlite3")), case


def _rerun(op: str, db_path: Path, folder: Path) -> None:
    db = open_database(db_path)
    try:
        run(op, db, folder)
    finally:
        db.dispose()
    if op == "export":  # a batch recorded but killed before its rename gets its file back
        db = open_database(db_path)
        try:
            batches.recover_missing_files(db)
        finally:
            db.dispose()


def _check_outputs(op: str, folder: Path, state: str) -> None:
    """A final output file exists only if the run was recorded."""
    for name in OUTPUTS.get(op, ()):
        if state == "before":
            assert not (folder / name).exists(), f"{op}: {name} written but not recorded"


@pytest.mark.parametrize("op", ["export", "post", "build", "statements", "import-json"])
def test_a_kill_at_any_point_leaves_before_or_after_and_a_rerun_completes_once(
        op: str, demo_db_path: Path, db_path: Path, tmp_path: Path) -> None:
    start = _prepare(op, demo_db_path, db_path, tmp_path / "inputs")
    before = signature(start)
    probe_db, probe_dir = _copy_case(start, tmp_path / "inputs", tmp_path / "probe")
    probe = _child(op, probe_db, probe_dir, 0)
    out, err = probe.communicate(timeout=120)
    assert probe.returncode == 0, err
    first, total, begin = (int(n) for n in out.split())  # begin: of the last write
    after = signature(probe_db)
    assert after != before, f"{op} changed nothing"
    rng = random.Random(f"kill-{op}")
    points = sorted({rng.randrange(first + 1, total + 1),  # anywhere in the operation
                     rng.randrange(max(begin, first) + 1, total + 1)})  # in its write
    points += [-1] if op in OUTPUTS else [-2]  # after the commit (before the rename)
    cases: dict[int, tuple[Path, Path, subprocess.Popen[str]]] = {}
    for point in points:
        path, folder = _copy_case(start, tmp_path / "inputs", tmp_path / f"kill{point}")
        cases[point] = (path, folder, _child(op, path, folder, point))
    seen: dict[str, int] = {}
    for point, (path, folder, proc) in cases.items():
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == -signal.SIGKILL, (point, err)
        assert integrity(path) == "ok", point
        state = _which(signature(path), before, after, f"{op} killed at {point}")
        seen[state] = seen.get(state, 0) + 1
        _check_outputs(op, folder, state)
        _rerun(op, path, folder)
        assert signature(path) == after, f"{op} killed at {point}: re-run did not complete"
        if len(seen) == 1 and sum(seen.values()) == 1:  # once per operation: time is short
            _rerun(op, path, folder)
            assert signature(path) == after, f"{op} killed at {point}: second re-run recorded"
        for name in OUTPUTS.get(op, ()):
            assert (folder / name).exists(), (point, name)
    print(f"{op}: statements {first}-{total} (last write from {begin}), killed at {points}: "
          f"{seen}")  # shown with -s
    assert seen.get("after"), f"{op}: the kill after the commit kept the record"


def _which(state: dict[str, Any], before: dict[str, Any], after: dict[str, Any],
           where: str) -> str:
    if state == before:
        return "before"
    if state == after:
        return "after"
    diff = sorted(k for k in state if state[k] not in (before.get(k), after.get(k)))
    raise AssertionError(f"{where}: neither before nor after ({diff})")
