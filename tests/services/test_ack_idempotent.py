"""Acknowledgments twice post once, whatever the file name; 277CA claims checked by batch."""

from __future__ import annotations

from pathlib import Path

from app.services import batches, claims
from app.store.database import Database
from tests.services.ack_files import ack_277, ack_999, envelope


def _export(db: Database, tmp_path: Path, ids: list[int], name: str) -> tuple[
        batches.BatchResult, str]:
    result, _ = batches.export_837(db, tmp_path / name, ids, validate=False)
    return result, result.file.read_text()


def _import(db: Database, tmp_path: Path, text: str, name: str) -> batches.AckResult:
    path = tmp_path / name
    path.write_bytes(text.encode("ascii"))
    return batches.import_ack(db, path)[0]


def _history(db: Database, ids: list[int]) -> int:
    return sum(len(claims.history(db, i)) for i in ids)


def _accept_999(batch: batches.BatchResult, text: str, *, control: str = "000000901",
                st02: str = "0001", group: str = "A") -> str:
    return envelope(text, "FA", "005010X231A1",
                    ack_999(batch.gs06, [("0001", group)], group, st02=st02), control=control)


def test_the_same_999_under_a_new_file_name_is_already_imported(demo_db: Database,
                                                               tmp_path: Path) -> None:
    ready = batches.ready_claims(demo_db)
    batch, text = _export(demo_db, tmp_path, ready, "b.txt")
    first = _import(demo_db, tmp_path, _accept_999(batch, text), "ack.999")
    assert len(first.accepted) == len(ready) and not first.already_imported
    rows = _history(demo_db, ready)
    again = _import(demo_db, tmp_path, _accept_999(batch, text), "renamed-copy.txt")
    assert again.already_imported and again.accepted == []
    assert _history(demo_db, ready) == rows


def test_a_resent_999_with_new_control_numbers_and_line_breaks_is_already_imported(
        demo_db: Database, tmp_path: Path) -> None:
    ready = batches.ready_claims(demo_db)
    batch, text = _export(demo_db, tmp_path, ready, "b.txt")
    _import(demo_db, tmp_path, _accept_999(batch, text), "ack.999")
    rows = _history(demo_db, ready)
    resent = _accept_999(batch, text, control="000000777", st02="0042")
    resent = resent.replace("*901*X*", "*902*X*").replace("GE*1*901", "GE*1*902")
    again = _import(demo_db, tmp_path, resent.replace("~\n", "~\r\n"), "resent.999")
    assert again.already_imported
    assert _history(demo_db, ready) == rows


def test_a_different_999_accepting_the_same_transaction_writes_no_history(
        demo_db: Database, tmp_path: Path) -> None:
    ready = batches.ready_claims(demo_db)
    batch, text = _export(demo_db, tmp_path, ready, "b.txt")
    _import(demo_db, tmp_path, _accept_999(batch, text), "ack.999")
    rows = _history(demo_db, ready)
    other = _import(demo_db, tmp_path, _accept_999(batch, text, group="E"), "ack-e.999")
    assert not other.already_imported  # other content: imported, but nothing changes
    assert _history(demo_db, ready) == rows
    assert {claims.get_claim(demo_db, i)[0].status for i in ready} == {"accepted"}


def test_the_same_277ca_twice_posts_once(demo_db: Database, tmp_path: Path) -> None:
    ready = batches.ready_claims(demo_db)
    batch, text = _export(demo_db, tmp_path, ready, "b.txt")
    numbers = [claims.get_claim(demo_db, i)[0].control_number for i in ready]
    body = ack_277(text, "A1:19:PR", [(batch_npi(text), "", [(n, "A2:20:PR") for n in numbers])])
    ack = envelope(text, "HN", "005010X214", body)
    first = _import(demo_db, tmp_path, ack, "a.277")
    assert len(first.accepted) == len(ready)
    rows = _history(demo_db, ready)
    assert _import(demo_db, tmp_path, ack, "b.277").already_imported
    resent = envelope(text, "HN", "005010X214", body, control="000000555")
    assert _import(demo_db, tmp_path, resent, "c.277").already_imported
    assert _history(demo_db, ready) == rows


def test_a_277ca_acceptance_already_recorded_writes_no_history(demo_db: Database,
                                                               tmp_path: Path) -> None:
    ready = batches.ready_claims(demo_db)
    batch, text = _export(demo_db, tmp_path, ready, "b.txt")
    numbers = [claims.get_claim(demo_db, i)[0].control_number for i in ready]
    npi = batch_npi(text)
    _import(demo_db, tmp_path, envelope(text, "HN", "005010X214", ack_277(
        text, "A1:19:PR", [(npi, "", [(n, "A2:20:PR") for n in numbers])])), "a.277")
    rows = _history(demo_db, ready)
    # the same acceptances again, in a file that also says something new of nobody
    body = ack_277(text, "A1:19:PR", [(npi, "A1:19:85", [(n, "A2:20:PR") for n in numbers])])
    outcome = _import(demo_db, tmp_path, envelope(text, "HN", "005010X214", body), "b.277")
    assert not outcome.already_imported
    assert _history(demo_db, ready) == rows


def test_a_277ca_claim_from_another_batch_is_reported_not_applied(demo_db: Database,
                                                                  tmp_path: Path) -> None:
    ready = batches.ready_claims(demo_db)
    assert len(ready) >= 2
    first, first_text = _export(demo_db, tmp_path, ready[:1], "b1.txt")
    _, second_text = _export(demo_db, tmp_path, ready[1:], "b2.txt")
    stranger = claims.get_claim(demo_db, ready[1])[0].control_number
    body = ack_277(first_text, "A1:19:PR", [(batch_npi(first_text), "", [
        (stranger, "A3:21:PR")])])
    outcome = _import(demo_db, tmp_path, envelope(first_text, "HN", "005010X214", body),
                      "wrong.277")
    assert outcome.rejected == []
    (unmatched,) = outcome.unmatched
    assert stranger in unmatched and first.file.name in unmatched
    assert claims.get_claim(demo_db, ready[1])[0].status == "submitted"


def test_a_ta1_interchange_is_named_with_its_acceptance(demo_db: Database,
                                                        tmp_path: Path) -> None:
    ready = batches.ready_claims(demo_db)
    batch, text = _export(demo_db, tmp_path, ready, "b.txt")
    isa = envelope(text, "FA", "005010X231A1", []).split("~")[0]
    ta1 = f"{isa}~\nTA1*{batch.isa13:09d}*261123*1031*R*022~\nIEA*0*000000901~\n"
    rows = _history(demo_db, ready)
    outcome = _import(demo_db, tmp_path, ta1, "ta1.txt")
    assert outcome.kind == "TA1"
    text_out = " ".join(outcome.notes)
    assert "a TA1 interchange acknowledgment" in text_out and "no claim status" in text_out
    assert "TA104 R" in text_out and "rejected" in text_out and batch.file.name in text_out
    assert _history(demo_db, ready) == rows
    assert {claims.get_claim(demo_db, i)[0].status for i in ready} == {"submitted"}
    from app.ui.presenters.remit_reports import ack_headline

    assert ack_headline(outcome).startswith(f"TA1 ta1.txt: TA104 R: batch {batch.file.name}")


def batch_npi(batch_text: str) -> str:
    """The billing provider NPI of the batch's first claim."""
    from app.x12.acks import claims_by_billing_provider

    return next(iter(claims_by_billing_provider(batch_text, "batch")))
