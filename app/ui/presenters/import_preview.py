"""Qt-free state of the import preview: counts, changed patients, questions, problems.

The questions (possible matches) come from the first preview and stay on screen while the
user answers them; each answer previews the import again with every answer so far, and the
counts follow. Import is possible once every question is answered and nothing is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.services.intake_plan import Answers, ImportPlan, PossibleMatch
from app.services.intake_screens import CandidateRow

NEW = "new"

_COUNT_LABELS = (("new_patients", "New patients"), ("updated_patients", "Updated patients"),
                 ("unchanged_patients", "Patients unchanged"),
                 ("possible_matches", "Possible matches to answer"),
                 ("new_policies", "New coverage"), ("new_visits", "New visits"),
                 ("visits_with_new_charges", "Visits with new charges"),
                 ("skipped_duplicates", "Skipped (imported before)"),
                 ("problems", "Problems"), ("warnings", "Warnings"))


@dataclass(frozen=True)
class QuestionRow:
    """A possible match with the answers offered (patient ids, then "new")."""

    key: str
    source: str
    choices: list[tuple[int | str, str]]


@dataclass(frozen=True)
class PreviewProblem:
    """A problem as the table shows it."""

    severity: str
    where: str
    field: str
    message: str


class PreviewPresenter:
    """What the preview screen shows and what the user answered."""

    def __init__(self, plan: ImportPlan, candidates: dict[int, CandidateRow]) -> None:
        self.plan = plan
        self.questions: list[PossibleMatch] = list(plan.questions)
        self.candidates = candidates
        self.answers: Answers = {}

    def update(self, plan: ImportPlan) -> None:
        """The plan previewed again with the answers so far."""
        self.plan = plan
        known = {q.key for q in self.questions}
        self.questions += [q for q in plan.questions if q.key not in known]

    def counts(self) -> list[tuple[str, int]]:
        c = self.plan.counts()
        c["possible_matches"] = sum(q.key not in self.answers for q in self.questions)
        return [(label, c[key]) for key, label in _COUNT_LABELS]

    def updated_rows(self) -> list[tuple[str, str]]:
        """(source key, changed fields) of the patients the import updates."""
        return [(p.key, ", ".join(f.replace("_", " ") for f in p.changed))
                for p in self.plan.updated_patients]

    def question_rows(self) -> list[QuestionRow]:
        rows = []
        for q in self.questions:
            choices: list[tuple[int | str, str]] = [
                (pid, self.candidates[pid].label if pid in self.candidates else f"Patient {pid}")
                for pid in q.candidate_ids]
            choices.append((NEW, "A new patient (not the same person)"))
            rows.append(QuestionRow(q.key, q.source, choices))
        return rows

    def answer(self, key: str) -> int | str | None:
        return self.answers.get(key)

    def set_answer(self, key: str, choice: int | str | None) -> None:
        """Record the user's answer (None: not answered yet)."""
        if choice is None:
            self.answers.pop(key, None)
        else:
            self.answers[key] = choice

    def problem_rows(self) -> list[PreviewProblem]:
        return [PreviewProblem(p.severity, p.source if p.line is None or "line" in p.source
                           else f"{p.source}: line {p.line}", p.field, p.message)
                for p in self.plan.problems]

    def can_import(self) -> bool:
        answered = all(q.key in self.answers for q in self.questions)
        return answered and self.plan.ok and self._writes_anything()

    def _writes_anything(self) -> bool:
        c = self.plan.counts()
        return any(c[k] for k in ("new_patients", "updated_patients", "new_policies",
                                  "new_visits", "visits_with_new_charges"))

    def summary(self) -> str:
        """The line under the counts: what Import will do, or what is still needed."""
        open_questions = sum(q.key not in self.answers for q in self.questions)
        if open_questions:
            return f"Answer {open_questions} possible match(es) before importing."
        if not self.plan.ok:
            return "Fix the problems listed below in the export and open it again."
        if not self._writes_anything():
            return "Everything in this file was imported before; there is nothing new."
        return "Ready: Import writes all of this at once, or nothing."
