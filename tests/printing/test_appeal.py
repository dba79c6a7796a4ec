"""The appeal letter PDF: content read back with pypdf, one or two pages, atomic write."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.printing.appeal import AppealLetter, AppealLine, AppealReason, render_appeal_letter
from app.services import appeals, denials
from tests.printing.pdftext import all_text
from tests.ui.test_remits_denials import build_denials

D = Decimal


def letter(lines: int = 2) -> AppealLetter:
    return AppealLetter(
        practice_name="Test Family Practice", practice_address=("100 Main St",
                                                                "Springfield, IL 62701-1234"),
        practice_phone="(217) 555-0100", practice_npi="1234567893", practice_tin="371234567",
        letter_date=date(2026, 11, 23), payer_name="Acme Health Plan",
        payer_address=("500 Insurance Plaza", "Chicago, IL 60601"), patient_name="Pat Green",
        patient_birth_date=date(1982, 7, 4), member_id="MP5", claim_number="PCN0005",
        payer_claim_number="ACME2025012000005", service_from=date(2025, 1, 18),
        service_to=date(2025, 1, 18), billed=D("245.00"),
        reasons=(AppealReason("CO-97", D("45.00"), "Paid as part of another service."),),
        remarks=(("M15", "Billed separately but paid as one bundled procedure."),),
        request="Please reprocess the claim.",
        lines=tuple(AppealLine(n, date(2025, 1, 18), "36415", D("45.00"), None, D("0.00"),
                               "CO-97 45.00", "M15") for n in range(1, lines + 1)))


def render(content: AppealLetter) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    pages = render_appeal_letter(content, buffer)
    return buffer.getvalue(), pages


def test_letter_names_claim_numbers_patient_and_reasons() -> None:
    data, pages = render(letter())
    text = all_text(data)
    assert pages == 1 == len(PdfReader(io.BytesIO(data)).pages)
    for expected in ("Test Family Practice", "Acme Health Plan", "PCN0005",
                     "ACME2025012000005", "MP5", "Pat Green", "01/18/2025", "$245.00",
                     "CO-97", "M15", "Please reprocess the claim.", "11/23/2026",
                     "TIN 37-1234567"):
        assert expected in text, expected


def test_many_lines_flow_onto_a_second_page_with_the_header_repeated() -> None:
    data, pages = render(letter(lines=30))
    assert pages == 2
    second = PdfReader(io.BytesIO(data)).pages[1].extract_text()
    assert "Procedure" in second and "Page 2" in second


def test_service_letter_for_a_posted_denial(db: Any, tmp_path: Path) -> None:
    build_denials(db)
    item = next(i for i in denials.work_queue(db) if i.reason_code == "97")
    folder = tmp_path / "letters"
    folder.mkdir()
    out = appeals.render_letter(db, item.id, folder / "appeal.pdf", today=date(2026, 11, 23))
    text = all_text(out.read_bytes())
    for expected in ("PCN0005", "ACME2025012000005", "CO-97", "M15", "99214", "36415",
                     "160.00", "Pat Green", "MP5", "500 Insurance Plaza", "11/23/2026"):
        assert expected in text, expected
    assert list(folder.iterdir()) == [out]
    assert denials.work_queue(db)[0].state == "open"  # rendering alone changes nothing


def test_write_appeal_marks_the_claim_appealed(db: Any, tmp_path: Path) -> None:
    from app.services import claims

    build_denials(db)
    item = next(i for i in denials.work_queue(db) if i.reason_code == "27")
    path, changes = appeals.write_appeal(db, item.id, tmp_path / "a.pdf")
    assert path.exists() and changes.claims
    assert claims.get_claim(db, item.claim_id)[0].status == "appealed"
    assert "CO-27" in all_text(path.read_bytes())


def test_a_failed_render_leaves_no_file_and_changes_nothing(db: Any, tmp_path: Path,
                                                            monkeypatch: Any) -> None:
    build_denials(db)
    item = denials.work_queue(db)[0]

    def broken(*args: Any) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(appeals, "render_appeal_letter", broken)
    folder = tmp_path / "letters"
    folder.mkdir()
    with pytest.raises(OSError):
        appeals.write_appeal(db, item.id, folder / "a.pdf")
    assert list(folder.iterdir()) == []
    assert denials.work_queue(db)[0].state == "open"
