"""Patient payment subcommands: payments add|list|void|apply-credit, patients ledger."""

from __future__ import annotations

import argparse
import uuid
from datetime import date
from pathlib import Path

from app.cli.output import print_json, print_table
from app.domain.errors import Problem, ValidationFailed
from app.domain.money import format_money, parse_money
from app.domain.patient_payments import PatientPaymentLine
from app.services import patient_ledger, patient_payments, workspace


def _amount(text: str) -> str:
    try:
        return str(parse_money(text))
    except ValueError:
        raise ValidationFailed([Problem("--amount", "amount",
                                        f"{text!r} is not an amount such as 25.00.")]) from None


def _print_payment(line: PatientPaymentLine) -> None:
    state = f"VOIDED ({line.void_reason})" if line.voided else (
        f"applied {format_money(line.applied)}, unapplied credit {format_money(line.unapplied)}")
    print(f"Payment {line.id}: {format_money(line.amount)} {line.method} {line.reference} "
          f"from {line.patient_name} ({line.account_number}) on {line.received_on}: {state}")


def cmd_add(args: argparse.Namespace) -> int:
    """Take a patient payment."""
    data = {"payment_key": args.key or uuid.uuid4().hex, "patient_id": args.patient,
            "amount": _amount(args.amount), "method": args.method.lower(),
            "channel": args.channel, "reference": args.ref or "",
            "received_on": args.date or date.today(),
            "visit_ids": tuple(args.visit or ()), "line_ids": tuple(args.line or ())}
    result, _ = patient_payments.take_payment(workspace.open_database(args.db), data)
    if args.json:
        print_json(result)
        return 0
    if result.replayed:
        print("Already recorded with this key; nothing new was taken.")
    _print_payment(result.payment)
    for a in result.allocations:
        where = f"visit {a.encounter_id}" if a.encounter_id else "unapplied credit"
        where += f" line {a.line_id}" if a.line_id else ""
        print(f"  {format_money(a.amount):>10}  {where}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """Patient payments of a day (or all)."""
    lines = patient_payments.list_payments(workspace.open_database(args.db), args.date,
                                           args.patient)
    if args.json:
        print_json(lines)
        return 0
    print_table([[str(x.id), x.received_on.isoformat(), x.account_number, x.patient_name,
                  x.method, x.reference, format_money(x.amount), format_money(x.applied),
                  format_money(x.unapplied), "voided" if x.voided else ""] for x in lines],
                ["Id", "Date", "Account", "Patient", "Method", "Ref", "Amount", "Applied",
                 "Credit", ""], right={6, 7, 8})
    return 0


def cmd_void(args: argparse.Namespace) -> int:
    """Void a patient payment by reversing entries."""
    line, _ = patient_payments.void_payment(workspace.open_database(args.db), args.id,
                                            args.reason)
    if args.json:
        print_json(line)
    else:
        _print_payment(line)
    return 0


def cmd_apply_credit(args: argparse.Namespace) -> int:
    """Apply a patient's credit to the oldest visits that owe."""
    moves, _ = patient_payments.apply_credit(workspace.open_database(args.db), args.patient)
    if args.json:
        print_json(moves)
        return 0
    if not moves:
        print("No credit to apply (or nothing owed).")
    for mv in moves:
        src = f"visit {mv.source}" if mv.source else "unapplied credit"
        print(f"  {format_money(mv.amount):>10}  from {src} to visit {mv.target}")
    return 0


def cmd_ledger(args: argparse.Namespace) -> int:
    """A patient's account ledger with running balances."""
    db = workspace.open_database(args.db)
    ledger = patient_ledger.patient_ledger(db, args.id)
    if args.pdf:
        pages = patient_ledger.write_ledger_pdf(db, args.id, args.pdf)
        if not args.json:
            print(f"Ledger printed to {args.pdf} ({pages} page(s)).")
    if args.json:
        print_json(ledger)
        return 0
    print(f"{ledger.patient_name} ({ledger.account_number})")
    print_table([[x.on.isoformat(), x.kind, x.description[:60],
                  "" if x.amount is None else format_money(x.amount),
                  format_money(x.insurance_pending), format_money(x.patient_owed),
                  format_money(x.credit)] for x in ledger.lines],
                ["Date", "What", "Description", "Amount", "Insurance", "Patient owes",
                 "Credit"], right={3, 4, 5, 6})
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    """Print the receipt of a patient payment."""
    pages = patient_ledger.write_receipt_pdf(workspace.open_database(args.db), args.id, args.out)
    if args.json:
        print_json({"receipt": args.id, "out": args.out, "pages": pages})
    else:
        print(f"Receipt {args.id} printed to {args.out}.")
    return 0


def register(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
             common: argparse.ArgumentParser) -> None:
    """Add ``payments ...`` and ``patients ledger`` (to the existing ``patients`` group)."""
    pay = sub.add_parser("payments", help="patient payments").add_subparsers(
        dest="action", required=True)
    p = pay.add_parser("add", parents=[common], help="take a patient payment")
    p.add_argument("--patient", type=int, required=True, help="patient id")
    p.add_argument("--amount", required=True, help="amount, e.g. 25.00")
    p.add_argument("--method", required=True, type=str.lower,
                   choices=["cash", "check", "card", "ach"])
    p.add_argument("--visit", type=int, action="append",
                   help="apply to this visit (repeat for several); default: oldest balance")
    p.add_argument("--line", type=int, action="append",
                   help="apply to this service line (repeat for several)")
    p.add_argument("--ref", help="check number, card authorization, ACH trace")
    p.add_argument("--date", type=date.fromisoformat, help="received on (YYYY-MM-DD)")
    p.add_argument("--channel", default="desk",
                   choices=["checkin", "desk", "mail", "phone", "portal"])
    p.add_argument("--key", help="payment key: the same key again records nothing new")
    p.set_defaults(handler=cmd_add)
    p = pay.add_parser("list", parents=[common], help="patient payments (of a day)")
    p.add_argument("--date", type=date.fromisoformat, help="received on (YYYY-MM-DD)")
    p.add_argument("--patient", type=int)
    p.set_defaults(handler=cmd_list)
    p = pay.add_parser("void", parents=[common], help="void a payment entered by mistake")
    p.add_argument("id", type=int)
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=cmd_void)
    p = pay.add_parser("receipt", parents=[common], help="print a payment's receipt (PDF)")
    p.add_argument("id", type=int)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(handler=cmd_receipt)
    p = pay.add_parser("apply-credit", parents=[common],
                       help="apply a patient's credit to what the patient owes")
    p.add_argument("--patient", type=int, required=True)
    p.set_defaults(handler=cmd_apply_credit)
    patients_group = next(a for a in sub.choices["patients"]._actions
                          if isinstance(a, argparse._SubParsersAction))
    p = patients_group.add_parser("ledger", parents=[common], help="a patient's account ledger")
    p.add_argument("id", type=int)
    p.add_argument("--pdf", type=Path, help="also print the ledger to this PDF file")
    p.set_defaults(handler=cmd_ledger)
