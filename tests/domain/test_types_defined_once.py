"""Each type is defined once: one definition, every other use an import."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"

# Same name, different things, left alone (see the note for each):
KNOWN = {
    "ClaimStatus",  # claim status enum vs 277CA status record: the claims work renames one
    "Owner",  # finding owner vs CARC denial owner (different values, stored in data files)
    "Column",  # table column vs the code look-up's hit column (ui)
    "_Reader",  # private helpers of two unrelated modules
}


def class_names() -> dict[str, list[str]]:
    """Top-level class names outside the ORM tables, with the modules defining them."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in APP.rglob("*.py"):
        if path.name == "tables.py" or "migrations" in path.parts:
            continue  # ORM classes mirror the records they store under *Row names
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ClassDef):
                found[node.name].append(str(path.relative_to(APP)))
    return found


def test_no_class_name_is_defined_twice() -> None:
    twice = {name for name, where in class_names().items() if len(where) > 1}
    assert twice <= KNOWN, {name: class_names()[name] for name in twice - KNOWN}


def test_the_merged_types_are_the_same_objects() -> None:
    from app.domain import codes, remittance, submission
    from app.printing import boxmap, statement_layout
    from app.services import fees

    assert submission.CasAdjustment is remittance.Adjustment
    assert fees.ImportResult is codes.ImportResult
    assert statement_layout.FormModel is boxmap.FormModel


def test_fee_import_messages_have_no_empty_version() -> None:
    from app.domain.codes import ImportResult

    assert ImportResult("fees", "fees.csv", "", 3).message == "fees.csv: imported 3 rows."
    assert ImportResult("mue", "m.csv", "2026Q3", 3).message == "m.csv: imported 3 rows (2026Q3)."
    assert ImportResult("fees", "f.csv", "", 0, True).message == (
        "f.csv: already imported; nothing changed.")
