import gc
import json
from decimal import Decimal
from pathlib import Path

import pytest

from app import __version__
from app.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["claims", "list", "--bogus"])
    assert info.value.code == 2


def test_demo_creates_the_practice_and_refuses_to_overwrite(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "p.sqlite3")
    code, out, _ = run(capsys, "demo", "--db", db, "--patients", "40", "--encounters", "150",
                       "--seed", "3", "--json")
    assert code == 0
    counts = json.loads(out)
    assert counts["patients"] == 40 and counts["encounters"] == 150
    assert counts["payers"] == 6
    code, _, err = run(capsys, "demo", "--db", db)
    assert code == 1 and "--force" in err and err.count("\n") == 1
    code, out, _ = run(capsys, "demo", "--db", db, "--patients", "20", "--encounters", "50",
                       "--force", "--json")
    assert code == 0 and json.loads(out)["patients"] == 20


def test_claims_list_json_amounts_balance(demo_db_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "claims", "list", "--db", str(demo_db_path), "--json")
    assert code == 0
    claims = json.loads(out)
    assert claims
    keys = {"id", "control_number", "patient", "payer_id", "status", "date_of_service",
            "billed", "paid", "adjusted", "patient_responsibility", "balance"}
    for claim in claims:
        assert keys <= claim.keys()
        money = {k: Decimal(claim[k]) for k in
                 ("billed", "paid", "adjusted", "patient_responsibility", "balance")}
        assert all(len(claim[k].split(".")[1]) == 2 for k in money)
        assert money["billed"] == (money["paid"] + money["adjusted"]
                                   + money["patient_responsibility"] + money["balance"])
    paid = [c for c in claims if c["status"] == "paid"]
    assert paid and any(Decimal(c["paid"]) > 0 for c in paid)  # all-deductible pays 0


def test_claims_list_filters(demo_db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "claims", "list", "--db", str(demo_db_path), "--json",
                       "--status", "denied")
    assert code == 0
    denied = json.loads(out)
    assert denied and {c["status"] for c in denied} == {"denied"}
    payer = denied[0]["payer_id"]
    code, out, _ = run(capsys, "claims", "list", "--db", str(demo_db_path), "--json",
                       "--payer", payer)
    assert {c["payer_id"] for c in json.loads(out)} == {payer}
    code, _, err = run(capsys, "claims", "list", "--db", str(demo_db_path), "--status", "nope")
    assert code == 1 and "nope" in err


def test_patients_list_search(demo_db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "patients", "list", "--db", str(demo_db_path), "--json")
    everyone = json.loads(out)
    assert code == 0 and len(everyone) == 60
    last = everyone[0]["name"].split(",")[0]
    code, out, _ = run(capsys, "patients", "list", "--db", str(demo_db_path), "--json",
                       "--search", last[:3].lower())
    found = json.loads(out)
    assert found and all(p["name"].upper().startswith(last[:3].upper()) or
                         last[:3].upper() in p["name"].upper() for p in found)
    code, out, _ = run(capsys, "patients", "list", "--db", str(demo_db_path))
    assert "Account" in out.splitlines()[0]


def test_json_round_trip(demo_db_path: Path, tmp_path: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    new_db = str(tmp_path / "copy.sqlite3")
    assert run(capsys, "export-json", "--db", str(demo_db_path), str(first))[0] == 0
    assert run(capsys, "import-json", "--db", new_db, str(first))[0] == 0
    assert run(capsys, "export-json", "--db", new_db, str(second))[0] == 0
    assert first.read_text() == second.read_text()
    doc = json.loads(first.read_text())
    assert doc["format"] == "claimdesk.practice" and len(doc["patients"]) == 60


def test_import_json_reports_every_problem_with_its_path(
        demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exported = tmp_path / "a.json"
    run(capsys, "export-json", "--db", str(demo_db_path), str(exported))
    doc = json.loads(exported.read_text())
    doc["patients"][3]["patient"]["birth_date"] = "2031-02-30"
    doc["payers"][0]["payer_id"] = ""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    new_db = tmp_path / "new.sqlite3"
    code, _, err = run(capsys, "import-json", "--db", str(new_db), str(bad))
    assert code == 1
    assert "$.patients[3].patient.birth_date" in err
    assert "$.payers[0].payer_id" in err
    code, out, _ = run(capsys, "patients", "list", "--db", str(new_db), "--json")
    assert json.loads(out) == []  # nothing partial was written


def test_import_json_refuses_a_non_empty_database(
        demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exported = tmp_path / "a.json"
    run(capsys, "export-json", "--db", str(demo_db_path), str(exported))
    code, _, err = run(capsys, "import-json", "--db", str(demo_db_path), str(exported))
    assert code == 1 and "already holds" in err


def test_import_json_malformed_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "claimdesk.practice",\n  "practice": ')
    code, _, err = run(capsys, "import-json", "--db", str(tmp_path / "n.sqlite3"), str(bad))
    assert code == 1 and "broken.json" in err and "line 2" in err


def test_backup_and_restore(demo_db_path: Path, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    backup = tmp_path / "backup.sqlite3"
    assert run(capsys, "backup", "--db", str(demo_db_path), str(backup))[0] == 0
    before = run(capsys, "claims", "list", "--db", str(demo_db_path), "--json")[1]
    restored = tmp_path / "restored.sqlite3"
    assert run(capsys, "restore", "--db", str(restored), str(backup))[0] == 0
    assert run(capsys, "claims", "list", "--db", str(restored), "--json")[1] == before
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    code, _, err = run(capsys, "restore", "--db", str(restored), str(junk))
    assert code == 1 and "junk.sqlite3" in err
    gc.collect()  # the in-process commands above leave pooled connections to collect
    code, out, _ = run(capsys, "restore", "--db", str(restored), str(backup))
    assert code == 0 and "kept as" in out and "patients: 60" in out  # safety copy, row counts
    assert run(capsys, "claims", "list", "--db", str(restored), "--json")[1] == before
