"""Acknowledgments applied only to the batch and claims their whole envelope names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain.errors import ImportRejected
from app.services import batches, claims
from app.store.database import Database
from app.x12.acks import claims_by_billing_provider
from tests.services.ack_files import ack_277, ack_999, envelope


def _export(db: Database, tmp_path: Path) -> tuple[list[int], batches.BatchResult, str]:
    ready = batches.ready_claims(db)
    result, _ = batches.export_837(db, tmp_path / "b.txt", ready, validate=False)
    return ready, result, result.file.read_text()


def _import(db: Database, tmp_path: Path, text: str, name: str = "ack.txt",
            encoding: str = "ascii") -> batches.AckResult:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return batches.import_ack(db, path)[0]


def _statuses(db: Database, ids: list[int]) -> set[str]:
    return {claims.get_claim(db, i)[0].status for i in ids}


def test_999_from_our_partner_applies(demo_db: Database, tmp_path: Path) -> None:
    ready, batch, text = _export(demo_db, tmp_path)
    ack = envelope(text, "FA", "005010X231A1", ack_999(batch.gs06, [("0001", "R")], "R"))
    outcome = _import(demo_db, tmp_path, "\ufeff" + ack.replace("\n", "\r\n"), encoding="utf-8")
    assert outcome.kind == "999" and len(outcome.rejected) == len(ready)
    assert outcome.unmatched == [] and _statuses(demo_db, ready) == {"rejected"}


def test_999_from_another_partner_changes_nothing(demo_db: Database, tmp_path: Path) -> None:
    ready, batch, text = _export(demo_db, tmp_path)
    ack = envelope(text, "FA", "005010X231A1", ack_999(batch.gs06, [("0001", "R")], "R"),
                   other_partner=True)
    outcome = _import(demo_db, tmp_path, ack)
    assert outcome.rejected == [] and outcome.accepted == []
    (unmatched,) = outcome.unmatched
    assert f"group {batch.gs06}" in unmatched and "OTHERCLEARING" in unmatched
    assert _statuses(demo_db, ready) == {"submitted"}


def test_999_for_another_transaction_type_changes_nothing(demo_db: Database,
                                                          tmp_path: Path) -> None:
    ready, batch, text = _export(demo_db, tmp_path)
    ack = envelope(text, "FA", "005010X231A1",
                   ack_999(batch.gs06, [("0001", "R")], "R", functional_id="HS"))
    outcome = _import(demo_db, tmp_path, ack)
    assert outcome.rejected == []
    assert "270 eligibility inquiry" in outcome.unmatched[0]
    assert _statuses(demo_db, ready) == {"submitted"}


def test_every_st_of_a_999_is_read(demo_db: Database, tmp_path: Path) -> None:
    ready, batch, text = _export(demo_db, tmp_path)
    body = ack_999(batch.gs06 + 500, [("0001", "R")], "R") + ack_999(
        batch.gs06, [("0001", "A")], st02="0002")
    outcome = _import(demo_db, tmp_path, envelope(text, "FA", "005010X231A1", body))
    assert len(outcome.accepted) == len(ready) and outcome.rejected == []
    assert [u.split(":")[0] for u in outcome.unmatched] == [
        f"999 for group {batch.gs06 + 500} (HC 005010X222A1) from "
        f"{batch_receiver(text)}"]
    assert _statuses(demo_db, ready) == {"accepted"}


def batch_receiver(text: str) -> str:
    return text[54:69].strip()


def test_999_for_a_transaction_set_we_did_not_send(demo_db: Database, tmp_path: Path) -> None:
    ready, batch, text = _export(demo_db, tmp_path)
    ack = envelope(text, "FA", "005010X231A1", ack_999(batch.gs06, [("0007", "R")], "R"))
    outcome = _import(demo_db, tmp_path, ack)
    assert outcome.rejected == [] and "transaction set 837 0007" in outcome.unmatched[0]
    assert _statuses(demo_db, ready) == {"submitted"}


def test_277ca_forwarded_and_split_do_not_reject(demo_db: Database, tmp_path: Path) -> None:
    ready, _, text = _export(demo_db, tmp_path)
    first, second = (claims.get_claim(demo_db, i)[0].control_number for i in ready[:2])
    npi = next(iter(claims_by_billing_provider(text, "b")))
    body = ack_277(text, "A1:19:PR", [(npi, "", [(first, "A0:16:PR"), (second, "A5:20:PR")])])
    outcome = _import(demo_db, tmp_path, envelope(text, "HN", "005010X214", body))
    assert outcome.kind == "277CA" and outcome.rejected == []
    assert sorted(outcome.accepted) == sorted([first, second])
    assert _statuses(demo_db, ready[:2]) == {"accepted"}
    assert "forwarded" in claims.history(demo_db, ready[0])[-1].reason


def test_277ca_receiver_level_rejection_covers_the_batch(demo_db: Database,
                                                         tmp_path: Path) -> None:
    ready, _, text = _export(demo_db, tmp_path)
    body = ack_277(text, "A3:24:41", [])
    outcome = _import(demo_db, tmp_path, envelope(text, "HN", "005010X214", body))
    assert len(outcome.rejected) == len(ready)
    assert _statuses(demo_db, ready) == {"rejected"}
    assert any("information receiver" in n and f"{len(ready)} claim" in n for n in outcome.notes)
    assert "every claim of batch" in claims.get_claim(demo_db, ready[0])[0].status_note


def test_277ca_provider_level_rejection_covers_its_claims(demo_db: Database,
                                                          tmp_path: Path) -> None:
    ready, _, text = _export(demo_db, tmp_path)
    by_npi = claims_by_billing_provider(text, "b")
    npi = next(iter(by_npi))
    body = ack_277(text, "A1:19:PR", [(npi, "A7:562:85", [])])
    outcome = _import(demo_db, tmp_path, envelope(text, "HN", "005010X214", body))
    assert sorted(outcome.rejected) == sorted(by_npi[npi])
    assert any("billing provider" in n for n in outcome.notes)


def test_claim_status_277_is_refused_by_name(demo_db: Database, tmp_path: Path) -> None:
    ready, _, text = _export(demo_db, tmp_path)
    body = ack_277(text, "A3:24:41", [], version="005010X212")
    with pytest.raises(ImportRejected) as info:
        _import(demo_db, tmp_path, envelope(text, "HN", "005010X212", body))
    assert "claim status response" in str(info.value.problems[0])
    assert "GS08" in str(info.value.problems[0])
    assert _statuses(demo_db, ready) == {"submitted"}


def test_malformed_stc_is_located_and_nothing_written(demo_db: Database,
                                                      tmp_path: Path) -> None:
    ready, _, text = _export(demo_db, tmp_path)
    first = claims.get_claim(demo_db, ready[0])[0].control_number
    npi = next(iter(claims_by_billing_provider(text, "b")))
    body = ack_277(text, "A3:24:41", [(npi, "", [(first, "A7")])])
    with pytest.raises(ImportRejected) as info:
        _import(demo_db, tmp_path, envelope(text, "HN", "005010X214", body), "bad.277")
    (problem,) = info.value.problems
    assert str(problem).startswith("bad.277: segment ")
    assert "(STC), 2200D/STC01-2:" in str(problem)
    assert _statuses(demo_db, ready) == {"submitted"}


def test_cli_names_unmatched_groups_in_text_and_json(demo_db_path: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    from app.cli.main import main
    from app.services.workspace import open_database

    db = open_database(demo_db_path)
    try:
        _, batch, text = _export(db, tmp_path)
    finally:
        db.dispose()
    ack = tmp_path / "other.999"
    ack.write_text(envelope(text, "FA", "005010X231A1",
                            ack_999(batch.gs06, [("0001", "R")], "R"), other_partner=True))
    assert main(["import-ack", str(ack), "--db", str(demo_db_path)]) == 0
    out = capsys.readouterr().out
    assert "0 rejected, 1 unmatched" in out and f"unmatched: 999 for group {batch.gs06}" in out
    ack2 = tmp_path / "other2.999"
    # another 999 (a resend with new control numbers only would be "already imported")
    ack2.write_text(ack.read_text().replace("000000901", "000000902").replace("IK5*R*5",
                                                                              "IK5*R*4"))
    assert main(["import-ack", str(ack2), "--db", str(demo_db_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rejected"] == [] and "OTHERCLEARING" in data["unmatched"][0]
    bad = tmp_path / "bad.277"
    bad.write_text(envelope(text, "HN", "005010X214", ack_277(text, "A3:24", [("1", "", [(
        "X1", "A7:abc")])])))
    assert main(["import-ack", str(bad), "--db", str(demo_db_path)]) == 1
    err = capsys.readouterr().err
    assert "bad.277: segment " in err and "2200D/STC01-2" in err


def test_999_group_rejection_without_ak2_covers_the_batch(demo_db: Database,
                                                          tmp_path: Path) -> None:
    ready, batch, text = _export(demo_db, tmp_path)
    body = ack_999(batch.gs06, [], "R")
    body[-2] = "AK9*R*1*1*0*2"  # AK905 2: functional group version not supported
    outcome = _import(demo_db, tmp_path, envelope(text, "FA", "005010X231A1", body))
    assert len(outcome.rejected) == len(ready)
    assert any("group verdict (R)" in n for n in outcome.notes)
    assert "version not supported" in claims.get_claim(demo_db, ready[0])[0].status_note
