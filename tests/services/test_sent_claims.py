"""A claim keeps what it was billed with: sent claims are frozen, recoding changes the replacement.

A demo claim goes out in an 837P batch (or on paper), the payer denies it, the coder recodes the
visit; the claim's detail, history, reprint and appeal letter still show what the payer received,
and the replacement claim (frequency 7) carries the new codes.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from app.cli.main import main
from app.domain.claims import ClaimStatus
from app.domain.submission import ClaimData
from app.services import (
    appeals,
    batches,
    claim_data,
    claims,
    denials,
    encounters,
    practice_io,
    printing,
    remittances,
    sent_claims,
    workspace,
)
from app.store.claims import snapshots
from app.store.database import Database
from tests.printing.pdftext import all_text

SENT_AT = datetime(2026, 11, 23, 10, 30)
NEW_DX = "R05.9"  # cough: not on any demo visit before the recode
NEW_CODE = "99215"


def _amount(value: Decimal) -> str:
    return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"


def remit_835(c: ClaimData, *, pay_first: bool = False, line_numbers: bool = True,
              trace: str = "DENY0001", control: int = 902) -> str:
    """An 835 for ``c``: every line denied CO-50, or line 1 paid in full (``pay_first``)."""
    paid = [x.charge if pay_first and n == 0 else Decimal(0) for n, x in enumerate(c.lines)]
    total = sum(paid, Decimal(0))
    body = ["LX*1", f"CLP*{c.control_number}*{1 if total else 4}*{_amount(c.total_charge)}*"
                    f"{_amount(total)}*0*12*ICN000000777*11*1",
            f"NM1*QC*1*{c.patient.name.last.upper()}*{c.patient.name.first.upper()}****MI*"
            f"{c.subscriber.member_id}"]
    for line, line_paid in zip(c.lines, paid, strict=True):
        body += [f"SVC*{':'.join(('HC', line.code, *line.modifiers))}*{_amount(line.charge)}*"
                 f"{_amount(line_paid)}**{_amount(line.units)}", f"DTM*472*{line.date_from:%Y%m%d}"]
        if line.charge - line_paid:
            body.append(f"CAS*CO*50*{_amount(line.charge - line_paid)}")
        if line_numbers:
            body.append(f"REF*6R*{line.line_control_number}")
    bpr = f"BPR*I*{_amount(total)}*C*CHK" if total else "BPR*H*0*C*NON"
    segments = ["ST*835*0001", f"{bpr}************20261201", f"TRN*1*{trace}*1999999999",
                "DTM*405*20261201", f"N1*PR*{c.payer.name.upper()}", "N3*1 PAYER WAY",
                "N4*CHICAGO*IL*60601", f"REF*2U*{c.payer.payer_id}",
                "PER*BL*PROVIDER SERVICES*TE*8005550199",
                "N1*PE*DEMO PRACTICE*XX*1234567893", *body]
    segments.append(f"SE*{len(segments) + 1}*0001")
    isa = (f"ISA*00*{' ' * 10}*00*{' ' * 10}*ZZ*{'DEMOPAYER':<15}*ZZ*{'CLAIMDESK':<15}*"
           f"261201*1200*^*00501*{control:09d}*0*T*:")
    gs = f"GS*HP*DEMOPAYER*CLAIMDESK*20261201*1200*{control}*X*005010X221A1"
    return "~\n".join([isa, gs, *segments, f"GE*1*{control}", f"IEA*1*{control:09d}"]) + "~\n"


def recode(db: Database, claim_id: int) -> None:
    """The coder's correction: a new first diagnosis and a new code on line 1."""
    claim = claims.get_claim(db, claim_id)[0]
    enc = encounters.get(db, claim.encounter_id)
    first = enc.lines[0].model_copy(update={"code": NEW_CODE, "modifiers": ()})
    encounters.save(db, {**enc.model_dump(), "diagnoses": (NEW_DX, *enc.diagnoses[1:]),
                         "lines": tuple(x.model_dump() for x in (first, *enc.lines[1:]))})


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def show(capsys: pytest.CaptureFixture[str], db: Database, claim_id: int) -> str:
    return cli(capsys, "claims", "show", str(claim_id), "--db", str(db.path))


