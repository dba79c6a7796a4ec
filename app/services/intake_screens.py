"""Query functions for the Import visits screens (the window reads nothing else).

The file's columns with sample values for the mapping screen, the default name a mapping is
saved under, and the existing patients a possible match names, as plain rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.services import intake, intake_csv
from app.store import intake_repo
from app.store.database import Database

SAMPLE_ROWS = 3


@dataclass(frozen=True)
class FileColumns:
    """The header of a CSV/Excel export with the first values of each column."""

    headers: list[str]
    samples: dict[str, list[str]]
    row_count: int


@dataclass(frozen=True)
class CandidateRow:
    """An existing patient offered as the answer to a possible match."""

    patient_id: int
    label: str


def needs_mapping(source: Path) -> bool:
    """True when ``source`` is one CSV/TSV/Excel file (its columns need mapping)."""
    return source.is_file() and intake.detect_format(source) == "csv"


def file_columns(path: Path) -> FileColumns:
    """The columns of ``path`` and up to three sample values each."""
    headers, rows = intake_csv.read_rows(path)
    samples = {h: [r[i] for r in rows[:SAMPLE_ROWS] if i < len(r) and r[i]]
               for i, h in enumerate(headers)}
    return FileColumns(headers, samples, len(rows))


def source_name(path: Path) -> str:
    """The name a file's mapping is saved under: its name without dates, numbers and suffix.

    ``visits-2026-11-30.csv`` and ``visits_2026-12-01.xlsx`` share the mapping ``visits``.
    """
    stem = re.sub(r"[\d_\-. ]+", " ", path.stem.lower()).strip()
    return re.sub(r"\s+", "-", stem) or "export"


def candidates(db: Database, patient_ids: Iterable[int]) -> dict[int, CandidateRow]:
    """Existing patients by id as ``LAST, First · DOB · account`` rows."""
    with db.reading() as session:
        found = intake_repo.patients_by_ids(session, patient_ids)
    return {pid: CandidateRow(pid, f"{p.last_name}, {p.first_name} · born "
                                   f"{p.birth_date:%m/%d/%Y} · account {p.account_number}")
            for pid, p in found.items()}
