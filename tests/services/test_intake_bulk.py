"""The import's fast paths store exactly what the slow, obvious paths store.

The bulk commit (one insert per table, ids handed out up front) against the ORM commit, and
the light HL7 reader against python-hl7, on the same synthetic files.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.demo import ehr_samples
from app.services import hl7_lite, intake, intake_hl7, settings
from app.services.workspace import open_database

TODAY = date(2026, 11, 23)
_TABLES = ("patients", "policies", "encounters", "diagnoses", "service_lines", "import_keys")
_CLOCKS = {"imported_at"}  # when the key was written: differs between any two runs


def _dump(db: Any) -> dict[str, Any]:
    from sqlalchemy import text  # test-only peek at the stored rows

    out: dict[str, Any] = {}
    with db.reading() as s:
        for table in _TABLES:
            rows = s.execute(text(f"SELECT * FROM {table} ORDER BY id")).mappings()
            out[table] = [{k: v for k, v in r.items() if k not in _CLOCKS} for r in rows]
        audit = s.execute(text("SELECT entity, entity_id, action, before_json, after_json "
                               "FROM audit_log ORDER BY id")).all()
    out["audit"] = sorted((e, i, a, b, json.dumps({k: v for k, v in json.loads(j).items()
                                                    if k not in _CLOCKS}, sort_keys=True)
                           if j else "") for e, i, a, b, j in audit)
    return out


def _import_all(db: Any, folder: Path, bulk: bool) -> None:
    npi = next(p.npi for p in settings.list_providers(db, "rendering"))
    payer = next(p.payer_id for p in settings.list_payers(db) if not p.is_self_pay)
    files = ehr_samples.write_samples(folder, npi, payer, TODAY)
    for path in files[:2]:  # CSV (patients, coverage, visits), then HL7 (updates, repeats)
        intake.commit(db, intake.read_source(path), bulk=bulk)


def test_bulk_commit_stores_the_same_rows_and_audit_rows_as_the_orm(
        demo_db_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "orm.sqlite3"
    copy.write_bytes(demo_db_path.read_bytes())
    dumps = []
    for path, bulk in ((demo_db_path, True), (copy, False)):
        db = open_database(path)
        try:
            before = len(_dump(db)["audit"])
            _import_all(db, tmp_path / f"s{bulk}", bulk)
            dumps.append(_dump(db))
            assert len(dumps[-1]["audit"]) > before + 30  # the import was audited
        finally:
            db.dispose()
    bulk_rows, orm_rows = dumps
    for table in (*_TABLES, "audit"):
        assert bulk_rows[table] == orm_rows[table], table


def _docs(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    fast = intake_hl7.read(path)
    with monkeypatch.context() as patch:
        patch.setattr(hl7_lite, "parse", lambda _body: None)  # every message via python-hl7
        slow = intake_hl7.read(path)
    return fast, slow


def test_light_hl7_reader_reads_what_python_hl7_reads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    persons = ehr_samples.people(6, 11, TODAY)
    odd = ("MSH|^~\\&|A|B|C|D|20261101||ADT^A04|9|P|2.5\r"
           "PID|1||M5^^^A^MR~OLD7^^^A^PI||DOE&VAN^JANE^Q||19801301|F|||1 A ST^^X^IL^6270\r"
           "IN1|1|P|BADPAYER\r"
           "MSH|^~\\&|A|B|C|D|20261101||DFT^P03|10|P|2.5\rPID|1||M5^^^A^MR\r"
           "FT1|1|T1||2026110|||99213^^CPT~X|||x|abc\rDG1|1||\r")
    src = tmp_path / "m.hl7"
    src.write_text(ehr_samples.hl7_text(persons, "1234567893", "P1") + "\r" + odd)
    fast, slow = _docs(src, monkeypatch)
    assert fast.patients and fast.visits and fast.problems
    assert fast == slow


def test_other_encoding_characters_go_to_python_hl7(tmp_path: Path) -> None:
    src = tmp_path / "o.hl7"
    src.write_text("MSH#:~\\&#A#B#C#D#20261101##ADT:A04#1#P#2.5\r"
                   "PID#1##M7:::A:MR##ROE:ANN##19800102#F\r")
    doc = intake_hl7.read(src)
    assert [(p.key, p.last_name, p.birth_date) for p in doc.patients] == [
        ("M7", "ROE", date(1980, 1, 2))]


@pytest.mark.parametrize("step", ["insert_keys", "insert_policies", "insert_visits"])
def test_a_failure_midway_through_the_bulk_commit_writes_nothing(
        demo_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    from app.store import intake_bulk

    npi = next(p.npi for p in settings.list_providers(demo_db, "rendering"))
    payer = next(p.payer_id for p in settings.list_payers(demo_db) if not p.is_self_pay)
    source = ehr_samples.write_samples(tmp_path / "s", npi, payer, TODAY)[0]
    before = _dump(demo_db)
    real = getattr(intake_bulk, step)

    def broken(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)  # the rows went in; then the disk fills
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(intake_bulk, step, broken)
    with pytest.raises(OSError):
        intake.commit(demo_db, intake.read_source(source))
    assert _dump(demo_db) == before
    monkeypatch.setattr(intake_bulk, step, real)
    result, _ = intake.commit(demo_db, intake.read_source(source))  # and then it works
    assert len(result.encounter_ids) == 8


def test_a_cancelled_commit_writes_nothing_and_reports_its_steps(
        demo_db: Any, tmp_path: Path) -> None:
    from app.domain.errors import Cancelled
    from app.domain.progress import CancelToken

    npi = next(p.npi for p in settings.list_providers(demo_db, "rendering"))
    payer = next(p.payer_id for p in settings.list_payers(demo_db) if not p.is_self_pay)
    source = ehr_samples.write_samples(tmp_path / "s", npi, payer, TODAY)[1]
    before = _dump(demo_db)
    token = CancelToken()
    steps: list[str] = []

    def progress(_done: int, _total: int, label: str) -> None:
        steps.append(label)
        if label == "Saving":
            token.cancel()  # the user pressed Cancel while the rows were being written

    with pytest.raises(Cancelled):
        intake.commit(demo_db, intake.read_source(source), progress=progress, cancel=token)
    assert _dump(demo_db) == before
    assert steps == ["Matching patients and visits", "Writing 8 visits", "Saving"]
