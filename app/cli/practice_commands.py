"""Practice subcommands: demo, patients, claims, export/import JSON, backup/restore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.output import print_json, print_table
from app.domain.money import format_money
from app.services import backup as backup_service
from app.services import claims, demo, demo_samples, patients, practice_io, workspace
from app.store.database import Database


def _db(args: argparse.Namespace) -> Database:
    return workspace.open_database(args.db)


def _progress(done: int, total: int, label: str) -> None:
    if sys.stderr.isatty():
        print(f"\r{label}...", end="", file=sys.stderr)


def cmd_demo(args: argparse.Namespace) -> int:
    """Create the demo practice."""
    db = _db(args)
    result = demo.create_demo(db, patients=args.patients, encounters=args.encounters,
                              seed=args.seed, force=args.force, codesets=args.codesets,
                              progress=_progress)
    samples = demo_samples.write_samples(db)
    if args.json:
        print_json({"database": str(db.path), **vars(result),
                    "samples": [str(p) for p in samples]})
    else:
        print(f"Demo practice created in {db.path}")
        for key, value in vars(result).items():
            print(f"  {key.replace('_', ' ')}: {value}")
        print(f"Sample EHR exports to try import-visits (CSV, HL7, FHIR) in "
              f"{samples[0].parent}")
    return 0


def cmd_patients_list(args: argparse.Namespace) -> int:
    """List patients."""
    rows = patients.search(_db(args), args.search or "", limit=args.limit)
    if args.json:
        print_json(rows)
        return 0
    print_table([[r.account_number, r.name, r.birth_date.strftime("%m/%d/%Y"), r.sex,
                  r.primary_payer, format_money(r.balance)] for r in rows],
                ["Account", "Name", "DOB", "Sex", "Primary payer", "Balance"], right={5})
    return 0


def cmd_claims_list(args: argparse.Namespace) -> int:
    """List claims with ledger-derived amounts."""
    rows = claims.list_claims(_db(args), args.status, args.payer)
    if args.json:
        print_json(rows)
        return 0
    print_table([[r.control_number, r.patient, r.payer_id, r.status,
                  r.date_of_service.isoformat(), format_money(r.billed), format_money(r.paid),
                  format_money(r.adjusted), format_money(r.patient_responsibility),
                  format_money(r.balance)] for r in rows],
                ["Claim", "Patient", "Payer", "Status", "DOS", "Billed", "Paid", "Adjusted",
                 "Pt resp", "Balance"], right={5, 6, 7, 8, 9})
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Export the practice as JSON."""
    size = practice_io.export_json(_db(args), args.out)
    _report(args, {"file": str(args.out), "bytes": size}, f"Wrote {args.out} ({size:,} bytes)")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import a practice JSON document into an empty database."""
    doc = practice_io.import_json(_db(args), args.infile)
    summary = {"patients": len(doc.patients), "encounters": len(doc.encounters),
               "claims": len(doc.claims), "ledger_entries": len(doc.ledger)}
    _report(args, summary, "Imported " + ", ".join(f"{v} {k}" for k, v in summary.items()))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Online backup."""
    size = backup_service.backup(_db(args), args.out)
    _report(args, {"file": str(args.out), "bytes": size}, f"Backup written to {args.out}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore from a backup."""
    db = _db(args)
    report = backup_service.restore(db, args.infile)
    counts = {k: v for k, v in report.counts.items() if v}
    safety = str(report.safety_copy) if report.safety_copy else ""
    text = [f"Restored {db.path} from {args.infile} (schema {report.revision})."]
    if safety:
        text.append(f"  The replaced database is kept as {safety}")
    text += [f"  {name}: {count:,}" for name, count in sorted(counts.items())]
    _report(args, {"restored": str(args.infile), "revision": report.revision,
                   "safety_copy": safety, "counts": counts}, "\n".join(text))
    return 0


def _report(args: argparse.Namespace, data: dict[str, object], text: str) -> None:
    if args.json:
        print_json(data)
    else:
        print(text)


def register(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
             common: argparse.ArgumentParser) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    """Add the practice subcommands to ``sub``; returns the ``claims`` subcommands."""
    p = sub.add_parser("demo", parents=[common], help="create the synthetic demo practice")
    p.add_argument("--patients", type=int, default=300)
    p.add_argument("--encounters", type=int, default=1500)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--force", action="store_true", help="replace an existing database")
    p.set_defaults(handler=cmd_demo)

    pat = sub.add_parser("patients", help="patients").add_subparsers(dest="action", required=True)
    p = pat.add_parser("list", parents=[common], help="list or search patients")
    p.add_argument("--search", default="")
    p.add_argument("--limit", type=int, default=None)
    p.set_defaults(handler=cmd_patients_list)

    cl = sub.add_parser("claims", help="claims").add_subparsers(dest="action", required=True)
    p = cl.add_parser("list", parents=[common], help="list claims")
    p.add_argument("--status", default=None)
    p.add_argument("--payer", default=None, help="payer id (as on claims)")
    p.set_defaults(handler=cmd_claims_list)

    for name, handler, dest, text in (
        ("export-json", cmd_export, "out", "write the whole practice as JSON"),
        ("import-json", cmd_import, "infile", "load a practice JSON into an empty database"),
        ("backup", cmd_backup, "out", "online backup of the database"),
        ("restore", cmd_restore, "infile", "restore the database from a backup"),
    ):
        p = sub.add_parser(name, parents=[common], help=text)
        p.add_argument(dest, type=Path, metavar=dest.upper())
        p.set_defaults(handler=handler)
    return cl
