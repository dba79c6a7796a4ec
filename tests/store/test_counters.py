"""Control numbers: one atomic counter, safe between processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.store import repository as repo
from app.store.claim_source import next_control_number
from app.store.database import Database, UnitOfWork

ROOT = Path(__file__).resolve().parents[2]
TAKER = """
import sys
from app.store.claim_source import next_control_number
from app.store import repository as repo
from app.store.database import Database, UnitOfWork
db = Database(sys.argv[1])
sys.stdin.readline()  # start together
for _ in range(int(sys.argv[2])):
    with UnitOfWork(db) as uow:
        print(next_control_number(uow.session), repo.next_number(uow.session, "isa13"),
              flush=True)
        uow.commit()
db.dispose()
"""


def test_numbers_follow_each_other_and_survive_reopening(db: Database) -> None:
    with UnitOfWork(db) as uow:
        first = [next_control_number(uow.session) for _ in range(3)]
        uow.commit()
    with UnitOfWork(db) as uow:
        assert next_control_number(uow.session) == "C0000004"
        assert [repo.next_number(uow.session, "gs06", start=10) for _ in range(2)] == [10, 11]
        uow.commit()
    assert first == ["C0000001", "C0000002", "C0000003"]


def test_a_rolled_back_number_is_handed_out_again(db: Database) -> None:
    with pytest.raises(RuntimeError), UnitOfWork(db) as uow:
        next_control_number(uow.session)
        raise RuntimeError("crash")
    with UnitOfWork(db) as uow:
        assert next_control_number(uow.session) == "C0000001"


@pytest.mark.subprocess
def test_two_processes_taking_numbers_get_no_duplicates_and_no_errors(db_path: Path) -> None:
    per_process = 40
    procs = [subprocess.Popen([sys.executable, "-c", TAKER, str(db_path), str(per_process)],
                              cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = [proc.communicate(timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], [err for _, err in results]
    taken = [line.split() for out, _ in results for line in out.splitlines()]
    claims, isa = [t[0] for t in taken], [int(t[1]) for t in taken]
    assert len(taken) == 2 * per_process
    assert len(set(claims)) == len(claims) and len(set(isa)) == len(isa)
    assert sorted(isa) == list(range(1, 2 * per_process + 1))
