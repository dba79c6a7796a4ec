"""Shared fixtures: offscreen Qt, isolated data folder, template databases copied per test."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import gc
import shutil
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app import paths

DEMO_TODAY = date(2026, 11, 23)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use ``qtbot`` or ``qapp`` get the ``gui`` marker."""
    for item in items:
        if {"qtbot", "qapp"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """In Qt tests no cycle collection runs in a job's pool thread (as in the app)."""
    if not {"qtbot", "qapp"} & set(request.fixturenames):
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


@pytest.fixture(autouse=True)
def _isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own data folder and QSettings location."""
    data = tmp_path / "data"
    paths.set_data_dir(data)
    monkeypatch.setenv("CLAIMDESK_DATA", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    yield
    paths.set_data_dir(None)
    loaded = sys.modules.get("app.services.encounters")
    if loaded is not None:
        loaded._facts_cache.clear()


@pytest.fixture(scope="session")
def _empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from app.store.database import Database

    path = tmp_path_factory.mktemp("tpl") / "empty.sqlite3"
    Database(path).dispose()
    return path


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from app.services import demo
    from app.store.database import Database

    path = tmp_path_factory.mktemp("tpl") / "demo.sqlite3"
    db = Database(path)
    demo.create_demo(db, patients=60, encounters=300, seed=11, today=DEMO_TODAY)
    db.dispose()
    return path


def _copy(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    return target


@pytest.fixture
def db_path(tmp_path: Path, _empty_template: Path) -> Path:
    """Path of a fresh, migrated, empty practice database."""
    return _copy(_empty_template, tmp_path / "practice.sqlite3")


@pytest.fixture
def db(db_path: Path):  # type: ignore[no-untyped-def]
    """An open, empty practice database."""
    from app.services.workspace import open_database

    database = open_database(db_path)
    yield database
    database.dispose()


@pytest.fixture
def demo_db_path(tmp_path: Path, _demo_template: Path) -> Path:
    """Path of a copy of a small demo practice (60 patients, 300 encounters)."""
    return _copy(_demo_template, tmp_path / "demo.sqlite3")


@pytest.fixture
def demo_db(demo_db_path: Path):  # type: ignore[no-untyped-def]
    """An open copy of the small demo practice."""
    from app.services.workspace import open_database

    database = open_database(demo_db_path)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def icd_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ICD-10-CM index, built once per test session (about 8 s)."""
    from app.codesets import icd10_build

    target = tmp_path_factory.getbasetemp() / "icd-shared" / "codesets-icd10cm.sqlite3"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        icd10_build.build_icd_index(target)
    return target


@pytest.fixture
def codesets(icd_index: Path) -> Path:
    """The default code-set database of this test's data folder, with the shared ICD index."""
    from app.codesets import index_db
    from app.services import encounters

    db = paths.codesets_db()
    link = index_db.icd_index_path(db)
    if not link.exists():
        os.symlink(icd_index, link)
    encounters._facts_cache.clear()
    return db
