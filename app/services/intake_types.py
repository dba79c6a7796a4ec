"""What an import plan holds: the patients, coverage and visits an import would write.

Built by :class:`app.services.intake_plan.Planner`; read by the preview (CLI and window) and
written by ``intake.commit``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.encounters import Encounter
from app.domain.errors import Problem
from app.domain.patients import Patient, Policy

#: The user's answer for a possible match: an existing patient id, or "new".
Answers = dict[str, int | str]


@dataclass(frozen=True)
class PossibleMatch:
    """A source patient who matches existing patients only by name and birth date."""

    key: str
    source: str
    candidate_ids: tuple[int, ...]


@dataclass
class PatientChange:
    """A patient to create or update; ``patient`` is the record to save."""

    key: str
    source: str
    patient: Patient
    changed: tuple[str, ...] = ()
    as_of: str = ""  # when the source wrote it (ImportPatient.as_of)


@dataclass
class VisitPlan:
    """A new visit, or new charge lines on a visit imported before (``existing_id``)."""

    key: str
    source: str
    patient_key: str
    encounter: Encounter
    line_keys: tuple[str, ...]
    existing_id: int | None = None


@dataclass
class ImportPlan:
    """Everything an import would write, and why the rest is left out."""

    source_system: str
    new_patients: list[PatientChange] = field(default_factory=list)
    updated_patients: list[PatientChange] = field(default_factory=list)
    unchanged_patients: int = 0
    questions: list[PossibleMatch] = field(default_factory=list)
    new_policies: list[tuple[str, Policy]] = field(default_factory=list)
    ended_policies: list[Policy] = field(default_factory=list)
    new_visits: list[VisitPlan] = field(default_factory=list)
    added_lines: list[VisitPlan] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing blocks the commit (no errors, no open questions)."""
        return not self.questions and not any(p.severity == "error" for p in self.problems)

    def counts(self) -> dict[str, int]:
        """The preview's numbers."""
        return {"new_patients": len(self.new_patients),
                "updated_patients": len(self.updated_patients),
                "unchanged_patients": self.unchanged_patients,
                "possible_matches": len(self.questions),
                "new_policies": len(self.new_policies),
                "new_visits": len(self.new_visits),
                "visits_with_new_charges": len(self.added_lines),
                "skipped_duplicates": len(self.skipped),
                "problems": sum(p.severity == "error" for p in self.problems),
                "warnings": sum(p.severity == "warning" for p in self.problems)}
