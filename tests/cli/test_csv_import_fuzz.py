"""Every code-set and fee CSV importer survives mutated files: exit 0 or 1, no traceback,
and a rejected file leaves its database exactly as it was."""

from __future__ import annotations

import itertools
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.paths import RESOURCES
from app.store.database import Database
from tests.builders import add_payer
from tests.cli.fuzzing import NASTY_TEXT, run_cli, table_dump

EXAMPLES = 60
SAMPLES = RESOURCES / "codesets" / "samples"
FEES = ("code,modifier,label,charge,effective_date\n"
        "99213,,Office visit est. low,125.00,2026-01-01\n"
        "99213,25,Office visit est. low,130.00,07/01/2026\n"
        "J0696,,Ceftriaxone 250 mg,$78.50,2026-01-01\n")
CONTRACTS = ("payer_id,code,modifier,allowed,effective_date\n"
             "ACME1,99213,,95.00,2026-01-01\n"
             "ACME1,99214,,130.25,2026-01-01\n")
#: command, file name, sample text, field delimiter (None: fixed width), database kind
IMPORTERS = {
    "import-hcpcs": ("HCPC2026_JAN_ANWEB_sample.txt", None, "codesets"),
    "import-ncci-ptp": ("medicare-ncci-2026q3-practitioner-ptp-edits-ccipra-v322r0-f1.txt",
                        "\t", "codesets"),
    "import-mue": ("MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", ",", "codesets"),
    "import-fees": ("fees.csv", ",", "practice"),
    "import-contracts": ("contracts.csv", ",", "practice"),
}


def _sample(command: str) -> bytes:
    name = IMPORTERS[command][0]
    text = {"import-fees": FEES, "import-contracts": CONTRACTS}.get(command)
    return text.encode() if text else (SAMPLES / name).read_bytes()


def _mutate_line(line: str, delimiter: str | None, rng: random.Random) -> str:
    nasty = rng.choice(NASTY_TEXT)
    if delimiter and delimiter in line and rng.random() < 0.7:
        cells = line.split(delimiter)
        cells[rng.randrange(len(cells))] = nasty
        return delimiter.join(cells)
    at = rng.randint(0, len(line))
    width = len(nasty) if delimiter is None and rng.random() < 0.5 else 0  # overwrite columns
    return line[:at] + nasty + line[at + width:]


def mutate(data: bytes, delimiter: str | None, rng: random.Random) -> bytes:
    """One to three line mutations, then maybe an encoding or byte-level mutation."""
    lines = data.decode("latin-1").split("\n")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        how = rng.choice(["field", "field", "field", "duplicate", "delete", "truncate"])
        if how == "field":
            lines[i] = _mutate_line(lines[i], delimiter, rng)
        elif how == "duplicate":
            lines.insert(i, lines[i])
        elif how == "delete" and len(lines) > 1:
            del lines[i]
        elif how == "truncate":
            lines = lines[: i + 1]
            lines[i] = lines[i][: rng.randint(0, len(lines[i]))]
    text = "\n".join(lines)
    encoding = rng.choice(["utf-8", "utf-8", "latin-1", "utf-16", "bom", "raw"])
    if encoding == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogateescape")
    if encoding == "raw":
        out = bytearray(text.encode("utf-8", "surrogateescape"))
        out[rng.randrange(len(out) + 1):0] = bytes([rng.randrange(256)])
        return bytes(out)
    return text.encode(encoding, "surrogateescape" if encoding == "utf-8" else "replace")


@pytest.fixture(scope="module")
def practice_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty practice with the payer the contracts name."""
    path = tmp_path_factory.mktemp("fuzz-practice") / "practice.sqlite3"
    db = Database(path)
    add_payer(db)
    db.dispose()
    return path


_counter = itertools.count()


@pytest.mark.parametrize("command", sorted(IMPORTERS))
def test_sample_imports_cleanly(command: str, tmp_path: Path, practice_template: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    """The unmutated files import (so the fuzz below starts from files that work)."""
    code, _, err = _import(command, _sample(command), tmp_path, practice_template, capsys)
    assert code == 0, err


def _import(command: str, data: bytes, folder: Path, template: Path,
            capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    name, _, kind = IMPORTERS[command]
    work = folder / f"run{next(_counter)}"
    work.mkdir()
    source = work / name
    source.write_bytes(data)
    practice = work / "practice.sqlite3"
    shutil.copyfile(template, practice)
    target = practice if kind == "practice" else work / "codesets.sqlite3"
    run_cli(capsys, ["codes", "import-mue", str(SAMPLES / IMPORTERS["import-mue"][0]),
                     "--codesets", str(target)]) if kind == "codesets" else None
    before = table_dump(target)
    code, out, err = run_cli(capsys, ["codes", command, str(source), "--db", str(practice),
                                      "--codesets", str(work / "codesets.sqlite3")])
    if code == 1:
        assert name in err or "claimdesk: " in err
        assert table_dump(target) == before, "a rejected file changed the database"
    return code, out, err


@pytest.mark.parametrize("command", sorted(IMPORTERS))
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_mutated_files_never_crash_or_write_half(
        command: str, seed: int, tmp_path: Path, practice_template: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    data = mutate(_sample(command), IMPORTERS[command][1], random.Random(seed))
    _import(command, data, tmp_path, practice_template, capsys)


@pytest.mark.parametrize(("command", "bad", "expected"), [
    ("import-fees", FEES.replace("125.00", "1e30"), "line 2, charge"),
    ("import-fees", FEES.replace("Office visit est. low", "x" * 200_000, 1),
     "line 2: a field is longer than"),
    ("import-fees", FEES.replace("2026-01-01", "2026-02-30", 1), "line 2, effective_date"),
    ("import-fees", FEES.replace("charge,", "price,"), "charge: column is missing"),
    ("import-contracts", CONTRACTS.replace("95.00", "99999999999999999999"), "line 2, allowed"),
    ("import-mue", None, "MUE Value"),
])
def test_bad_values_are_located(command: str, bad: str | None, expected: str, tmp_path: Path,
                                practice_template: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    # None: the MUE sample with a superscript two (a Latin-1 "digit") as the unit count
    data = bad.encode() if bad else _sample(command).replace(b",1,2", b",\xb2,2", 1)
    code, _, err = _import(command, data, tmp_path, practice_template, capsys)
    assert code == 1 and expected in err, err
