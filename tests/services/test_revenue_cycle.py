"""The whole loop on the demo practice: scrub, export 837P, acknowledge, remit, balance."""

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from app.demo.era import write_835
from app.domain.findings import Severity
from app.services import batches, billing, claim_data, claims, denials, remittances
from app.store.database import Database
from tests.conftest import DEMO_TODAY
from tests.services.ack_files import answering

SEEDED = {"CODE-002", "CODE-013", "CODE-019", "CHG-004", "INT-006", "SETUP-008"}


def test_demo_scrub_has_no_false_alarms(demo_db: Database, codesets: Path) -> None:
    results, _ = billing.scrub_claims(demo_db, today=DEMO_TODAY)
    errors = {f.rule_id for r in results for f in r.findings if f.severity == Severity.ERROR}
    # only the deliberate demo mistakes and claims already past their filing limit
    assert errors <= SEEDED | {"TF-002"}
    assert {"CODE-002", "CODE-013"} <= errors
    families = {f.rule_id.split("-")[0] for r in results for f in r.findings}
    assert {"CODE", "CHG", "FD", "SETUP", "INT", "TF"} <= families  # every rule family trips
    clean = [r for r in results if not r.errors]
    assert clean and all(r.status in ("ready", "draft") for r in results)


def test_ready_claims_export_ack_remit_and_balance(demo_db: Database, codesets: Path,
                                                   tmp_path: Path) -> None:
    results, _ = billing.scrub_claims(demo_db, today=DEMO_TODAY)
    for r in results:  # the front desk confirms eligibility for the warned claims
        if not r.errors:
            for f in r.findings:
                if f.severity == Severity.WARNING:
                    billing.accept_warning(demo_db, r.claim_id, f.rule_id, f.location,
                                           "eligibility verified by phone")
    ready = batches.ready_claims(demo_db)
    assert len(ready) >= 5
    result, _ = batches.export_837(demo_db, tmp_path, ready,
                                   now=datetime(2026, 11, 23, 10, 30))
    assert result.file.exists() and result.validated and result.claims == len(ready)
    text = result.file.read_text()
    assert text.startswith("ISA*") and f"{result.isa13:09d}" in text[:110]
    assert {claims.get_claim(demo_db, i)[0].status for i in ready} == {"submitted"}
    # the batch can be re-saved byte-identical
    copy = batches.resave_batch(demo_db, result.batch_id, tmp_path / "copy.txt")
    assert copy.read_bytes() == result.file.read_bytes()

    data = claim_data.claim_data_many(demo_db, ready)
    era = tmp_path / "era.835"
    era.write_text(write_835(data))
    summary, _ = remittances.import_835(demo_db, era, today=DEMO_TODAY)
    assert summary.claims_matched == len(ready) and summary.exceptions == 0
    for claim_id in ready:
        claim, money = claims.get_claim(demo_db, claim_id)
        assert claim.status == "paid", claim.control_number
        assert money.balance == Decimal("0.00")
        assert money.billed == money.paid + money.adjusted + money.patient_responsibility
    again, _ = remittances.import_835(demo_db, era, today=DEMO_TODAY)
    assert again.payments == 0 and again.already_posted
    with demo_db.engine.connect() as conn:  # the bulk writes are in the audit trail too
        audited = dict(conn.exec_driver_sql(
            "SELECT entity, count(*) FROM audit_log WHERE action = 'insert' "
            "GROUP BY entity").all())
        new_claims = conn.exec_driver_sql(
            "SELECT count(*) FROM audit_log a JOIN claims c ON c.id = a.entity_id "
            "WHERE a.entity = 'claims' AND a.action = 'insert' AND c.control_number IN "
            f"({','.join(repr(n) for n in summary.secondary_claims) or 'NULL'})").scalar()
    assert audited["batch_claims"] >= len(ready)
    assert new_claims == len(summary.secondary_claims)


