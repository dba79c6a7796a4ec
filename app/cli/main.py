"""``claimdesk``: no arguments launches the GUI; subcommands automate the practice.

Exit codes: 0 success, 1 bad data (one line on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from app import __version__
from app.cli import (
    batch_commands,
    billing_commands,
    codes,
    collection_commands,
    eob_commands,
    intake_commands,
    money_commands,
    payment_commands,
    practice_commands,
    print_commands,
    remit_commands,
    report_commands,
)
from app.cli.failures import Handler, run_handler


def add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Add ``--db``, ``--codesets`` and ``--json`` to ``parser``.

    The top-level parser holds the real defaults; every subcommand parser gets the same options
    with ``argparse.SUPPRESS`` defaults, so a value given before the subcommand is not
    overwritten by the subcommand's default and one given after it wins.

    Args:
        parser: the parser to extend (options it already has are skipped).
        suppress: True for subcommand parsers.
    """
    have = {opt for action in parser._actions for opt in action.option_strings}
    default: object = argparse.SUPPRESS
    if "--db" not in have:
        parser.add_argument("--db", type=Path, default=default if suppress else None,
                            help="practice database file (default: per-user data folder)")
    if "--codesets" not in have:
        parser.add_argument("--codesets", type=Path, default=default if suppress else None,
                            help="code-set database (default: per-user data folder)")
    if "--json" not in have:
        parser.add_argument("--json", action="store_true",
                            default=default if suppress else False,
                            help="machine-readable output")


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    add_global_options(common, suppress=True)
    return common


def subcommand_parsers(parser: argparse.ArgumentParser,
                       prefix: tuple[str, ...] = ()) -> Iterator[
                           tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every parser below ``parser`` with its command words (``("claims", "list")``).

    Args:
        parser: the parser to walk.
        prefix: the command words leading to ``parser``.

    Yields:
        ``(words, parser)`` for each subcommand parser, groups as well as leaves.
    """
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                words = (*prefix, name)
                yield words, child
                yield from subcommand_parsers(child, words)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="claimdesk", description="ClaimDesk coding and billing workstation.")
    parser.add_argument("--version", action="version", version=f"claimdesk {__version__}")
    add_global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = _common()
    claims_sub = practice_commands.register(sub, common)
    billing_commands.register(sub, common, claims_sub)
    print_commands.register(sub, common)
    remit_commands.register(sub, common)
    batch_commands.register(sub, common)
    codes.register(sub)
    intake_commands.register(sub, common)
    money_commands.register(sub, common)
    collection_commands.register(sub, common)
    payment_commands.register(sub, common)
    report_commands.register(sub, common)
    eob_commands.register(sub, common)
    gui = sub.add_parser("gui", parents=[common], help="launch the application window")
    gui.set_defaults(handler=None)
    for _, child in subcommand_parsers(parser):
        add_global_options(child, suppress=True)
    return parser


def _no_gui(db: Path | None) -> int:
    print("claimdesk: the window is started by the 'claimdesk' launcher", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None,
         gui: Callable[[Path | None], int] = _no_gui) -> int:
    """Run the command line; without a subcommand, call ``gui(db_path)``; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        return gui(args.db)
    return run_handler(handler, args)
