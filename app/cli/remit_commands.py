"""Remittance subcommands: import-835, denials list."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.output import print_json, print_table
from app.domain.money import format_money
from app.services import denials, remit_match, remit_screen, remittances, workspace


def cmd_import_835(args: argparse.Namespace) -> int:
    """Post (or preview) an 835 file."""
    summary, _ = remittances.import_835(workspace.open_database(args.db), args.file,
                                        dry_run=args.dry_run)
    if args.json:
        print_json(summary)
        return 0
    head = "Preview (nothing posted)" if args.dry_run else "Posted"
    print(f"{head}: {summary.file}")
    print(f"  payments {summary.payments}, claims matched {summary.claims_matched}, "
          f"exceptions {summary.exceptions}, denials {summary.denials}, "
          f"underpayments {summary.underpayments}")
    print(f"  paid {format_money(summary.paid)}, adjusted {format_money(summary.adjusted)}, "
          f"patient responsibility {format_money(summary.patient_responsibility)}, "
          f"provider adjustments {format_money(summary.provider_adjustments)}")
    for control in summary.secondary_claims:
        print(f"  secondary claim built: {control}")
    for text in summary.already_posted:
        print(f"  already posted: {text}")
    for text in summary.warnings:
        print(f"  warning: {text}")
    print_held(summary.held, "held, not posted" if not args.dry_run else "would be held")
    return 0


def print_held(items: list[remit_screen.HeldItem], head: str) -> None:
    """The held remitted claims, one block each (reasons name file, segment, element)."""
    if items:
        print(f"  {len(items)} claim(s) {head}:")
    for item in items:
        ident = f"#{item.id} " if item.id is not None else ""
        print(f"  - {ident}{item.kind.replace('_', ' ')}: {item.reasons}")
        if item.earlier:
            print(f"      earlier remittance: {item.earlier}")


def cmd_held_list(args: argparse.Namespace) -> int:
    """Held remitted claims waiting for a decision."""
    items = remit_screen.held_items(workspace.open_database(args.db))
    if args.json:
        print_json(items)
        return 0
    if not items:
        print("Nothing held.")
    print_held(items, "held")
    return 0


def cmd_held_decide(args: argparse.Namespace) -> int:
    """Dismiss a held remitted claim, re-check it, or post a duplicate knowingly."""
    db = workspace.open_database(args.db)
    if args.action == "dismiss":
        remit_screen.dismiss(db, args.id, args.note)
        if args.json:
            print_json({"dismissed": args.id})
        else:
            print(f"Held entry {args.id} dismissed; nothing was posted.")
        return 0
    if args.action == "recheck":
        summary, _ = remit_match.recheck_hold(db, args.id)
        if args.json:
            print_json(summary)
        else:
            print(f"Held entry {args.id} passed its checks and was posted: paid "
                  f"{format_money(summary.paid)}, adjusted {format_money(summary.adjusted)}.")
        return 0
    credit, _ = remit_screen.post_knowingly(db, args.id, args.note)
    if args.json:
        print_json(credit)
    else:
        print(f"Posted knowingly: credit balance {format_money(credit.amount)} owed to the "
              f"{credit.owed_to}, refund due {credit.refund_due}.")
    return 0


def cmd_denials_list(args: argparse.Namespace) -> int:
    """The denial work queue."""
    items = denials.work_queue(workspace.open_database(args.db), args.owner)
    if args.json:
        print_json(items)
        return 0
    print_table([[str(i.id), i.control_number, f"{i.group_code}-{i.reason_code}", i.owner,
                  format_money(i.amount), i.deadline.isoformat() if i.deadline else "",
                  i.explanation[:60]] for i in items],
                ["Id", "Claim", "Reason", "Owner", "Amount", "Deadline", "Why"], right={4})
    return 0


def register(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
             common: argparse.ArgumentParser) -> None:
    """Add the remittance subcommands."""
    p = sub.add_parser("import-835", parents=[common], help="post an ERA (835) file")
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help="preview: post nothing")
    p.set_defaults(handler=cmd_import_835)
    held = sub.add_parser("held", help="remitted claims held by the ERA checks").add_subparsers(
        dest="action", required=True)
    p = held.add_parser("list", parents=[common], help="held claims waiting for a decision")
    p.set_defaults(handler=cmd_held_list)
    for action, text in (("dismiss", "never post it"),
                         ("post-knowingly", "post a duplicate: credit balance + refund task"),
                         ("recheck", "check again after fixing the cause; post if it passes")):
        p = held.add_parser(action, parents=[common], help=text)
        p.add_argument("id", type=int)
        p.add_argument("--note", default="")
        p.set_defaults(handler=cmd_held_decide)
    den = sub.add_parser("denials", help="denial work queue").add_subparsers(
        dest="action", required=True)
    p = den.add_parser("list", parents=[common], help="open denial items")
    p.add_argument("--owner", default=None,
                   help="coding, charge_entry, front_desk_eligibility, billing_setup, payer...")
    p.set_defaults(handler=cmd_denials_list)
