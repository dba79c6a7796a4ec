"""The ``claimdesk`` entry point: the window without a subcommand, the CLI with one.

It sits above both front ends (``app.ui`` and ``app.cli`` never import each other).
"""

from __future__ import annotations

from pathlib import Path

from app.cli.main import main as cli_main


def _gui(db: Path | None) -> int:
    from app.ui.app import run_gui  # Qt is imported only when the window is wanted

    return run_gui(db)


def main(argv: list[str] | None = None) -> int:
    """Run ClaimDesk; returns the exit code."""
    return cli_main(argv, gui=_gui)


if __name__ == "__main__":
    raise SystemExit(main())
