"""Practice data in: ``init`` (an empty practice), ``payers starter``, ``import-visits``."""

from __future__ import annotations

import argparse
from pathlib import Path

from app import paths
from app.cli.output import print_json, print_table
from app.domain.errors import UserError, ValidationFailed
from app.services import intake, setup, workspace


def cmd_init(args: argparse.Namespace) -> int:
    """Create an empty practice database."""
    path = Path(args.db) if args.db else paths.default_db()
    payers = [p for p in (args.payers or "").split(",") if p]
    db, count = setup.init_practice(path, payers)
    db.dispose()
    if args.json:
        print_json({"database": str(path), "payers": count})
    else:
        print(f"Empty practice created: {path} ({count} payers).")
        print("Next: open the window (Settings) to enter the practice, providers and "
              "clearinghouse, then import or enter visits.")
    return 0


def cmd_starter_payers(args: argparse.Namespace) -> int:
    """List the starter payers."""
    rows = setup.starter_payers()
    if args.json:
        print_json(rows)
        return 0
    print_table([[r.payer_id, r.name, r.filing_indicator, str(r.timely_filing_days)]
                 for r in rows], ["Payer id", "Name", "Filing", "Timely days"], right={3})
    return 0


def _answers(args: argparse.Namespace) -> dict[str, int | str]:
    answers: dict[str, int | str] = {}
    for text in args.match or []:
        key, _, value = text.partition("=")
        if not value.isdigit():
            raise UserError(f"--match {text}: use SOURCE_KEY=PATIENT_ID.")
        answers[key] = int(value)
    for key in args.new or []:
        answers[key] = "new"
    return answers


def cmd_import_visits(args: argparse.Namespace) -> int:
    """Import patients, coverage and visits from an EHR export (preview with --dry-run)."""
    db = workspace.open_database(args.db)
    mapping = intake.load_mapping(db, args.mapping) if args.mapping else None
    if args.mapping and mapping is None:
        raise UserError(f"No saved column mapping named {args.mapping!r}.")
    doc = intake.read_source(args.source, args.format, mapping=mapping,
                             source_system=args.source_system or "")
    answers = _answers(args)
    plan = intake.preview(db, doc, answers)
    if not args.dry_run and plan.ok:
        try:
            result, _ = intake.commit(db, doc, answers)
            plan = result.plan
        except ValidationFailed:
            raise
    if args.json:
        data = intake.plan_json(plan)
        data["written"] = bool(not args.dry_run and plan.ok)
        print_json(data)
    else:
        head = "Preview (nothing imported)" if args.dry_run else (
            "Imported" if plan.ok else "Not imported")
        print(f"{head}: {args.source.name}")
        print(intake.plan_text(plan))
    return 0 if plan.ok else 1


def register(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
             common: argparse.ArgumentParser) -> None:
    """Add the practice-data-in subcommands."""
    p = sub.add_parser("init", parents=[common], help="create an empty practice database")
    p.add_argument("--payers", default="", help="starter payer ids to add, comma-separated")
    p.set_defaults(handler=cmd_init)
    payers = sub.add_parser("payers", help="payer lists").add_subparsers(
        dest="action", required=True)
    p = payers.add_parser("starter", parents=[common], help="the starter list of payers")
    p.set_defaults(handler=cmd_starter_payers)
    p = sub.add_parser("import-visits", parents=[common],
                       help="import patients, coverage and visits (CSV/Excel, HL7 v2, FHIR)")
    p.add_argument("source", type=Path, metavar="FILE|DIR")
    p.add_argument("--format", choices=intake.FORMATS, default=None)
    p.add_argument("--mapping", default=None, help="a saved CSV column mapping")
    p.add_argument("--source-system", default=None,
                   help="name of the sending system (keys are remembered per system)")
    p.add_argument("--match", action="append", metavar="KEY=ID",
                   help="a possible match is this existing patient")
    p.add_argument("--new", action="append", metavar="KEY",
                   help="a possible match is a new patient")
    p.add_argument("--dry-run", action="store_true", help="preview: import nothing")
    p.set_defaults(handler=cmd_import_visits)
