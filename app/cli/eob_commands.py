"""Paper EOB and refund subcommands: eob post, refunds list|add."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.output import print_json
from app.cli.remit_commands import print_held
from app.domain.money import format_money
from app.services import paper_eob, workspace


def cmd_eob_post(args: argparse.Namespace) -> int:
    """Post (or preview) a keyed paper EOB (JSON)."""
    db = workspace.open_database(args.db)  # opened first: --db is checked before the file
    eob = paper_eob.load_eob(args.file)
    summary, _ = paper_eob.post_paper_eob(db, eob,
                                          dry_run=args.dry_run, source=Path(args.file).name)
    if args.json:
        print_json(summary)
        return 0
    head = "Preview (nothing posted)" if args.dry_run else "Posted"
    print(f"{head}: paper EOB {summary.file}, check {eob.check_number}")
    print(f"  claims matched {summary.claims_matched}, exceptions {summary.exceptions}, "
          f"denials {summary.denials}, underpayments {summary.underpayments}")
    print(f"  paid {format_money(summary.paid)}, adjusted {format_money(summary.adjusted)}, "
          f"patient responsibility {format_money(summary.patient_responsibility)}")
    for control in summary.secondary_claims:
        print(f"  secondary claim built: {control}")
    print_held(summary.held, "held, not posted" if not args.dry_run else "would be held")
    return 0


def register(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
             common: argparse.ArgumentParser) -> None:
    """Add the paper EOB and refund subcommands."""
    eob = sub.add_parser("eob", help="paper EOBs").add_subparsers(dest="action", required=True)
    p = eob.add_parser("post", parents=[common], help="post a keyed paper EOB (JSON)")
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help="preview: post nothing")
    p.set_defaults(handler=cmd_eob_post)
