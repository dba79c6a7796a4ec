"""The import screens' presenters, without Qt: mapping choices and preview answers."""

from __future__ import annotations

from pathlib import Path

from app.domain.errors import Problem
from app.services import intake_screens
from app.services.intake_plan import ImportPlan, PossibleMatch
from app.services.intake_screens import CandidateRow, FileColumns
from app.ui.presenters.import_mapping import MappingPresenter, field_label
from app.ui.presenters.import_preview import NEW, PreviewPresenter


def _columns() -> FileColumns:
    return FileColumns(["Pt Acct", "Surname", "DOS", "Notes"],
                       {"Pt Acct": ["A1", "A2"], "Surname": ["ROE"], "DOS": ["11/02/2026"]}, 2)


def test_one_column_per_field_and_mrn_required() -> None:
    p = MappingPresenter(_columns(), "visits", {"last_name": "Surname",
                                                "date_of_service": "DOS"}, saved=False)
    assert [r.field for r in p.rows()] == ["", "last_name", "date_of_service", ""]
    assert p.rows()[0].samples == "A1 | A2"
    assert p.problems() == ["Choose the column that holds the patient's MRN or account number."]
    p.set_field("Pt Acct", "mrn")
    assert p.problems() == []
    assert p.set_field("Notes", "last_name") == ["Surname"]  # the field moves
    assert p.mapping() == {"mrn": "Pt Acct", "last_name": "Notes", "date_of_service": "DOS"}
    p.name = " "
    assert p.problems() == ["Give the mapping a name so it can be used again."]
    assert "check them" in p.status() and "4 columns, 2 rows" in p.status()
    assert field_label("rendering_npi") == "Rendering NPI"


def test_saved_mapping_is_announced_and_names_drop_dates() -> None:
    p = MappingPresenter(_columns(), "visits", {"mrn": "Pt Acct", "city": "Gone"}, saved=True)
    assert p.mapping() == {"mrn": "Pt Acct"}  # a column the file no longer has is dropped
    assert "saved as 'visits'" in p.status()
    assert intake_screens.source_name(Path("Visits_2026-11-30.csv")) == "visits"
    assert intake_screens.source_name(Path("ehr visits 12.xlsx")) == "ehr-visits"


def _plan(questions: bool = True, error: bool = False) -> ImportPlan:
    plan = ImportPlan("csv")
    if questions:
        plan.questions.append(PossibleMatch("M7", "v.csv: line 2", (4, 9)))
    if error:
        plan.problems.append(Problem("v.csv", "charge", "Not a number.", line=3))
    plan.skipped.append("v.csv: line 5")
    return plan


def test_questions_stay_until_answered_and_gate_the_import() -> None:
    p = PreviewPresenter(_plan(), {4: CandidateRow(4, "ROE, Ann · born 01/02/1980")})
    rows = p.question_rows()
    assert [c[0] for c in rows[0].choices] == [4, 9, NEW]
    assert rows[0].choices[0][1].startswith("ROE, Ann") and rows[0].choices[1][1] == "Patient 9"
    assert dict(p.counts())["Possible matches to answer"] == 1
    assert not p.can_import() and "Answer 1" in p.summary()
    p.set_answer("M7", 4)
    answered = _plan(questions=False)
    answered.new_visits.append(object())  # type: ignore[arg-type]
    p.update(answered)  # previewed again with the answer: the question stays on screen
    assert [q.key for q in p.question_rows()] == ["M7"] and p.answer("M7") == 4
    assert dict(p.counts())["Possible matches to answer"] == 0
    assert dict(p.counts())["Skipped (imported before)"] == 1
    assert p.can_import() and p.summary().startswith("Ready")
    p.set_answer("M7", None)
    assert not p.can_import()


def test_problems_block_and_name_their_place() -> None:
    p = PreviewPresenter(_plan(questions=False, error=True), {})
    assert [(r.where, r.field) for r in p.problem_rows()] == [("v.csv: line 3", "charge")]
    assert not p.can_import() and "Fix the problems" in p.summary()
    nothing = PreviewPresenter(_plan(questions=False), {})
    assert not nothing.can_import() and "nothing new" in nothing.summary()
