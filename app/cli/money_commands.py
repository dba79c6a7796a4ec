"""Money subcommands: deposits list|open|add|close, day-close."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from app.cli.output import print_json, print_table
from app.domain.deposits import KIND_LABELS, Deposit, DepositKind, PaymentMethod
from app.domain.money import format_money, parse_money
from app.services import day_close, deposits, workspace

SHOWN = 25  # undeposited payments listed in text output


def _row(d: Deposit) -> list[str]:
    return [str(d.id), KIND_LABELS[d.kind], d.deposit_date.isoformat(), d.reference,
            str(len(d.items)), format_money(d.total),
            "" if d.slip_amount is None else format_money(d.slip_amount), d.state]


def cmd_deposits_list(args: argparse.Namespace) -> int:
    """Deposits (newest first) and the payments not in any deposit yet."""
    db = workspace.open_database(args.db)
    found = deposits.list_deposits(db, open_only=args.open)
    left = deposits.undeposited(db)
    if args.json:
        print_json({"deposits": found, "undeposited": left})
        return 0
    print_table([_row(d) for d in found],
                ["Id", "Kind", "Date", "Reference", "Items", "Total", "Slip", "State"],
                right={4, 5, 6})
    if left:
        print(f"\n{len(left)} payment(s) not in a deposit, "
              f"{format_money(sum((u.amount for u in left), start=parse_money('0')))}:")
        for u in left[:SHOWN]:
            print(f"  {u.source} {u.id}  {u.received_on.isoformat()}  {u.label}  "
                  f"{format_money(u.amount)}")
        if len(left) > SHOWN:
            print(f"  ... and {len(left) - SHOWN} more (--json lists them all)")
    return 0


def cmd_deposits_open(args: argparse.Namespace) -> int:
    """Start a deposit."""
    dep, _ = deposits.open_deposit(workspace.open_database(args.db), DepositKind(args.kind),
                                   args.date or date.today(), args.reference)
    if args.json:
        print_json(dep)
    else:
        print(f"Deposit {dep.id} opened ({KIND_LABELS[dep.kind]}, {dep.deposit_date}).")
    return 0


def cmd_deposits_add(args: argparse.Namespace) -> int:
    """Put payments in an open deposit."""
    dep, _ = deposits.add_payments(workspace.open_database(args.db), args.id,
                                   era_payment_ids=args.era, entry_ids=args.entry,
                                   method=PaymentMethod(args.method))
    if args.json:
        print_json(dep)
    else:
        print(f"Deposit {dep.id}: {len(dep.items)} payment(s), total {format_money(dep.total)}.")
    return 0


def cmd_deposits_close(args: argparse.Namespace) -> int:
    """Close a deposit against its bank slip amount."""
    dep, _ = deposits.close_deposit(workspace.open_database(args.db), args.id,
                                    parse_money(args.slip))
    if args.json:
        print_json(dep)
    else:
        print(f"Deposit {dep.id} closed: {format_money(dep.total)} matches the bank slip.")
    return 0


def cmd_day_close(args: argparse.Namespace) -> int:
    """The day-close report as PDF (and CSV)."""
    report = day_close.write_day_close(workspace.open_database(args.db), args.date, args.out,
                                       args.csv)
    if args.json:
        print_json({"day": report.day, "totals": report.totals, "net": report.net,
                    "by_method": report.by_method, "deposits": report.deposits,
                    "out": args.out, "csv": args.csv})
        return 0
    t = report.totals
    print(f"Day close {report.day}: charges {format_money(t['charge'])}, payments "
          f"{format_money(t['payment'])}, adjustments {format_money(t['adjustment'])}, "
          f"refunds {format_money(t['refund'])} -> {args.out}")
    return 0


def register(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
             common: argparse.ArgumentParser) -> None:
    """Add the deposit and day-close subcommands."""
    dep = sub.add_parser("deposits", help="bank deposits").add_subparsers(
        dest="action", required=True)
    p = dep.add_parser("list", parents=[common], help="deposits and undeposited payments")
    p.add_argument("--open", action="store_true", help="open deposits only")
    p.set_defaults(handler=cmd_deposits_list)
    p = dep.add_parser("open", parents=[common], help="start a deposit")
    p.add_argument("--kind", choices=[k.value for k in DepositKind], default="cash_check")
    p.add_argument("--date", type=date.fromisoformat, default=None)
    p.add_argument("--reference", default="")
    p.set_defaults(handler=cmd_deposits_open)
    p = dep.add_parser("add", parents=[common], help="put payments in an open deposit")
    p.add_argument("id", type=int)
    p.add_argument("--entry", type=int, action="append", default=[],
                   help="ledger payment entry id (repeatable)")
    p.add_argument("--era", type=int, action="append", default=[],
                   help="ERA payment id (repeatable)")
    p.add_argument("--method", choices=[m.value for m in PaymentMethod], default="check")
    p.set_defaults(handler=cmd_deposits_add)
    p = dep.add_parser("close", parents=[common], help="close a deposit against the bank slip")
    p.add_argument("id", type=int)
    p.add_argument("--slip", required=True, help="the bank slip amount")
    p.set_defaults(handler=cmd_deposits_close)
    p = sub.add_parser("day-close", parents=[common], help="day-close report (PDF, CSV)")
    p.add_argument("--date", type=date.fromisoformat, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--csv", type=Path, default=None)
    p.set_defaults(handler=cmd_day_close)
