"""Reporting subcommands: today, kpi, aging, report month."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from app.cli.output import print_json, print_table
from app.domain.kpis import BUCKETS, Period
from app.domain.money import format_money
from app.services import kpis, reports, today, workspace


def cmd_today(args: argparse.Namespace) -> int:
    """The Today list, highest score first."""
    items = today.today_items(workspace.open_database(args.db))
    if args.json:
        print_json(items)
        return 0
    if not items:
        print("Nothing to do today.")
        return 0
    print_table([[f"{i.score:.1f}", i.kind, i.title[:40], format_money(i.amount),
                  "" if i.days_left is None else str(i.days_left), i.reason[:70],
                  i.next_action] for i in items],
                ["score", "kind", "item", "amount", "days left", "reason", "next action"],
                right={0, 3, 4})
    return 0


def _period(args: argparse.Namespace) -> Period:
    end = args.to or date.today()
    start = args.from_ or kpis.default_period(end).start
    if start > end:
        raise ValueError("--from must be on or before --to")
    return Period(start, end)


def cmd_kpi(args: argparse.Namespace) -> int:
    """Every dashboard KPI for the period (default: the last 90 days)."""
    period = _period(args)
    results = kpis.all_kpis(workspace.open_database(args.db), period)
    if args.json:
        print_json(results)
        return 0
    print(f"KPIs for {period.label()}")
    print_table([[r.title, r.display(), str(len(r.claim_ids)), r.definition[:90]]
                 for r in results], ["KPI", "value", "claims", "definition"], right={1, 2})
    for r in results:
        for label, value, count in r.detail:
            print(f"  {r.title}: {label}: {value} ({count} claims)")
    return 0


def cmd_aging(args: argparse.Namespace) -> int:
    """A/R aging by payer or patient, by date of service or of submission."""
    rows = reports.aging(workspace.open_database(args.db), args.by, args.basis)
    if args.json:
        print_json(rows)
        return 0
    labels = [b[0] for b in BUCKETS]
    print_table([[r.name, *[format_money(v) for v in r.buckets], format_money(r.total)]
                 for r in rows], [args.by, *labels, "total"], right=set(range(1, 7)))
    return 0


def cmd_report_month(args: argparse.Namespace) -> int:
    """The month-end report PDF (and CSV)."""
    reports.month_bounds(args.month)
    report, pages = reports.print_month_report(workspace.open_database(args.db), args.month,
                                               args.out, args.csv)
    if args.json:
        print_json({"file": str(args.out), "pages": pages, "csv": args.csv, "report": report})
    else:
        t = report.totals
        print(f"Wrote {args.out} ({pages} page(s)): charges {format_money(t.charges)}, "
              f"payments {format_money(t.payments)}, adjustments {format_money(t.adjustments)}, "
              f"A/R change {format_money(report.ar_change)}")
    return 0


def register(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
             common: argparse.ArgumentParser) -> None:
    """Add the reporting subcommands."""
    p = sub.add_parser("today", parents=[common], help="the ranked Today work list")
    p.set_defaults(handler=cmd_today)
    p = sub.add_parser("kpi", parents=[common], help="practice KPIs for a period")
    p.add_argument("--from", dest="from_", type=date.fromisoformat, default=None)
    p.add_argument("--to", type=date.fromisoformat, default=None)
    p.set_defaults(handler=cmd_kpi)
    p = sub.add_parser("aging", parents=[common], help="A/R aging buckets")
    p.add_argument("--by", choices=("payer", "patient"), default="payer")
    p.add_argument("--basis", choices=("service", "submission"), default="service")
    p.set_defaults(handler=cmd_aging)
    rep = sub.add_parser("report", help="reports").add_subparsers(dest="action", required=True)
    p = rep.add_parser("month", parents=[common], help="month-end report (PDF, CSV)")
    p.add_argument("--month", required=True, help="YYYY-MM")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--csv", type=Path, default=None)
    p.set_defaults(handler=cmd_report_month)
