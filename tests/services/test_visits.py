"""Visit entry and charge entry through the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.domain.errors import ValidationFailed
from app.services import coding, encounters, patients, visits
from app.store import coding_repo
from app.store.database import Database
from tests.builders import add_patient, add_payer, add_policy, add_provider, set_up_practice

DOS = date(2025, 3, 10)


@pytest.fixture
def office(db: Database) -> dict[str, Any]:
    set_up_practice(db)
    payer = add_payer(db)
    doctor = add_provider(db)
    referrer = add_provider(db, npi="1245319599", role="referring", last_name="Outside")
    patient = add_patient(db)
    policy = add_policy(db, patient.id, payer.id)
    add_policy(db, patient.id, payer.id, order="S", member_id="OLD1",
               termination_date=date(2024, 12, 31))
    auth, _ = patients.save_prior_auth(db, {
        "patient_id": patient.id, "payer_id": payer.id, "number": "PA-77",
        "start_date": date(2025, 3, 1), "end_date": date(2025, 3, 31), "visits_allowed": 4})
    return {"payer": payer, "doctor": doctor, "referrer": referrer, "patient": patient,
            "policy": policy, "auth": auth}


def visit(office: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {"patient_id": office["patient"].id, "date_of_service": DOS,
            "rendering_provider_id": office["doctor"].id, "place_of_service": "11",
            "documentation": "Cough for 3 days.", **changes}


def test_a_new_visit_waits_in_the_coding_queue(db: Database, office: dict[str, Any]) -> None:
    enc, changes = visits.create_visit(db, visit(
        office, referring_provider_id=office["referrer"].id, prior_auth_id=office["auth"].id))
    assert changes.encounters and enc.id and enc.coding_status == "uncoded"
    rows = coding.work_queue(db, ("uncoded",))
    assert [r.id for r in rows] == [enc.id]
    saved = encounters.get(db, enc.id)
    assert saved.prior_auth_id == office["auth"].id and saved.documentation.startswith("Cough")


def test_the_form_offers_only_policies_and_auths_in_force(db: Database,
                                                          office: dict[str, Any]) -> None:
    ctx = visits.visit_context(db, office["patient"].id, DOS)
    assert [p.id for p in ctx.policies] == [office["policy"].id]  # the ended one is not shown
    assert "Primary: Acme Health Plan" in ctx.policies[0].label
    assert [a.number for a in ctx.auths] == ["PA-77"] and "4 visit(s) left" in ctx.auths[0].label
    later = visits.visit_context(db, office["patient"].id, date(2025, 5, 1))
    assert later.auths == ()


def test_every_problem_is_named_and_nothing_is_saved(db: Database,
                                                      office: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed) as info:
        visits.create_visit(db, visit(office, patient_id=999,
                                      rendering_provider_id=office["referrer"].id,
                                      place_of_service="98"))
    fields = {p.field for p in info.value.problems}
    assert fields == {"patient_id", "rendering_provider_id", "place_of_service"}
    with pytest.raises(ValidationFailed) as info:
        visits.create_visit(db, visit(office, prior_auth_id=office["auth"].id,
                                      date_of_service=date(2025, 4, 2)))
    assert "does not cover" in info.value.problems[0].message
    with pytest.raises(ValidationFailed) as info:
        visits.create_visit(db, visit(office, date_of_service="2025-02-30"))
    assert info.value.problems[0].field == "date_of_service"
    assert coding.work_queue(db) == []


def test_a_crash_while_saving_leaves_no_visit(db: Database, office: dict[str, Any],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    real = coding_repo.save_encounter

    def crash(session: Any, enc: Any) -> Any:
        real(session, enc)
        raise OSError("disk full")

    monkeypatch.setattr(coding_repo, "save_encounter", crash)
    with pytest.raises(OSError):
        visits.create_visit(db, visit(office))
    assert coding.work_queue(db) == []


def charges(enc: Any, **changes: Any) -> dict[str, Any]:
    return {**enc.model_dump(), "diagnoses": ("J06.9",),
            "lines": ({"code": "99213", "charge": Decimal("125.00"), "pointers": (1,)},),
            **changes}


def test_save_and_build_sends_the_visit_to_a_claim(db: Database, office: dict[str, Any],
                                                   codesets: Path) -> None:
    enc, _ = visits.create_visit(db, visit(office))
    result, changes = visits.save_and_build(db, charges(enc), today=date(2025, 3, 12))
    assert changes.claims and len(result.claim_ids) == 1 and not result.self_pay
    assert result.encounter.coding_status == "coded"
    assert result.encounter.lines[0].charge == Decimal("125.00")


def test_save_and_build_with_errors_keeps_the_codes_in_the_queue(
        db: Database, office: dict[str, Any], codesets: Path) -> None:
    enc, _ = visits.create_visit(db, visit(office))
    with pytest.raises(encounters.CodingBlocked):
        visits.save_and_build(db, charges(enc, diagnoses=("E11",)), today=date(2025, 3, 12))
    saved = encounters.get(db, enc.id or 0)
    assert saved.coding_status == "uncoded" and saved.diagnoses == ("E11",)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_pdf_note_is_kept_in_the_database_and_travels_in_json(
        db: Database, office: dict[str, Any], tmp_path: Path) -> None:
    from app.services import practice_io, workspace

    scan = tmp_path / "note.pdf"
    scan.write_bytes(PDF)
    enc, _ = visits.create_visit(db, visit(office, documentation=""), note_pdf=scan)
    scan.unlink()  # the visit keeps its own copy
    assert visits.note_pdf(db, enc.id or 0) == ("note.pdf", PDF)
    first = practice_io.document_json(practice_io.export_document(db))
    assert '"table": "visit_note_files"' in first
    other = workspace.open_database(tmp_path / "copy.sqlite3")
    practice_io.import_document(other, practice_io.parse_document(first, "a.json"))
    assert practice_io.document_json(practice_io.export_document(other)) == first
    assert visits.note_pdf(other, enc.id or 0) == ("note.pdf", PDF)


def test_a_file_that_is_not_a_pdf_saves_no_visit(db: Database, office: dict[str, Any],
                                                  tmp_path: Path) -> None:
    text = tmp_path / "note.pdf"
    text.write_text("just words")
    for path in (text, tmp_path / "missing.pdf"):
        with pytest.raises(ValidationFailed) as info:
            visits.create_visit(db, visit(office), note_pdf=path)
        assert info.value.problems[0].field == "note_pdf"
        assert path.name in info.value.problems[0].message
    assert coding.work_queue(db) == []


def test_a_crash_while_storing_the_pdf_leaves_no_visit(
        db: Database, office: dict[str, Any], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from app.store import visit_notes

    scan = tmp_path / "note.pdf"
    scan.write_bytes(PDF)

    def crash(*args: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(visit_notes, "save_note_file", crash)
    with pytest.raises(OSError):
        visits.create_visit(db, visit(office), note_pdf=scan)
    assert coding.work_queue(db) == []