def test_export_refuses_an_invalid_batch_and_changes_nothing(demo_db: Database,
                                                             codesets: Path,
                                                             tmp_path: Path) -> None:
    from app.services import settings

    practice = settings.get_practice(demo_db)
    assert practice is not None
    ready = batches.ready_claims(demo_db)
    # break the billing provider after scrubbing: the export's own checks must still refuse
    from app.store.database import UnitOfWork
    from app.store.tables import PracticeRow

    with UnitOfWork(demo_db) as uow:
        uow.session.get(PracticeRow, practice.id).zip = "62701"
        uow.commit()
    out = tmp_path / "batches"
    out.mkdir()
    try:
        batches.export_837(demo_db, out, ready)
    except batches.BatchInvalid as exc:
        assert any("2010AA" in p.field for p in exc.problems)
    else:
        raise AssertionError("the export should have been refused")
    assert list(out.iterdir()) == []
    assert {claims.get_claim(demo_db, i)[0].status for i in ready} <= {"ready"}


def test_crash_during_submission_leaves_no_batch(demo_db: Database, codesets: Path,
                                                 tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ready = batches.ready_claims(demo_db)

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("power cut")  # after the file is written and the batch row added

    monkeypatch.setattr(batches, "move_statuses", crash)
    try:
        batches.export_837(demo_db, tmp_path / "out.txt", ready)
    except OSError:
        pass
    monkeypatch.undo()
    assert batches.history(demo_db) == []
    assert not (tmp_path / "out.txt").exists()
    assert {claims.get_claim(demo_db, i)[0].status for i in ready} == {"ready"}
    result, _ = batches.export_837(demo_db, tmp_path / "out.txt", ready, validate=False)
    assert result.claims == len(ready)


def test_denial_sent_back_to_coding_appears_in_the_queue(demo_db: Database) -> None:
    from app.services import coding

    items = denials.work_queue(demo_db)
    before = {r.id for r in coding.work_queue(demo_db, ("correction",))}
    if not items:
        return
    denials.send_to_coding(demo_db, items[0].id)
    after = {r.id for r in coding.work_queue(demo_db, ("correction",))}
    assert len(after) >= len(before)
    assert date.today() >= DEMO_TODAY


def _export(demo_db: Database, tmp_path: Path):  # type: ignore[no-untyped-def]
    ready = batches.ready_claims(demo_db)
    result, _ = batches.export_837(demo_db, tmp_path / "b.txt", ready, validate=False)
    return ready, result


def test_999_rejection_moves_the_batch_claims_to_rejected(demo_db: Database,
                                                          tmp_path: Path) -> None:
    ready, result = _export(demo_db, tmp_path)
    template = answering(result.file.read_text(), (
        Path(__file__).parents[1] / "x12" / "data" / "999_rejected.txt").read_text())
    text = template.replace("AK1*HC*102*", f"AK1*HC*{result.gs06}*").replace(
        "AK2*837*0002*", "AK2*837*0001*").replace(
        "AK2*837*0001*005010X222A1~\nIK5*A~\n", "", 1).replace("SE*14*", "SE*12*")
    ack = tmp_path / "ack.999"
    ack.write_text(text)
    outcome, _ = batches.import_ack(demo_db, ack)
    assert outcome.kind == "999" and len(outcome.rejected) == len(ready)
    claim = claims.get_claim(demo_db, ready[0])[0]
    assert claim.status == "rejected" and "999" in claim.status_note
    again, _ = batches.import_ack(demo_db, ack)
    assert again.already_imported and not again.rejected


def test_277ca_accepts_and_rejects_claims(demo_db: Database, tmp_path: Path) -> None:
    ready, _ = _export(demo_db, tmp_path)
    first = claims.get_claim(demo_db, ready[0])[0].control_number
    second = claims.get_claim(demo_db, ready[1])[0].control_number
    template = (Path(__file__).parents[1] / "x12" / "data" / "277ca_rejected.txt").read_text()
    ack = tmp_path / "ack.277"
    ack.write_text(template.replace("TRN*2*PCN0001", f"TRN*2*{first}").replace(
        "TRN*2*PCN0002", f"TRN*2*{second}"))
    outcome, _ = batches.import_ack(demo_db, ack)
    assert outcome.kind == "277CA"
    assert outcome.accepted == [first] and outcome.rejected == [second]
    accepted = claims.get_claim(demo_db, ready[0])[0]
    assert accepted.status == "accepted"
    assert "accepted by the payer" in claims.history(demo_db, ready[0])[-1].reason
    assert claims.get_claim(demo_db, ready[1])[0].status == "rejected"
