"""Builders for the coding UI tests: a small practice with a fee schedule and visits.

(No tests here; the coding test modules import these functions.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from app.services import encounters, fees
from tests import builders

FEES = """code,modifier,label,charge,effective_date
99213,,Office visit est. low,145.00,2024-01-01
99214,,Office visit est. moderate,205.00,2024-01-01
36415,,Blood draw,20.00,2024-01-01
83036,,A1c in office,38.00,2024-01-01
20610,,Arthrocentesis major joint,180.00,2024-01-01
J1030,,Methylprednisolone 40 mg,22.00,2024-01-01
"""

NOTE = ("Established patient, follow-up of type 2 diabetes with hyperglycemia. A1c 8.4 today. "
        "Also complains of right knee pain for 3 weeks, no injury. Exam: mild effusion right "
        "knee. Plan: adjust metformin, knee x-ray if not better.")


@dataclass(frozen=True)
class CodingPractice:
    """Ids of what :func:`coding_practice` created."""

    provider_id: int
    patient_ids: list[int]
    encounter_ids: list[int]


def add_fee_schedule(db: Any, folder: Path) -> None:
    path = folder / "fees.csv"
    path.write_text(FEES)
    fees.import_fee_schedule(db, path)


def add_visit(db: Any, patient_id: int, provider_id: int, dos: date, *,
              diagnoses: tuple[str, ...] = (), lines: tuple[dict[str, Any], ...] = (),
              note: str = NOTE) -> int:
    """Record a visit for coding (uncoded unless codes are given)."""
    data = {"patient_id": patient_id, "rendering_provider_id": provider_id,
            "date_of_service": dos, "documentation": note, "diagnoses": diagnoses,
            "lines": lines}
    return encounters.save(db, data)[0].id or 0


def coding_practice(db: Any, folder: Path, visits: int = 3) -> CodingPractice:
    """A practice with one provider, a fee schedule, patients and uncoded visits."""
    builders.set_up_practice(db)
    payer = builders.add_payer(db)
    provider = builders.add_provider(db)
    add_fee_schedule(db, folder)
    patient_ids, encounter_ids = [], []
    today = date.today()
    for n in range(visits):
        patient = builders.add_patient(db, last=f"Coder{n}", first="Pat", account=f"C{n:04d}",
                                       birth_date=date(1960 + n, 3, 1 + n))
        builders.add_policy(db, patient.id, payer.id, member_id=f"MC{n:06d}")
        patient_ids.append(patient.id)
        encounter_ids.append(add_visit(db, patient.id, provider.id,
                                       today - timedelta(days=10 - n)))
    return CodingPractice(provider.id, patient_ids, encounter_ids)
