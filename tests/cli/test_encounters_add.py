"""``claimdesk encounters add``: a visit typed at the command line lands in the coding queue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.services import coding
from app.store.database import Database
from tests.builders import add_patient, add_provider, set_up_practice


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_a_visit_then_see_it_in_the_queue(db: Database, db_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    set_up_practice(db)
    doctor = add_provider(db)
    patient = add_patient(db)
    code, out, err = run(capsys, "--db", str(db_path), "--json", "encounters", "add",
                         "--patient", str(patient.id), "--date", "2025-03-10",
                         "--provider", str(doctor.id), "--note", "Sore throat.")
    assert code == 0, err
    added = json.loads(out)
    assert added["coding_status"] == "uncoded" and added["place_of_service"] == "11"
    assert [r.id for r in coding.work_queue(db)] == [added["id"]]
    code, out, err = run(capsys, "--db", str(db_path), "encounters", "list")
    assert "Smith" in out


def test_bad_input_is_one_line_and_writes_nothing(db: Database, db_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    set_up_practice(db)
    doctor = add_provider(db)
    code, _, err = run(capsys, "--db", str(db_path), "encounters", "add", "--patient", "42",
                       "--date", "2025-03-10", "--provider", str(doctor.id), "--pos", "98")
    assert code == 1 and "Traceback" not in err
    assert "patient_id: Choose the patient" in err and "place_of_service" in err
    assert coding.work_queue(db) == []
    with pytest.raises(SystemExit) as info:
        main(["--db", str(db_path), "encounters", "add", "--patient", "1", "--date", "03/10",
              "--provider", "1"])
    assert info.value.code == 2


def test_a_pdf_note_from_the_command_line(db: Database, db_path: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from app.services import visits

    set_up_practice(db)
    doctor = add_provider(db)
    patient = add_patient(db)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    code, out, err = run(capsys, "encounters", "add", "--patient", str(patient.id), "--date",
                         "2025-03-10", "--provider", str(doctor.id), "--note-pdf", str(scan),
                         "--db", str(db_path))
    assert code == 0, err
    assert "coding queue" in out
    [row] = coding.work_queue(db)
    assert visits.note_pdf(db, row.id) == ("scan.pdf", scan.read_bytes())
