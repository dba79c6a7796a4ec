"""UI test fixtures: isolated QSettings, patched dialogs and error hook, jobs drained."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests import builders

#: The offscreen platform warns whenever a shown top-level window changes its size limits.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def _ui_isolation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                  qapp: Any) -> Iterator[list[Any]]:
    from PySide6.QtCore import QSettings

    from app.ui import dialogs, errors, jobs

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "qsettings"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "qsettings"))
    reports: list[Any] = []
    monkeypatch.setattr(errors, "display", lambda parent, report: reports.append(report))
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kwargs: True)
    monkeypatch.setattr(dialogs, "inform", lambda *args, **kwargs: None)
    monkeypatch.setattr(dialogs, "choose", lambda parent, title, text, options: options[-1][0])
    yield reports
    jobs.wait_idle()


@pytest.fixture
def error_reports(_ui_isolation: list[Any]) -> list[Any]:
    """Error reports shown through ``app.ui.errors`` during the test."""
    return _ui_isolation


def demo_available() -> bool:
    return importlib.util.find_spec("app.demo.generator") is not None


def populate(db: Any, patients: int = 40) -> None:
    """A small practice built from user actions (used when the demo generator is absent)."""
    builders.set_up_practice(db)
    acme = builders.add_payer(db)
    blue = builders.add_payer(db, "Blue Plan", "BLUE1", filing_indicator="BL")
    builders.add_provider(db)
    last_names = ["Garcia", "Johnson", "Miller", "Nguyen", "Okafor", "Smith", "Walker", "Young"]
    for n in range(patients):
        last = last_names[n % len(last_names)]
        patient = builders.add_patient(db, last=last, first=f"Pat{n:03d}", account=f"A{n:04d}",
                                       birth_date=date(1950 + n % 50, 1 + n % 12, 1 + n % 28))
        builders.add_policy(db, patient.id, (acme if n % 2 else blue).id,
                            member_id=f"M{n:06d}")


@pytest.fixture
def practice_db(request: pytest.FixtureRequest, db: Any) -> Any:
    """The demo practice when the generator exists, else a builder-made practice."""
    if demo_available():
        return request.getfixturevalue("demo_db")
    populate(db)
    return db


@pytest.fixture
def window(practice_db: Any, qtbot: Any) -> Any:
    from app.ui.app import create_main_window

    win = create_main_window(practice_db)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win
