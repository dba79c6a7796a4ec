"""Shared fixtures: one ICD-10-CM index per test session, fresh imports database per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.codesets import icd10_build, index_db
from app.paths import RESOURCES

SAMPLES = RESOURCES / "codesets" / "samples"


def shared_icd_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the ICD index once per session (other test folders call this too)."""
    target = tmp_path_factory.getbasetemp() / "icd-shared" / "codesets-icd10cm.sqlite3"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        icd10_build.build_icd_index(target)
    return target


def link_index(icd_index: Path, db: Path) -> Path:
    """Make ``db``'s sibling ICD index point at the shared one."""
    os.symlink(icd_index, index_db.icd_index_path(db))
    return db


@pytest.fixture(scope="session")
def icd_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_icd_index(tmp_path_factory)


@pytest.fixture
def codesets_db(tmp_path: Path, icd_index: Path) -> Path:
    return link_index(icd_index, tmp_path / "codesets.sqlite3")


@pytest.fixture
def reader(codesets_db: Path) -> Iterator[tuple]:
    conn, has_icd = index_db.open_reader(codesets_db)
    assert has_icd
    yield conn, has_icd
    conn.close()


@pytest.fixture
def samples() -> Path:
    return SAMPLES
