"""Every on-disk location ClaimDesk uses. Tests override them with ``set_data_dir``."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

_override: Path | None = None
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
FORMS = Path(__file__).resolve().parent.parent / "forms"


def set_data_dir(path: Path | None) -> None:
    """Point every data location at ``path`` (tests) or back at the default (None)."""
    global _override
    _override = path


def data_dir() -> Path:
    """The per-user data folder (``CLAIMDESK_DATA`` overrides it)."""
    if _override is not None:
        base = _override
    elif os.environ.get("CLAIMDESK_DATA"):
        base = Path(os.environ["CLAIMDESK_DATA"])
    else:
        base = Path(user_data_dir("ClaimDesk", "ClaimDesk"))
    base.mkdir(parents=True, exist_ok=True)
    return base


def default_db() -> Path:
    """The practice database used when no ``--db`` is given."""
    return data_dir() / "claimdesk.sqlite3"


def codesets_db() -> Path:
    """The code-set reference database (ICD-10-CM index, HCPCS, NCCI, MUE)."""
    return data_dir() / "codesets.sqlite3"


def exports_dir() -> Path:
    """Where claim batches, printouts and JSON exports go by default."""
    path = data_dir() / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def logs_dir() -> Path:
    """Where the application log is written."""
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def backups_dir() -> Path:
    """Where automatic backups go."""
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path
