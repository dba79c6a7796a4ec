"""import-json never crashes on a mutated document: a located message, exit 1, nothing written."""

from __future__ import annotations

import copy
import itertools
import json
import random
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services import demo, practice_io
from app.store.database import Database
from tests.cli.fuzzing import NASTY_TEXT, run_cli, table_dump, write_bytes

EXAMPLES = 120
DEEP = "<deeply nested list>"
NASTY_VALUES: list[Any] = [*NASTY_TEXT, None, True, 0, -1, 10**30, 2**63, -(2**63) - 1,
                           1.5, [], {}, [1, 2], {"x": 1}, Decimal("1e30")]


@pytest.fixture(scope="module")
def document_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo practice exported as JSON (a path: hypothesis prints its arguments)."""
    folder = tmp_path_factory.mktemp("json-fuzz")
    db = Database(folder / "demo.sqlite3")
    demo.create_demo(db, patients=3, encounters=8, seed=5, codesets=folder / "codesets.sqlite3")
    path = folder / "practice.json"
    path.write_text(practice_io.document_json(practice_io.export_document(db)))
    db.dispose()
    return path


@pytest.fixture(scope="module")
def document(document_file: Path) -> dict[str, Any]:
    return json.loads(document_file.read_text())


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*prefix, i))
    return found


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        doc = doc[part]
    return doc


def _mutate(doc: dict[str, Any], rng: random.Random) -> str:
    """One to three mutations of a copy of ``doc``, then maybe one raw-text mutation."""
    doc = copy.deepcopy(doc)
    depth = rng.choice([2, 50, 3000])
    for _ in range(rng.randint(1, 3)):
        path = rng.choice([p for p in _paths(doc) if p])
        parent = _parent(doc, path)
        how = rng.choice(["replace", "replace", "delete", "duplicate", "deepen"])
        if how == "replace":
            parent[path[-1]] = rng.choice(NASTY_VALUES)
        elif how == "delete":
            del parent[path[-1]]
        elif how == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[path[-1]]))
        else:
            parent[path[-1]] = DEEP
    text = json.dumps(doc, default=str).replace(f'"{DEEP}"', "[" * depth + "1" + "]" * depth)
    if rng.random() < 0.2:
        cut = rng.randint(0, len(text))
        text = text[:cut] + rng.choice(["NaN", "1e30", "\ufeff", "}", ""]) + text[cut:]
    return text


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(seed=st.integers(0, 2**32 - 1))
def test_import_json_mutated_documents(seed: int, document_file: Path,
                                       tmp_path: Path, _empty_template: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    number = next(_counter)
    document = json.loads(document_file.read_text())
    source = tmp_path / f"doc{number}.json"
    write_bytes(source, _mutate(document, random.Random(seed)))
    db = tmp_path / f"db{number}.sqlite3"
    shutil.copyfile(_empty_template, db)
    before = table_dump(db)
    code, _, err = run_cli(capsys, ["import-json", str(source), "--db", str(db)])
    if code == 1:
        assert source.name in err
        assert table_dump(db) == before, "a failed import wrote something"
    for patient in document["patients"]:  # no patient data in messages
        last, born = patient["patient"]["last_name"], patient["patient"]["birth_date"]
        assert (len(last) < 4 or last not in err) and born not in err


_counter = itertools.count()


def test_duplicate_ids_and_huge_amounts_are_located(
        document: dict[str, Any], tmp_path: Path, _empty_template: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    doc = copy.deepcopy(document)
    doc["ledger"].append(copy.deepcopy(doc["ledger"][0]))
    doc["encounters"][0]["lines"][0]["units"] = "1e30"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(doc))
    db = tmp_path / "db.sqlite3"
    shutil.copyfile(_empty_template, db)
    before = table_dump(db)
    code, out, err = run_cli(capsys, ["import-json", str(source), "--db", str(db), "--json"])
    assert code == 1
    assert f"$.ledger[{len(doc['ledger']) - 1}].id: id 1 is also used at $.ledger[0].id" in err
    assert "$.encounters[0].lines[0].units" in err
    error = json.loads(out)
    assert error["ok"] is False
    assert {p["field"] for p in error["problems"]} >= {"$.encounters[0].lines[0].units"}
    assert table_dump(db) == before


@pytest.mark.parametrize("text", ["[" * 100_000, '{"practice": ' + "9" * 5000 + "}",
                                  '{"format": NaN}', "\ufeff{}"])
def test_unreadable_json_is_one_located_message(text: str, tmp_path: Path,
                                                _empty_template: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "odd.json"
    source.write_text(text)
    db = tmp_path / "db.sqlite3"
    shutil.copyfile(_empty_template, db)
    code, _, err = run_cli(capsys, ["import-json", str(source), "--db", str(db)])
    assert code == 1 and "odd.json" in err
