"""Paper EOB and refund subcommands: eob post, refunds list|add."""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal
from pathlib import Path

from app.cli.output import print_json, print_table
from app.cli.remit_commands import print_held
from app.domain.errors import Problem, ValidationFailed
from app.domain.money import format_money, parse_money
from app.services import paper_eob, refunds, workspace


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
    register_refunds(sub, common)


def cmd_refunds_list(args: argparse.Namespace) -> int:
    """Open credit balances (patient credits and payer overpayments/duplicates)."""
    rows = refunds.credit_list(workspace.open_database(args.db))
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("No credit balances.")
        return 0
    print_table([[r.key, r.account_number, r.patient, r.owed_to, r.payer or "", r.claim,
                  r.source.replace("_", " "), format_money(r.amount),
                  r.due.isoformat() if r.due else "",
                  format_money(r.owed_elsewhere) if r.can_offset else ""] for r in rows],
                ["Id", "Account", "Patient", "Owed to", "Payer", "Claim", "Source", "Amount",
                 "Refund due", "Can offset"], right={7, 9})
    return 0


def cmd_refunds_add(args: argparse.Namespace) -> int:
    """Refund a credit by check, optionally writing the refund letter."""
    db = workspace.open_database(args.db)
    amount = parse_amount(args.amount) if args.amount else None
    done, _ = refunds.refund(db, args.credit, args.check, args.reason, amount=amount,
                             on=args.date)
    if args.letter:
        refunds.write_refund_letter(db, done, args.letter)
    if args.json:
        print_json(done)
        return 0
    print(f"Refunded {format_money(done.amount)} to the {done.owed_to} by check "
          f"{done.check_number} (credit {done.key} closed, refund task done).")
    if args.letter:
        print(f"  refund letter: {args.letter}")
    return 0


def cmd_refunds_offset(args: argparse.Namespace) -> int:
    """Apply a patient's credit to the patient's other open balances."""
    moves, _ = refunds.offset(workspace.open_database(args.db), args.credit, args.date)
    if args.json:
        print_json(moves)
        return 0
    for m in moves:
        print(f"  {format_money(m.amount):>10}  to visit {m.target}")
    return 0


def parse_amount(text: str) -> Decimal:
    """A money amount from the command line (a located problem when it is not one)."""
    try:
        return parse_money(text)
    except ValueError:
        raise ValidationFailed([Problem("--amount", "amount",
                                        f"{text!r} is not an amount such as 25.00.")]) from None


def register_refunds(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
                     common: argparse.ArgumentParser) -> None:
    """Add ``refunds list|add|offset``."""
    ref = sub.add_parser("refunds", help="credit balances and refunds").add_subparsers(
        dest="action", required=True)
    p = ref.add_parser("list", parents=[common], help="open credit balances")
    p.set_defaults(handler=cmd_refunds_list)
    p = ref.add_parser("add", parents=[common], help="refund a credit by check")
    p.add_argument("--credit", required=True, help="C12 or P7, from `refunds list`")
    p.add_argument("--check", required=True, help="the refund check number")
    p.add_argument("--reason", required=True)
    p.add_argument("--amount", default=None, help="part of a patient credit (default: all)")
    p.add_argument("--date", type=date.fromisoformat, default=None)
    p.add_argument("--letter", type=Path, default=None, help="write the refund letter PDF")
    p.set_defaults(handler=cmd_refunds_add)
    p = ref.add_parser("offset", parents=[common],
                       help="apply a patient's credit to the patient's other open balances")
    p.add_argument("--credit", required=True)
    p.add_argument("--date", type=date.fromisoformat, default=None)
    p.set_defaults(handler=cmd_refunds_offset)
