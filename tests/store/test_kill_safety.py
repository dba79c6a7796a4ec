"""SIGKILL at any moment keeps every committed change, and database creation is atomic."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.store.database import Database
from app.store.schema_check import missing_triggers

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.subprocess

CREATE_AND_DIE = """
import os, signal, sys
import sqlite3.dbapi2 as driver
kill_at, seen = int(sys.argv[2]), [0]
real_connect = driver.connect
def connect(*args, **kwargs):
    conn = real_connect(*args, **kwargs)
    def trace(_statement):
        seen[0] += 1
        if seen[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
    conn.set_trace_callback(trace)
    return conn
driver.connect = connect
from app.store.database import Database
Database(sys.argv[1]).dispose()
print(seen[0])
"""

WRITER = """
import sys
from datetime import date
from pathlib import Path
from app.demo.era import write_835
from app.services import batches, claim_data, remittances
from app.services.workspace import open_database
from tests.builders import add_patient
db, folder = open_database(Path(sys.argv[1])), Path(sys.argv[2])
ready = batches.ready_claims(db)
half = len(ready) // 2
paid_batch, _ = batches.export_837(db, folder / "b1.txt", ready[:half], validate=False)
rejected_batch, _ = batches.export_837(db, folder / "b2.txt", ready[half:], validate=False)
era = folder / "era.835"
era.write_text(write_835(claim_data.claim_data_many(db, ready[:half])))
remittances.import_835(db, era, today=date(2026, 11, 23))
print("paid", *ready[:half], flush=True)
ack = folder / "ack.999"
from tests.services.ack_files import ack_999, envelope
batch_text = rejected_batch.file.read_text()
ack.write_text(envelope(batch_text, "FA", "005010X231A1",
                        ack_999(rejected_batch.gs06, [(rejected_batch.st02[0], "R")], "R")))
batches.import_ack(db, ack)
print("rejected", *ready[half:], flush=True)
n = 0
while True:
    n += 1
    add_patient(db, last="Kept", account=f"K{n:05d}")
    print("patient", f"K{n:05d}", flush=True)
"""

OPENER = """
import sqlite3, sys
while True:
    conn = sqlite3.connect(sys.argv[1])
    conn.execute("SELECT count(*) FROM patients").fetchone()
    conn.close()
"""


def _create(path: Path, kill_at: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", CREATE_AND_DIE, str(path), str(kill_at)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_kill_while_creating_a_database_leaves_it_recreatable(tmp_path: Path) -> None:
    out, _ = _create(tmp_path / "probe.sqlite3", 0).communicate(timeout=60)
    total = int(out)  # SQL statements a creation runs
    rng = random.Random(12)
    points = sorted({total // 3, total - 3, *rng.sample(range(2, total - 1), 2)})
    runs = {point: _create(tmp_path / f"killed-at-{point}.sqlite3", point) for point in points}
    for point, proc in runs.items():
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == -signal.SIGKILL, err
        db = Database(tmp_path / f"killed-at-{point}.sqlite3")  # opens: no half-built schema
        try:
            assert db.schema_revision() == db.head_revision(), point
            with db.engine.connect() as conn:
                assert missing_triggers(conn) == [], point
        finally:
            db.dispose()


def test_sigkill_of_a_writer_beside_an_opener_keeps_every_committed_change(
        demo_db_path: Path, tmp_path: Path) -> None:
    template = ROOT / "tests" / "x12" / "data" / "999_rejected.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(demo_db_path), str(tmp_path),
                               str(template)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    opener = subprocess.Popen([sys.executable, "-c", OPENER, str(demo_db_path)], cwd=ROOT,
                              env=env, stderr=subprocess.PIPE, text=True)
    committed: dict[str, list[str]] = {"paid": [], "rejected": [], "patient": []}
    try:
        assert writer.stdout is not None
        while len(committed["patient"]) < 25:
            line = writer.stdout.readline()
            assert line, writer.stderr.read() if writer.stderr else "writer ended"
            kind, *values = line.split()
            committed[kind] += values
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        committed["patient"] += [ln.split()[1] for ln in writer.stdout.read().splitlines()]
    finally:
        writer.kill()
        opener.kill()
        opener.communicate(timeout=30)
        writer.communicate(timeout=30)
    assert opener.returncode == -signal.SIGKILL  # the opener never failed on its own
    conn = sqlite3.connect(demo_db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        status = dict(conn.execute("SELECT id, status FROM claims").fetchall())
        assert {status[int(i)] for i in committed["paid"]} == {"paid"}
        assert {status[int(i)] for i in committed["rejected"]} == {"rejected"}
        accounts = {r[0] for r in conn.execute("SELECT account_number FROM patients")}
        assert set(committed["patient"]) <= accounts
    finally:
        conn.close()