@pytest.fixture
def denied(demo_db: Database, tmp_path: Path) -> dict[str, Any]:
    """A ready demo claim exported, denied by the payer, then its visit recoded."""
    claim_id = batches.ready_claims(demo_db)[0]
    before = claim_data.claim_data(demo_db, claim_id)
    assert NEW_DX not in before.diagnoses and before.lines[0].code != NEW_CODE
    result, _ = batches.export_837(demo_db, tmp_path, [claim_id], validate=False, now=SENT_AT)
    era = tmp_path / "denial.835"
    era.write_text(remit_835(before))
    summary, _ = remittances.import_835(demo_db, era)
    assert summary.denials >= 1 and claims.get_claim(demo_db, claim_id)[0].status == "denied"
    item = next(d for d in denials.work_queue(demo_db) if d.claim_id == claim_id)
    denials.send_to_coding(demo_db, item.id)
    recode(demo_db, claim_id)
    return {"id": claim_id, "before": before, "denial": item.id, "batch": result}


def test_a_recoded_visit_does_not_change_what_the_sent_claim_billed(
        demo_db: Database, denied: dict[str, Any], capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    before: ClaimData = denied["before"]
    old_code, old_dx = before.lines[0].code, before.diagnoses[0]
    now = claim_data.claim_data(demo_db, denied["id"])  # the visit itself is recoded
    assert now.diagnoses[0] == NEW_DX and now.lines[0].code == NEW_CODE

    out = show(capsys, demo_db, denied["id"])  # detail and history: as sent
    assert f"dx {' '.join(before.diagnoses)}" in out and NEW_DX not in out
    assert f"1. {old_code}" in out and NEW_CODE not in out
    assert "sent #1 (837P batch, frequency 1)" in out and "11/23/2026 10:30" in out

    pdf = tmp_path / "reprint.pdf"  # a reprint of the sent claim: the codes it was sent with
    printing.print_claims(demo_db, [denied["id"]], pdf, data_only=True)
    reprint = all_text(pdf.read_bytes())
    assert old_code in reprint and NEW_CODE not in reprint
    assert old_dx.replace(".", "") in reprint.replace(".", "")
    assert NEW_DX.replace(".", "") not in reprint.replace(".", "")

    letter = tmp_path / "appeal.pdf"
    appeals.render_letter(demo_db, denied["denial"], letter)
    appeal = all_text(letter.read_bytes())
    assert "Diagnoses billed" in appeal and f"A. {old_dx}" in appeal and NEW_DX not in appeal
    assert old_code in appeal and NEW_CODE not in appeal
    assert f"${before.total_charge:,.2f}" in appeal


def test_the_replacement_claim_carries_the_new_codes_and_the_original_keeps_its_own(
        demo_db: Database, denied: dict[str, Any], capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    number, _ = denials.resubmit_corrected(demo_db, denied["denial"])
    new_id = next(c.id for c in claims.list_claims(demo_db) if c.control_number == number)
    claim = claims.get_claim(demo_db, new_id)[0]
    claims.change_status(demo_db, new_id, ClaimStatus.READY, claim.version, "corrected")
    result, _ = batches.export_837(demo_db, tmp_path / "fix.txt", [new_id], validate=False,
                                   now=datetime(2026, 12, 2, 9, 0))
    sent = result.file.read_text()
    segments = sent.replace("\n", "").split("~")
    [clm] = [x for x in segments if x.startswith("CLM*")]
    assert clm.split("*")[5].endswith(":B:7")  # CLM05-3: replacement of a prior claim
    assert f"SV1*HC:{NEW_CODE}*" in sent and "REF*F8*ICN000000777" in segments

    replacement = show(capsys, demo_db, new_id)
    assert f"1. {NEW_CODE}" in replacement and NEW_DX in replacement
    assert "frequency 7" in replacement
    original = show(capsys, demo_db, denied["id"])
    assert NEW_CODE not in original and NEW_DX not in original
    [last] = sent_claims.submissions(demo_db, new_id)
    assert last.frequency_code == "7" and last.lines[0].code == NEW_CODE
    assert sent_claims.last_submission(demo_db, denied["id"]).lines[0].code == (  # type: ignore[union-attr]
        denied["before"].lines[0].code)


def test_a_printed_claim_is_frozen_as_printed(demo_db: Database, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    claim_id = batches.ready_claims(demo_db)[0]
    before = claim_data.claim_data(demo_db, claim_id)
    result, _ = printing.print_claims(demo_db, [claim_id], tmp_path / "paper.pdf")
    assert result.submitted == 1
    [sent] = sent_claims.submissions(demo_db, claim_id)
    assert sent.channel == "paper" and sent.diagnoses == before.diagnoses
    assert [(x.code, x.charge, x.pointers) for x in sent.lines] == [
        (x.code, x.charge, x.pointers) for x in before.lines]
    claim = claims.get_claim(demo_db, claim_id)[0]
    claims.change_status(demo_db, claim_id, ClaimStatus.DENIED, claim.version, "paper EOB")
    recode(demo_db, claim_id)

    printing.print_claims(demo_db, [claim_id], tmp_path / "again.pdf", data_only=True)
    again = all_text((tmp_path / "again.pdf").read_bytes())
    assert before.lines[0].code in again and NEW_CODE not in again
    out = show(capsys, demo_db, claim_id)
    assert "(printed on paper, frequency 1)" in out and NEW_CODE not in out
    assert len(sent_claims.submissions(demo_db, claim_id)) == 1  # a reprint is not a send


@pytest.mark.parametrize("how", ["export", "print"])
def test_a_failure_while_recording_the_snapshot_leaves_the_claim_unsent(
        demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    claim_id = batches.ready_claims(demo_db)[0]

    real = snapshots.insert_rows

    def broken(session: Any, table: Any, rows: Any, **kwargs: Any) -> None:
        if table is snapshots.TABLE:
            raise OSError("disk full while freezing the claim")
        real(session, table, rows, **kwargs)

    monkeypatch.setattr(snapshots, "insert_rows", broken)
    with pytest.raises(OSError, match="disk full"):
        if how == "export":
            batches.export_837(demo_db, tmp_path / "b.txt", [claim_id], validate=False,
                               now=SENT_AT)
        else:
            printing.print_claims(demo_db, [claim_id], tmp_path / "p.pdf")
    claim = claims.get_claim(demo_db, claim_id)[0]
    assert claim.status == "ready" and claim.submitted_on is None
    assert sent_claims.submissions(demo_db, claim_id) == []
    assert batches.history(demo_db) == [] and not (tmp_path / "b.txt").exists()
    monkeypatch.undo()
    batches.export_837(demo_db, tmp_path / "b.txt", [claim_id], validate=False, now=SENT_AT)
    assert len(sent_claims.submissions(demo_db, claim_id)) == 1


def test_every_demo_claim_that_left_the_practice_has_its_snapshot(demo_db: Database) -> None:
    with demo_db.engine.connect() as conn:
        missing = conn.execute(text(
            "SELECT count(*) FROM claims c WHERE c.status NOT IN ('draft','ready','on_hold') "
            "AND NOT EXISTS (SELECT 1 FROM claim_snapshots s WHERE s.claim_id = c.id)")).scalar()
        sent = conn.execute(text("SELECT count(*) FROM claim_snapshots")).scalar()
    assert missing == 0 and sent and sent > 100


def test_snapshots_cannot_be_changed_and_round_trip_through_json(demo_db: Database,
                                                                 tmp_path: Path) -> None:
    with demo_db.engine.begin() as conn, pytest.raises(Exception, match="frozen"):
        conn.execute(text("UPDATE claim_snapshots SET diagnoses = 'Z00.00'"))
    first = practice_io.document_json(practice_io.export_document(demo_db))
    assert '"sent_claims": [' in first and '"charge": "' in first
    other = workspace.open_database(tmp_path / "copy.sqlite3")
    practice_io.import_document(other, practice_io.parse_document(first, "a.json"))
    assert practice_io.document_json(practice_io.export_document(other)) == first
    other.dispose()


def test_a_late_payment_lands_on_the_line_that_was_billed_not_the_recoded_one(
        demo_db: Database, denied: dict[str, Any], tmp_path: Path) -> None:
    before: ClaimData = denied["before"]
    first = before.lines[0]
    # the payer reconsiders and pays line 1 as billed; its SVC carries no line control number
    era = remit_835(before, pay_first=True, line_numbers=False, trace="PAID0002", control=903)
    path = tmp_path / "paid.835"
    path.write_text(era)
    summary, _ = remittances.import_835(demo_db, path)
    assert summary.claims_matched == 1 and summary.paid == first.charge
    with demo_db.engine.connect() as conn:
        paid_line = conn.execute(text(
            "SELECT e.line_id FROM ledger_entries e WHERE e.claim_id = :c AND e.kind = 'payment' "
            "AND e.amount > 0"), {"c": denied["id"]}).scalar()
        first_line = conn.execute(text(
            "SELECT x.id FROM service_lines x JOIN claims c ON c.encounter_id = x.encounter_id "
            "WHERE c.id = :c AND x.line_number = 1"), {"c": denied["id"]}).scalar()
    assert paid_line == first_line  # matched by the code it was billed with (now recoded)


def test_a_void_repeats_the_claim_it_cancels_as_it_was_sent(
        demo_db: Database, denied: dict[str, Any], tmp_path: Path) -> None:
    before: ClaimData = denied["before"]
    void, _ = claims.void_claim(demo_db, denied["id"], "billed under the wrong payer")
    claims.change_status(demo_db, void.id or 0, ClaimStatus.READY, void.version, "void")
    result, _ = batches.export_837(demo_db, tmp_path / "void.txt", [void.id or 0],
                                   validate=False, now=datetime(2026, 12, 3, 9, 0))
    segments = result.file.read_text().replace("\n", "").split("~")
    [clm] = [x for x in segments if x.startswith("CLM*")]
    assert clm.startswith(f"CLM*{void.control_number}*") and clm.split("*")[5].endswith(":8")
    assert f"SV1*HC:{before.lines[0].code}" in "~".join(segments)  # the codes it voids
    assert f"HC:{NEW_CODE}" not in "~".join(segments) and "REF*F8*ICN000000777" in segments
    assert f"REF*6R*{void.control_number}-1" in segments
    [sent] = sent_claims.submissions(demo_db, void.id or 0)
    assert sent.frequency_code == "8" and sent.diagnoses == before.diagnoses


def test_a_rejected_claim_is_fixed_and_resent_and_keeps_both_submissions(
        demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    claim_id = batches.ready_claims(demo_db)[0]
    before = claim_data.claim_data(demo_db, claim_id)
    batches.export_837(demo_db, tmp_path / "one.txt", [claim_id], validate=False, now=SENT_AT)
    claim = claims.get_claim(demo_db, claim_id)[0]
    claims.change_status(demo_db, claim_id, ClaimStatus.REJECTED, claim.version,
                         "277CA A7:562 subscriber member ID")
    recode(demo_db, claim_id)
    out = show(capsys, demo_db, claim_id)  # being fixed: today's coding, the first send below
    assert f"1. {NEW_CODE}" in out
    assert f"sent #1 (837P batch, frequency 1): dx {' '.join(before.diagnoses)}" in out
    claim = claims.get_claim(demo_db, claim_id)[0]
    claims.change_status(demo_db, claim_id, ClaimStatus.READY, claim.version, "fixed")
    batches.export_837(demo_db, tmp_path / "two.txt", [claim_id], validate=False,
                       now=datetime(2026, 11, 24, 8, 0))
    first, second = sent_claims.submissions(demo_db, claim_id)
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.lines[0].code == before.lines[0].code and second.lines[0].code == NEW_CODE
    assert second.diagnoses[0] == NEW_DX and first.diagnoses == before.diagnoses
    assert f"1. {NEW_CODE}" in show(capsys, demo_db, claim_id)  # with the payer: sent #2
