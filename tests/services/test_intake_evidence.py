"""EHR import evidence: out-of-order and malformed HL7, a FHIR bulk export, an Excel file."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.demo import ehr_samples
from app.domain.errors import ValidationFailed
from app.services import encounters, intake, patients, settings

TODAY = date(2026, 11, 23)


def _refs(db: Any) -> tuple[str, str]:
    npi = next(p.npi for p in settings.list_providers(db, "rendering"))
    payer = next(p.payer_id for p in settings.list_payers(db) if not p.is_self_pay)
    return npi, payer


def _adt(event: str, stamp: str, control: str, street: str) -> str:
    return (f"MSH|^~\\&|SYNTH-EHR|CLINIC|CD|PR|{stamp}||ADT^{event}|{control}|P|2.5.1\r"
            f"EVN|{event}|{stamp}\r"
            f"PID|1||OOO-1^^^EHR^MR||TANAGER^IRIS||19850607|F|||{street}^^SPRINGFIELD^IL^62704"
            "||2175550199\r")


def _address_of(db: Any, account: str) -> str:
    row = next(r for r in patients.search(db, "TANAGER") if r.account_number == account)
    return patients.detail(db, row.id).patient.address.street1


def test_an_update_arriving_before_the_registration_still_wins(
        demo_db: Any, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    # the A08 (newer, MSH-7 on the 21st) is first in the folder, the A04 (20th) after it
    (folder / "1-update.hl7").write_text(_adt("A08", "202611210900", "U1", "9 NEW RD"))
    (folder / "2-register.hl7").write_text(_adt("A04", "202611200900", "R1", "1 OLD RD"))
    plan = intake.preview(demo_db, intake.read_source(folder))
    assert plan.ok and [p.patient.address.street1 for p in plan.new_patients] == ["9 NEW RD"]
    intake.commit(demo_db, intake.read_source(folder))
    assert _address_of(demo_db, "OOO-1") == "9 NEW RD"
    # one file, same two messages in the wrong order: the same outcome; nothing new
    both = tmp_path / "both.hl7"
    both.write_text(_adt("A08", "202611210900", "U1", "9 NEW RD") + "\r" +
                    _adt("A04", "202611200900", "R1", "1 OLD RD"))
    again = intake.preview(demo_db, intake.read_source(both))
    assert again.counts()["new_patients"] == 0 and not again.updated_patients


def test_an_older_message_in_a_later_import_does_not_undo_a_newer_one(
        demo_db: Any, tmp_path: Path) -> None:
    update, register = tmp_path / "update.hl7", tmp_path / "register.hl7"
    update.write_text(_adt("A08", "202611210900", "U1", "9 NEW RD"))
    register.write_text(_adt("A04", "202611200900", "R1", "1 OLD RD"))
    intake.commit(demo_db, intake.read_source(update))  # the A08 came first, alone
    late = intake.preview(demo_db, intake.read_source(register))
    assert not late.updated_patients and late.counts()["unchanged_patients"] == 1
    assert [(p.field, p.severity) for p in late.problems] == [("MSH-7", "warning")]
    assert late.ok  # a warning: the import goes on (its visits and coverage would be added)
    intake.commit(demo_db, intake.read_source(register))
    assert _address_of(demo_db, "OOO-1") == "9 NEW RD"
    newer = tmp_path / "newer.hl7"
    newer.write_text(_adt("A08", "202611221000", "U2", "5 LAST AVE"))
    assert [u.changed for u in intake.preview(demo_db, intake.read_source(newer))
            .updated_patients] == [("address",)]
    intake.commit(demo_db, intake.read_source(newer))
    assert _address_of(demo_db, "OOO-1") == "5 LAST AVE"
    intake.commit(demo_db, intake.read_source(update))  # the 21st again: older now
    assert _address_of(demo_db, "OOO-1") == "5 LAST AVE"


def test_malformed_messages_are_each_located_and_nothing_is_written(
        demo_db: Any, tmp_path: Path) -> None:
    npi, payer = _refs(demo_db)
    good = ehr_samples.hl7_text(ehr_samples.people(2, 9, TODAY), npi, payer)
    bad = ("MSH|^~\\&|E|C|CD|PR|20261101||ADT^A04|B1|P|2.5.1\rEVN|A04\r"  # 5: no PID
           "MSH|^~\\&|E|C|CD|PR|20261101||DFT^P03|B2|P|2.5.1\r"  # 6: bad date, charge, code
           f"PID|1||EHR0900001^^^EHR^MR||X^Y||19900101|F\rPV1|1|O|||||{npi}\r"
           "FT1|1|T1||2026-13-45||CG|99213|||1|12,x\rFT1|2|T2||20261101||CG||||1|5\r"
           "MSH|^~\\&|E|C|CD|PR|20261101||ORU^R01|B3|P|2.5.1\r"  # 7: not imported (warning)
           "PID|1||EHR0900002^^^EHR^MR||X^Y||19900101|F\r"
           "MSH|^~\\&|E|C|CD|PR|20261101||ADT^A04|B4|P|2.5.1\r"  # 8: a bad birth date
           "PID|1||EHR0900009^^^EHR^MR||ROE^ANN||19901399|F\r"
           "garbage between messages\r")
    src = tmp_path / "mixed.hl7"
    src.write_text(good + "\r" + bad)
    plan = intake.preview(demo_db, intake.read_source(src))
    found = {(p.source.split(": ")[-1], p.field, p.severity) for p in plan.problems}
    assert ("message 5", "PID", "error") in found
    assert ("message 6, FT1 1", "FT1-4", "error") in found
    assert ("message 6, FT1 1", "FT1-11", "error") in found
    assert ("message 6, FT1 2", "FT1-7", "error") in found
    assert ("message 7", "MSH-9", "warning") in found
    assert ("message 8, PID", "PID-7", "error") in found
    assert all(p.source.startswith("mixed.hl7: message") for p in plan.problems)
    assert not any("ROE" in p.message or "ANN" in p.message for p in plan.problems)
    before = patients.search_ids(demo_db)
    with pytest.raises(ValidationFailed) as err:
        intake.commit(demo_db, intake.read_source(src))
    assert any(p.field == "FT1-7" for p in err.value.problems)
    assert patients.search_ids(demo_db) == before  # the good messages wait for the bad ones


def _bulk_export(folder: Path, npi: str, payer: str, count: int) -> None:
    bundle = ehr_samples.fhir_bundle(ehr_samples.people(count, 4, TODAY), npi, payer)
    by_type: dict[str, list[str]] = {}
    for entry in bundle["entry"]:  # type: ignore[union-attr]
        res = entry["resource"]
        by_type.setdefault(res["resourceType"], []).append(json.dumps(res))
    folder.mkdir()
    for kind, lines in by_type.items():
        (folder / f"{kind}.ndjson").write_text("\n".join(lines) + "\n")


def test_fhir_bulk_export_one_ndjson_file_per_type(demo_db: Any, tmp_path: Path) -> None:
    npi, payer = _refs(demo_db)
    export = tmp_path / "bulk"
    _bulk_export(export, npi, payer, 5)
    doc = intake.read_source(export)
    plan = intake.preview(demo_db, doc)
    assert plan.ok, plan.problems
    c = plan.counts()
    assert (c["new_patients"], c["new_policies"], c["new_visits"]) == (5, 5, 5)
    result, _ = intake.commit(demo_db, doc)
    enc = encounters.get(demo_db, result.encounter_ids[0])
    assert enc.lines and enc.diagnoses
    again = intake.preview(demo_db, intake.read_source(export))
    assert again.counts()["new_visits"] == 0 and len(again.skipped) == 5
    # a broken line names its file and line
    (export / "Patient.ndjson").write_text('{"resourceType": "Patient", "id": "z", '
                                           '"birthDate": "1980-02-31", "identifier": '
                                           '[{"value": "Z1"}]}\n')
    broken = intake.preview(demo_db, intake.read_source(export))
    assert any(p.field.startswith("Patient.ndjson: line 1: $.birthDate")
               for p in broken.problems), broken.problems


def test_excel_export_with_real_dates_and_numbers(demo_db: Any, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    npi, payer = _refs(demo_db)
    lines = ehr_samples.csv_text(ehr_samples.people(4, 6, TODAY), npi, payer).splitlines()
    book = openpyxl.Workbook()
    sheet = book.active
    header = lines[0].split(",")
    sheet.append(header)
    for line in lines[1:]:
        values: list[object] = line.split(",")
        for i, name in enumerate(header):  # Excel keeps dates and amounts as typed cells
            if name in ("DOB", "Date of Service"):
                values[i] = datetime.strptime(str(values[i]), "%m/%d/%Y")
            elif name == "Charge":
                values[i] = float(str(values[i]))
            elif name == "Units":
                values[i] = int(str(values[i]))
        sheet.append(values)
    path = tmp_path / "visits.xlsx"
    book.save(path)
    doc = intake.read_source(path)
    plan = intake.preview(demo_db, doc)
    assert plan.ok, plan.problems
    assert plan.counts()["new_patients"] == 4 and plan.counts()["new_visits"] == 4
    expected = [Decimal(line.split(",")[-1]) for line in lines[1:]]
    assert [v.encounter.lines[0].charge for v in plan.new_visits] == expected
    assert plan.new_patients[0].patient.birth_date == \
        datetime.strptime(lines[1].split(",")[3], "%m/%d/%Y").date()
    intake.commit(demo_db, doc)
    assert intake.preview(demo_db, intake.read_source(path)).counts()["new_visits"] == 0


def test_the_same_patients_through_another_door_are_not_changed_by_capitals(
        demo_db: Any, tmp_path: Path) -> None:
    npi, payer = _refs(demo_db)
    persons = ehr_samples.people(3, 8, TODAY)
    hl7 = tmp_path / "adt.hl7"  # HL7 sends "8789 OAK ST", FHIR "8789 Oak St"
    hl7.write_text(ehr_samples.hl7_text(persons, npi, payer))
    intake.commit(demo_db, intake.read_source(hl7))
    fhir = tmp_path / "b.json"
    fhir.write_text(json.dumps(ehr_samples.fhir_bundle(persons, npi, payer)))
    plan = intake.preview(demo_db, intake.read_source(fhir))
    assert not plan.updated_patients and plan.counts()["unchanged_patients"] == 3
    assert not plan.new_patients  # matched by account (the MRN), not created twice
