"""The explicit rule list: every declared rule listed exactly once; every module imports alone."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import app.scrub
from app.scrub import declarations, registry
from app.scrub.declarations import Rule

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(f"app.scrub.{m.name}" for m in pkgutil.iter_modules(app.scrub.__path__))
RULE_MODULES = [name for name in MODULES if name.endswith("_rules")]


def declared_in_modules() -> list[Rule]:
    """Every ``Rule`` a rule module defines at top level."""
    found: list[Rule] = []
    for name in RULE_MODULES:
        module = importlib.import_module(name)
        found.extend(v for v in vars(module).values() if isinstance(v, Rule))
    return found


def test_the_list_holds_every_rule_function_exactly_once() -> None:
    listed = [r.check for r in registry.RULES]
    declared = [r.check for r in declared_in_modules()]
    assert len(listed) == len(set(listed))
    assert set(listed) == set(declared)
    assert len(declared) == len(set(declared)) == 60
    assert len({r.id for r in registry.RULES}) == len(registry.RULES)


def test_the_list_is_every_declaration() -> None:
    declared_ids = {rule_id for rule_id, r in declarations._DECLARED.items()
                    if r.check.__module__ in RULE_MODULES}
    assert declared_ids == {r.id for r in registry.RULES}


def test_a_rule_listed_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="listed twice"):
        registry._index([registry.RULES[0], registry.RULES[0]])


def test_rules_are_callable_like_their_functions() -> None:
    r = registry.get_rule("INT-003")
    assert r.check.__name__ == "no_lines"
    assert callable(r)


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_alone(module: str) -> None:
    code = f"import sys, {module}"
    if module in RULE_MODULES:  # a rule module does not pull the list in behind its back
        code += "; assert 'app.scrub.registry' not in sys.modules"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr


def imported(module: str) -> set[str]:
    """The modules ``module`` imports (at any depth of its source)."""
    tree = ast.parse((ROOT / Path(*module.split("."))).with_suffix(".py").read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


@pytest.mark.parametrize("module", [*RULE_MODULES, "app.scrub.declarations",
                                    "app.scrub.context"])
def test_rule_modules_do_not_import_the_registry(module: str) -> None:
    assert not imported(module) & {"app.scrub.registry", "app.scrub.rules"}
