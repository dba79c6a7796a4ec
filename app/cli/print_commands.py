"""Printing subcommands: print-claims, print-alignment, statements."""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal
from pathlib import Path

from app.cli.output import claim_ids, print_json
from app.domain.errors import UserError
from app.services import printing, workspace
from app.services import statements as statement_service
from app.services.statements import RunOptions


def cmd_print_claims(args: argparse.Namespace) -> int:
    """CMS-1500 PDF for the given claims (default: the paper-claims queue)."""
    db = workspace.open_database(args.db)
    ids = claim_ids(args.claims) or printing.paper_queue(db)
    if not ids:
        raise UserError("No claims to print: the paper queue is empty.")
    result, _ = printing.print_claims(db, ids, args.out, data_only=args.data_only,
                                      offset_x=args.offset_x, offset_y=args.offset_y)
    if args.json:
        print_json(result)
    else:
        print(f"Wrote {result.file}: {result.pages} page(s) for {result.claims} claim(s); "
              f"{result.submitted} ready claim(s) submitted on paper.")
    return 0


def cmd_print_alignment(args: argparse.Namespace) -> int:
    """The alignment test page."""
    pages = printing.print_alignment(workspace.open_database(args.db), args.out,
                                     args.offset_x, args.offset_y)
    print_json({"file": str(args.out), "pages": pages}) if args.json else print(
        f"Wrote {args.out}")
    return 0


def cmd_statements(args: argparse.Namespace) -> int:
    """Statement run (preview unless --final); a repeated final run records nothing twice."""
    opts = RunOptions(statement_date=args.date or date.today(),
                      min_balance=Decimal(args.min_balance))
    db = workspace.open_database(args.db)
    already = statement_service.already_recorded(db, opts) if args.final else 0
    count, pages, _ = printing.print_statements(db, args.out, opts, final=args.final,
                                                csv_out=args.csv)
    summary = {"file": str(args.out), "statements": count, "pages": pages,
               "final": args.final, "already_recorded": already,
               "csv": str(args.csv) if args.csv else None}
    if args.json:
        print_json(summary)
    elif not args.final:
        print(f"Wrote {args.out}: {count} statement(s), {pages} page(s); "
              "preview (nothing recorded).")
    else:
        note = (f"; {already} already recorded for {opts.statement_date.isoformat()}, "
                "not recorded again" if already else "")
        print(f"Wrote {args.out}: {count} statement(s), {pages} page(s); final run recorded "
              f"{count - already}{note}.")
    return 0


def register(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
             common: argparse.ArgumentParser) -> None:
    """Add the printing subcommands."""
    p = sub.add_parser("print-claims", parents=[common], help="CMS-1500 claim forms as PDF")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--claims", default=None, help="claim ids, comma separated")
    p.add_argument("--data-only", action="store_true", help="data only, for red forms")
    p.add_argument("--offset-x", type=int, default=None, help="tenths of an inch, + = right")
    p.add_argument("--offset-y", type=int, default=None, help="tenths of an inch, + = down")
    p.set_defaults(handler=cmd_print_claims)
    p = sub.add_parser("print-alignment", parents=[common], help="red-form alignment page")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--offset-x", type=int, default=None)
    p.add_argument("--offset-y", type=int, default=None)
    p.set_defaults(handler=cmd_print_alignment)
    p = sub.add_parser("statements", parents=[common], help="patient statements as PDF")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--csv", type=Path, default=None, help="mailing-service CSV of the run")
    p.add_argument("--final", action="store_true", help="record the statements as sent")
    p.add_argument("--min-balance", default="5.00")
    p.add_argument("--date", type=date.fromisoformat, default=None, help="statement date")
    p.set_defaults(handler=cmd_statements)
