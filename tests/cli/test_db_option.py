"""Every subcommand works on the database named by --db (before or after the subcommand).

The parser tree is walked, so a new command is covered as soon as it exists: it must get its
minimal arguments in ``MINIMAL`` below or this test fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app import paths
from app.cli.main import build_parser, main, subcommand_parsers
from app.codesets import index_db
from app.services import codes as codes_service
from app.services import encounters

# {out}: an empty output folder; {in}: a small junk input file.
MINIMAL: dict[tuple[str, ...], list[str]] = {
    ("demo",): ["--patients", "2", "--encounters", "3"],
    ("patients", "list"): [],
    ("patients", "ledger"): ["1"],
    ("payments", "add"): ["--patient", "1", "--amount", "5.00", "--method", "cash"],
    ("payments", "list"): [],
    ("payments", "void"): ["1", "--reason", "test"],
    ("payments", "apply-credit"): ["--patient", "1"],
    ("payments", "receipt"): ["1", "--out", "{out}/receipt.pdf"],
    ("claims", "list"): [],
    ("claims", "build"): ["--all-coded"],
    ("claims", "show"): ["1"],
    ("encounters", "list"): [],
    ("encounters", "check"): ["1"],
    ("encounters", "add"): ["--patient", "1", "--date", "2025-01-10", "--provider", "1"],
    ("scrub",): ["--all"],
    ("export-json",): ["{out}/practice.json"],
    ("import-json",): ["{in}"],
    ("backup",): ["{out}/backup.sqlite3"],
    ("restore",): ["{in}"],
    ("export-837",): ["--out", "{out}"],
    ("import-ack",): ["{in}"],
    ("print-claims",): ["--out", "{out}/claims.pdf"],
    ("print-alignment",): ["--out", "{out}/align.pdf"],
    ("statements",): ["--out", "{out}/statements.pdf"],
    ("import-835",): ["{in}"],
    ("held", "list"): [],
    ("held", "dismiss"): ["1"],
    ("held", "post-knowingly"): ["1"],
    ("denials", "list"): [],
    ("today",): [],
    ("kpi",): [],
    ("aging",): [],
    ("report", "month"): ["--month", "2026-03", "--out", "{out}/month.pdf"],
    ("eob", "post"): ["{in}"],
    ("refunds", "list"): [],
    ("refunds", "add"): ["--credit", "P1", "--check", "1", "--reason", "test"],
    ("refunds", "offset"): ["--credit", "P1"],
    ("codes", "search"): ["diabetes"],
    ("codes", "show"): ["E11.65"],
    ("codes", "import-hcpcs"): ["{in}"],
    ("codes", "import-ncci-ptp"): ["{in}"],
    ("codes", "import-mue"): ["{in}"],
    ("codes", "import-fees"): ["{in}"],
    ("codes", "import-contracts"): ["{in}"],
    ("codes", "status"): [],
    ("codes", "build-index"): [],
    ("gui",): [],
    ("init",): [],
    ("payers", "starter"): [],
    ("import-visits",): ["{in}"],
    ("deposits", "list"): [],
    ("deposits", "open"): [],
    ("deposits", "add"): ["1"],
    ("deposits", "close"): ["1", "--slip", "1.00"],
    ("day-close",): ["--date", "2025-02-01", "--out", "{out}/day.pdf"],
    ("plans", "add"): ["--patient", "1", "--monthly", "10", "--first-due", "2026-01-01"],
    ("plans", "missed"): [],
    ("collections", "proposals"): [],
    ("collections", "send"): ["1"],
    ("collections", "letters"): ["1", "--out", "{out}/letters.pdf"],
    ("collections", "export"): ["--csv", "{out}/agency.csv"],
    ("collections", "payment"): ["1", "--gross", "10"],
    ("held", "recheck"): ["1"],
}
# Commands that read only shipped data (no database at all).
NO_DATABASE = {("payers", "starter")}
# Commands that work on the code-set database only, never the practice database.
CODESETS_ONLY = {("codes", "show"), ("codes", "import-hcpcs"), ("codes", "import-ncci-ptp"),
                 ("codes", "import-mue"), ("codes", "status"), ("codes", "build-index")}


def _leaves() -> list[tuple[str, ...]]:
    found = []
    for words, parser in subcommand_parsers(build_parser()):
        if not any(isinstance(a, argparse._SubParsersAction) for a in parser._actions):
            found.append(words)
    return found


def test_every_subcommand_has_minimal_arguments() -> None:
    assert sorted(_leaves()) == sorted(MINIMAL), "add the new command to MINIMAL"


def _db_file(argument: str) -> str:
    """The file behind a ``sqlite3.connect`` argument (plain path or ``file:...?mode=ro``)."""
    text = str(argument)
    if text.startswith("file:"):
        text = text[5:].split("?", 1)[0]
    return os.path.abspath(text)


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every SQLite file this process opens (SQLAlchemy and plain ``sqlite3`` alike)."""
    opened: list[str] = []
    real = sqlite3.connect

    def spy(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        opened.append(_db_file(database))
        return real(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", spy)
    monkeypatch.setattr(sqlite3.dbapi2, "connect", spy)  # what SQLAlchemy calls
    return opened


@pytest.fixture
def fast_index_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """``codes build-index`` touches the index file instead of spending 8 s rebuilding it."""

    def build(target: Path, *_: Any, **__: Any) -> None:
        sqlite3.connect(target).close()

    monkeypatch.setattr(codes_service.icd10_build, "build_icd_index", build)


def _prepare(folder: Path, template: Path, icd_index: Path) -> tuple[Path, Path]:
    folder.mkdir()
    db = folder / "practice.sqlite3"
    shutil.copyfile(template, db)
    codesets = folder / "codesets.sqlite3"
    os.symlink(icd_index, index_db.icd_index_path(codesets))
    return db, codesets


def _run(words: tuple[str, ...], folder: Path, placement: str,
         gui: Callable[[Path | None], int]) -> int:
    out = folder / "out"
    out.mkdir()
    junk = folder / "in.txt"
    junk.write_text("not a real file\n")
    rest = [a.replace("{out}", str(out)).replace("{in}", str(junk)) for a in MINIMAL[words]]
    options = ["--db", str(folder / "practice.sqlite3"),
               "--codesets", str(folder / "codesets.sqlite3")]
    argv = ([*options, *words, *rest] if placement == "before"
            else [*words, *rest, *options])
    encounters._facts_cache.clear()
    return main(argv, gui=gui)


@pytest.mark.usefixtures("fast_index_build")
@pytest.mark.parametrize("words", sorted(MINIMAL), ids=" ".join)
def test_db_option_before_and_after_names_the_only_database_used(
        words: tuple[str, ...], tmp_path: Path, _empty_template: Path, icd_index: Path,
        connections: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    for placement in ("before", "after"):
        folder = tmp_path / placement
        db, codesets = _prepare(folder, _empty_template, icd_index)
        connections.clear()
        gui_got: list[Path | None] = []

        def gui(path: Path | None, got: list[Path | None] = gui_got) -> int:
            got.append(path)
            return 0

        code = _run(words, folder, placement, gui)
        _, err = capsys.readouterr()
        assert code in (0, 1), err
        assert "Traceback" not in err
        assert not paths.default_db().parent.exists() or not any(
            paths.default_db().parent.iterdir()), "the default data folder was used"
        if words == ("gui",):
            assert gui_got == [db]
            continue
        outside = {c for c in connections if Path(c).parent != folder
                   and not Path(c).is_relative_to(folder / "out")
                   and c != str(folder / "in.txt")}
        assert not outside, f"{placement}: opened {outside}"
        if words in NO_DATABASE:
            assert not connections
        elif words not in CODESETS_ONLY:
            assert str(db) in connections, f"{placement}: {db} was not opened"
        elif code == 0:
            assert any(c.startswith(str(codesets.with_suffix(""))) for c in connections)


@pytest.mark.parametrize("placement", ["before", "after"])
def test_installed_command_honours_db_and_reports_json_failures(
        placement: str, tmp_path: Path, _empty_template: Path) -> None:
    import json
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    db = tmp_path / "named.sqlite3"
    shutil.copyfile(_empty_template, db)
    data = tmp_path / "default-data"
    env = {**os.environ, "CLAIMDESK_DATA": str(data), "PYTHONPATH": str(root)}
    options = ["--db", str(db), "--json"]

    def claimdesk(*words: str) -> subprocess.CompletedProcess[str]:
        argv = [*options, *words] if placement == "before" else [*words, *options]
        return subprocess.run([sys.executable, "-m", "app.launch", *argv], cwd=root, env=env,
                              capture_output=True, text=True, timeout=120)

    listed = claimdesk("patients", "list")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == []
    failed = claimdesk("export-json", str(tmp_path / "out.json"))
    assert failed.returncode == 1
    assert failed.stderr.count("\n") == 1 and "no practice" in failed.stderr
    assert "Traceback" not in failed.stderr
    error = json.loads(failed.stdout)
    assert error["ok"] is False and "no practice" in error["error"]
    assert not data.exists(), "the default data folder was used"
