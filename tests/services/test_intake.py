"""EHR import: CSV, HL7 v2 and FHIR doors into one engine; preview, all-or-nothing, idempotent."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.cli.main import main
from app.demo import ehr_samples
from app.domain.errors import ValidationFailed
from app.services import intake, settings
from app.services.workspace import open_database

TODAY = date(2026, 11, 23)


def _setup(db) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    npi = next(p.npi for p in settings.list_providers(db, "rendering"))
    payer = next(p.payer_id for p in settings.list_payers(db) if not p.is_self_pay)
    return npi, payer


def _counts(db) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from app.store import tables as t  # test-only peek at row counts

    with db.reading() as s:
        return tuple(s.scalar(select(func.count()).select_from(x))  # type: ignore[return-value]
                     for x in (t.PatientRow, t.PolicyRow, t.EncounterRow))


@pytest.mark.parametrize("kind", ["csv", "hl7", "fhir"])
def test_each_door_imports_then_reimport_creates_nothing(demo_db, tmp_path: Path, kind: str):
    npi, payer = _setup(demo_db)
    files = dict(zip(("csv", "hl7", "fhir"),
                     ehr_samples.write_samples(tmp_path / "s", npi, payer, TODAY), strict=True))
    before = _counts(demo_db)
    doc = intake.read_source(files[kind])
    plan = intake.preview(demo_db, doc)
    assert plan.ok, plan.problems
    assert plan.counts()["new_patients"] == 8 and plan.counts()["new_visits"] == 8
    assert _counts(demo_db) == before  # preview writes nothing
    result, _ = intake.commit(demo_db, doc)
    after = _counts(demo_db)
    assert after == (before[0] + 8, before[1] + 8, before[2] + 8)
    # the visits arrive in the coding queue with their codes and charges
    from app.services import encounters
    enc = encounters.get(demo_db, result.encounter_ids[0])
    assert enc.lines and enc.lines[0].charge > 0 and enc.diagnoses
    # the same file again (under another name too) creates nothing new
    copy = tmp_path / f"again{files[kind].suffix}"
    copy.write_bytes(files[kind].read_bytes())
    again = intake.preview(demo_db, intake.read_source(copy))
    assert again.counts()["new_patients"] == 0 and again.counts()["new_visits"] == 0
    assert len(again.skipped) == 8
    intake.commit(demo_db, intake.read_source(copy))
    assert _counts(demo_db) == after


def test_hl7_moved_patient_second_coverage_unknown_patient(demo_db, tmp_path: Path):
    npi, payer = _setup(demo_db)
    src = tmp_path / "a.hl7"
    src.write_text(ehr_samples.hl7_text(ehr_samples.people(2, 5, TODAY), npi, payer))
    intake.commit(demo_db, intake.read_source(src))
    p = ehr_samples.people(2, 5, TODAY)[0]
    # the move is sent after the registration (MSH-7): an older message would not apply
    moved = (f"MSH|^~\\&|SYNTH-EHR|CLINIC|CD|PR|20261123||ADT^A08|X1|P|2.5.1\r"
             f"PID|1||{p.mrn}^^^EHR^MR||{p.last}^{p.first}||{p.dob:%Y%m%d}|{p.sex}|||"
             f"1 NEW RD^^DECATUR^IL^62521\r"
             f"IN1|1|PLAN|{payer}|PAYER||||G2||||20260101|||||SEL|||||2" + "|" * 14 + "S999888\r"
             f"MSH|^~\\&|SYNTH-EHR|CLINIC|CD|PR|20261123||DFT^P03|X2|P|2.5.1\r"
             f"PID|1||NOBODY1^^^EHR^MR\rPV1|1|O|||||{npi}||||||||||||VX1\r"
             f"FT1|1|T9||20261101||CG|99213|||1|95.00\r")
    f2 = tmp_path / "b.hl7"
    f2.write_text(moved)
    plan = intake.preview(demo_db, intake.read_source(f2))
    assert [u.changed for u in plan.updated_patients] == [("address",)]
    assert len(plan.new_policies) == 1 and plan.new_policies[0][1].order.value == "S"
    # NOBODY1 has only a PID without a name: a patient with no name cannot be created
    assert not plan.ok
    assert any("PID" in pr.source and pr.field for pr in plan.problems)
    before = _counts(demo_db)
    with pytest.raises(ValidationFailed):
        intake.commit(demo_db, intake.read_source(f2))
    assert _counts(demo_db) == before  # all or nothing


def test_possible_match_is_a_question_never_a_merge(demo_db, tmp_path: Path):
    npi, payer = _setup(demo_db)
    from app.services import patients
    existing = patients.search(demo_db, "")[0]
    detail = patients.detail(demo_db, existing.id)
    pt = detail.patient
    src = tmp_path / "p.csv"
    src.write_text("MRN,Last Name,First Name,DOB,Sex,Address,City,State,Zip\n"
                   f"OTHER-77,{pt.last_name},{pt.first_name},{pt.birth_date:%m/%d/%Y},"
                   f"{pt.sex.value},1 A St,Springfield,IL,62701\n")
    plan = intake.preview(demo_db, intake.read_source(src))
    assert [q.candidate_ids for q in plan.questions] == [(existing.id,)]
    assert not plan.ok
    matched = intake.preview(demo_db, intake.read_source(src), {"OTHER-77": existing.id})
    assert matched.ok and not matched.new_patients
    new = intake.preview(demo_db, intake.read_source(src), {"OTHER-77": "new"})
    assert new.ok and len(new.new_patients) == 1


def test_malformed_inputs_are_located(demo_db, tmp_path: Path):
    bad_csv = tmp_path / "v.csv"
    bad_csv.write_text("MRN,Last Name,First Name,DOB,Date of Service,CPT,Charge\n"
                       "M1,Doe,Jane,13/45/1980,11/01/2026,99213,1e30\n")
    plan = intake.preview(demo_db, intake.read_source(bad_csv))
    fields = {(p.line, p.field) for p in plan.problems}
    assert (2, "birth_date") in fields and (2, "charge") in fields
    fhir = tmp_path / "b.json"
    fhir.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "p", "birthDate": "1980-02-31",
                      "identifier": [{"value": "M9"}]}}]}))
    plan = intake.preview(demo_db, intake.read_source(fhir))
    assert any(p.field == "$.entry[0].resource.birthDate" for p in plan.problems)
    hl7 = tmp_path / "m.hl7"
    hl7.write_text("MSH|^~\\&|A|B|C|D|20261101||ADT^A04|1|P|2.5\rPID|1||M5^^^A^MR||DOE^J||"
                   "19801301|F\r")
    plan = intake.preview(demo_db, intake.read_source(hl7))
    assert any(p.field == "PID-7" and "message 1" in p.source for p in plan.problems)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100000 + "]" * 100000)
    assert main(["import-visits", str(deep), "--db", str(demo_db.path)]) == 1


def test_cli_import_visits_and_init(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "new.sqlite3"
    assert main(["init", "--db", str(path), "--payers", "60054,87726", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["payers"] == 3
    assert main(["init", "--db", str(path)]) == 1  # never over an existing practice
    db = open_database(path)
    assert {p.payer_id for p in settings.list_payers(db)} == {"SELFPAY", "60054", "87726"}


def test_cli_dry_run_and_json(demo_db, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    npi, payer = _setup(demo_db)
    csv_file = ehr_samples.write_samples(tmp_path, npi, payer, TODAY)[0]
    before = _counts(demo_db)
    assert main(["import-visits", str(csv_file), "--dry-run", "--json",
                 "--db", str(demo_db.path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["new_visits"] == 8 and data["written"] is False
    assert _counts(demo_db) == before
    assert main(["import-visits", str(csv_file), "--db", str(demo_db.path)]) == 0
    assert _counts(demo_db)[2] == before[2] + 8
