"""Clearinghouse subcommands: export-837, import-ack."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.output import claim_ids, print_json
from app.domain.money import format_money
from app.services import batches, workspace


def cmd_export_837(args: argparse.Namespace) -> int:
    """Export ready claims as an 837P batch."""
    ids = claim_ids(args.claims)
    result, _ = batches.export_837(workspace.open_database(args.db), args.out, ids,
                                   payer_code=args.payer, validate=not args.no_validate)
    if args.json:
        print_json(result)
    else:
        print(f"Wrote {result.file}: {result.claims} claim(s), total "
              f"{format_money(result.total_charge)}; ISA13 {result.isa13:09d}, GS06 "
              f"{result.gs06}, ST02 {', '.join(result.st02)}; "
              f"{'TEST' if result.usage == 'T' else 'PRODUCTION'}"
              f"{'; validated with pyx12' if result.validated else ''}.")
    return 0


def cmd_import_ack(args: argparse.Namespace) -> int:
    """Import a 999 or 277CA acknowledgment."""
    result, _ = batches.import_ack(workspace.open_database(args.db), args.file)
    if args.json:
        print_json(result)
    elif result.already_imported:
        print(f"{result.file}: already imported on {result.already_imported}; nothing changed.")
    else:
        print(f"{result.file} ({result.kind}): {len(result.accepted)} accepted, "
              f"{len(result.rejected)} rejected, {len(result.unmatched)} unmatched")
        for control in result.rejected:
            print(f"  rejected: {control}")
        for text in result.unmatched:
            print(f"  unmatched: {text}")
        for text in result.notes:
            print(f"  note: {text}")
    return 0


def register(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
             common: argparse.ArgumentParser) -> None:
    """Add the clearinghouse subcommands."""
    p = sub.add_parser("export-837", parents=[common], help="export ready claims as 837P")
    p.add_argument("--out", type=Path, required=True, help="file, or a folder (file pattern)")
    p.add_argument("--claims", default=None, help="claim ids, comma separated")
    p.add_argument("--payer", default=None, help="only this payer id")
    p.add_argument("--no-validate", action="store_true", help="skip the pyx12 pass")
    p.set_defaults(handler=cmd_export_837)
    p = sub.add_parser("import-ack", parents=[common], help="import a 999 or 277CA")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_import_ack)
