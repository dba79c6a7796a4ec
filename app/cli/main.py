"""``claimdesk``: no arguments launches the GUI; subcommands automate the practice.

Exit codes: 0 success, 1 bad data (one line on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from app import __version__
from app.cli import (
    batch_commands,
    billing_commands,
    codes,
    intake_commands,
    practice_commands,
    print_commands,
    remit_commands,
)
from app.domain.errors import ClaimDeskError, ValidationFailed

Handler = Callable[[argparse.Namespace], int]


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=None,
                        help="practice database file (default: per-user data folder)")
    common.add_argument("--json", action="store_true", help="machine-readable output")
    return common


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="claimdesk", description="ClaimDesk coding and billing workstation.")
    parser.add_argument("--version", action="version", version=f"claimdesk {__version__}")
    parser.add_argument("--db", type=Path, default=None, help="practice database for the GUI")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = _common()
    claims_sub = practice_commands.register(sub, common)
    billing_commands.register(sub, common, claims_sub)
    print_commands.register(sub, common)
    remit_commands.register(sub, common)
    batch_commands.register(sub, common)
    codes.register(sub)
    intake_commands.register(sub, common)
    gui = sub.add_parser("gui", parents=[common], help="launch the application window")
    gui.set_defaults(handler=None)
    return parser


def _no_gui(db: Path | None) -> int:
    print("claimdesk: the window is started by the 'claimdesk' launcher", file=sys.stderr)
    return 2


def _fail(message: str) -> int:
    print(f"claimdesk: {message}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None,
         gui: Callable[[Path | None], int] = _no_gui) -> int:
    """Run the command line; without a subcommand, call ``gui(db_path)``; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        return gui(args.db)
    try:
        return handler(args)
    except ValidationFailed as exc:
        for problem in exc.problems[1:]:
            print(f"  {problem}", file=sys.stderr)
        return _fail(exc.message)
    except ClaimDeskError as exc:
        hint = f" {exc.hint}" if exc.hint else ""
        return _fail(f"{exc.message}{hint}")
    except (ValueError, OSError) as exc:
        return _fail(str(exc))


