"""The coding editor's modules import in one direction: view > ops > panels and dialogs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CODING = Path(__file__).resolve().parents[2] / "app" / "ui" / "coding"


def imported(module: str) -> set[str]:
    """The ``app.ui.coding`` modules ``module`` imports, TYPE_CHECKING blocks included."""
    tree = ast.parse((CODING / f"{module}.py").read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return {n.removeprefix("app.ui.coding.") for n in names if n.startswith("app.ui.coding.")}


@pytest.mark.parametrize("module", ["editor_ops", "editor_reads", "editor_panels"])
def test_the_view_is_imported_by_no_editor_module(module: str) -> None:
    assert "editor_view" not in imported(module)


def test_ops_and_reads_do_not_import_each_other() -> None:
    assert "editor_reads" not in imported("editor_ops")
    assert "editor_ops" not in imported("editor_reads")


def test_the_view_provides_what_the_ops_use() -> None:
    from app.ui.coding.editor_ops import CodingHost
    from app.ui.coding.editor_view import EncounterCodingView

    wanted = {n for n in vars(CodingHost) if not n.startswith("_")}
    wanted |= set(CodingHost.__annotations__)
    class_level = {n for n in wanted if hasattr(EncounterCodingView, n)}
    source = (CODING / "editor_view.py").read_text()
    assert all(n in class_level or f"self.{n}" in source for n in wanted)
