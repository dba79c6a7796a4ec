"""Payment-plan and collections subcommands."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from app.cli.output import print_json, print_table
from app.domain.money import format_money, parse_money
from app.services import collection_output, collections, payment_plans, workspace


def _today(args: argparse.Namespace) -> date:
    return args.today or date.today()


def cmd_plans_add(args: argparse.Namespace) -> int:
    """Set up a payment plan for a patient balance."""
    plan, _ = payment_plans.create_plan(
        workspace.open_database(args.db), args.patient, parse_money(args.monthly),
        args.first_due, total=parse_money(args.total) if args.total else None)
    if args.json:
        print_json(plan)
    else:
        print(f"Payment plan {plan.id}: {format_money(plan.monthly_amount)} a month from "
              f"{plan.first_due}, total {format_money(plan.plan_total)}.")
    return 0


def cmd_plans_missed(args: argparse.Namespace) -> int:
    """Plans whose due date passed without enough patient payments."""
    items = payment_plans.missed_plan_payments(workspace.open_database(args.db), _today(args))
    if args.json:
        print_json(items)
        return 0
    print_table([[str(m.plan_id), str(m.patient_id), m.due_date.isoformat(),
                  format_money(m.owed_by_now), format_money(m.paid), format_money(m.behind)]
                 for m in items], ["Plan", "Patient", "Missed due", "Owed", "Paid", "Behind"],
                right={3, 4, 5})
    return 0


def cmd_proposals(args: argparse.Namespace) -> int:
    """Accounts the collection policy proposes (the review list)."""
    items = collections.review_list(workspace.open_database(args.db), _today(args))
    if args.json:
        print_json(items)
        return 0
    print_table([[str(p.facts.patient_id), p.facts.account_number,
                  format_money(p.facts.balance), p.reasons] for p in items],
                ["Patient", "Account", "Balance", "Why"], right={2})
    return 0


def cmd_send(args: argparse.Namespace) -> int:
    """Send accounts to the agency: their balances move to the collections bucket."""
    sent, _ = collections.send_to_collections(workspace.open_database(args.db), args.patients,
                                              _today(args))
    if args.json:
        print_json(sent)
    else:
        for a in sent:
            print(f"Account {a.account_number}: {format_money(a.amount)} sent to {a.agency} "
                  f"(collection account {a.id}).")
    return 0


def cmd_letters(args: argparse.Namespace) -> int:
    """Final-demand letters as one PDF."""
    pages = collection_output.write_demand_letters(workspace.open_database(args.db),
                                                   args.patients, args.out, _today(args))
    if args.json:
        print_json({"letters": pages, "out": args.out})
    else:
        print(f"{pages} final-demand letter(s) -> {args.out}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """The agency export (CSV and/or fixed-width records)."""
    count = collection_output.write_agency_export(workspace.open_database(args.db),
                                                  csv_out=args.csv, fixed_out=args.fixed)
    if args.json:
        print_json({"accounts": count, "csv": args.csv, "fixed": args.fixed})
    else:
        print(f"{count} account(s) exported.")
    return 0


def cmd_agency_payment(args: argparse.Namespace) -> int:
    """Post what the agency collected, net of its fee."""
    entries, _ = collections.post_agency_payment(
        workspace.open_database(args.db), args.account, parse_money(args.gross),
        args.date or date.today(), net=parse_money(args.net) if args.net else None)
    if args.json:
        print_json([e.model_dump(mode="json") for e in entries])
    else:
        paid = sum((e.amount for e in entries if e.kind == "payment"), parse_money("0"))
        print(f"Posted {format_money(parse_money(args.gross))} from the agency: payment "
              f"{format_money(paid)}, fee {format_money(parse_money(args.gross) - paid)}.")
    return 0


def register(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
             common: argparse.ArgumentParser) -> None:
    """Add the plans and collections subcommands."""
    plans = sub.add_parser("plans", help="payment plans").add_subparsers(
        dest="action", required=True)
    p = plans.add_parser("add", parents=[common], help="set up a payment plan")
    p.add_argument("--patient", type=int, required=True)
    p.add_argument("--monthly", required=True)
    p.add_argument("--first-due", type=date.fromisoformat, required=True)
    p.add_argument("--total", default=None, help="default: the whole patient balance")
    p.set_defaults(handler=cmd_plans_add)
    p = plans.add_parser("missed", parents=[common], help="plans behind on a due date")
    p.add_argument("--today", type=date.fromisoformat, default=None)
    p.set_defaults(handler=cmd_plans_missed)
    col = sub.add_parser("collections", help="collection policy and agency").add_subparsers(
        dest="action", required=True)
    for name, handler, text in (("proposals", cmd_proposals, "accounts the policy proposes"),
                                ("send", cmd_send, "send accounts to the agency"),
                                ("letters", cmd_letters, "final-demand letters (PDF)")):
        p = col.add_parser(name, parents=[common], help=text)
        if name != "proposals":
            p.add_argument("patients", type=int, nargs="+", metavar="PATIENT_ID")
        if name == "letters":
            p.add_argument("--out", type=Path, required=True)
        p.add_argument("--today", type=date.fromisoformat, default=None)
        p.set_defaults(handler=handler)
    p = col.add_parser("export", parents=[common], help="agency export (CSV, fixed width)")
    p.add_argument("--csv", type=Path, default=None)
    p.add_argument("--fixed", type=Path, default=None)
    p.set_defaults(handler=cmd_export)
    p = col.add_parser("payment", parents=[common], help="post an agency payment")
    p.add_argument("account", type=int, help="collection account id")
    p.add_argument("--gross", required=True, help="what the agency collected")
    p.add_argument("--net", default=None, help="what it remitted (default: less its fee)")
    p.add_argument("--date", type=date.fromisoformat, default=None)
    p.set_defaults(handler=cmd_agency_payment)
