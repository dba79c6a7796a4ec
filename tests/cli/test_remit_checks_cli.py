"""``import-835 --dry-run`` and ``held`` show the held remitted claims, in text and JSON."""
# ruff: noqa: F811  (the shared ``practice`` fixture is imported, then named by each test)

import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.store.database import Database
from tests.services.test_remit_checks import PAID_AND_PARTIAL
from tests.services.test_remittances import FIXTURES, practice  # noqa: F401


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_preview_and_held_commands(db: Database, practice: dict, db_path: Path,
                                   tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_arg = str(db_path)
    assert run(capsys, "import-835", str(FIXTURES / "835_paid_and_partial.txt"),
               "--db", db_arg)[0] == 0
    resent = tmp_path / "resent.835"
    resent.write_text(PAID_AND_PARTIAL.replace("EFT20250201001", "EFT777"))
    code, out, _ = run(capsys, "import-835", str(resent), "--dry-run", "--db", db_arg)
    assert code == 0 and "2 claim(s) would be held" in out
    assert "possible duplicate payment" in out and "2100/CLP04" in out
    assert "resent.835, segment 17" in out and "earlier remittance: file 835_paid" in out
    code, out, _ = run(capsys, "import-835", str(resent), "--dry-run", "--json", "--db", db_arg)
    held = json.loads(out)["held"]
    assert [h["kind"] for h in held] == ["duplicate", "duplicate"]
    assert held[0]["paid"] == "82.40" and "EFT20250201001" in held[0]["earlier"]
    run(capsys, "import-835", str(resent), "--db", db_arg)
    code, out, _ = run(capsys, "held", "list", "--json", "--db", db_arg)
    first, second = json.loads(out)
    code, out, _ = run(capsys, "held", "post-knowingly", str(first["id"]), "--db", db_arg)
    assert code == 0 and "credit balance 82.40 owed to the payer" in out
    code, out, _ = run(capsys, "held", "dismiss", str(second["id"]), "--db", db_arg)
    assert code == 0 and "dismissed" in out
    code, out, err = run(capsys, "held", "dismiss", str(second["id"]), "--db", db_arg)
    assert code == 1 and "no longer waiting" in err
    assert run(capsys, "held", "list", "--db", db_arg)[1].startswith("Nothing held.")
