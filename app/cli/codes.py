"""The ``claimdesk codes`` command: search, show, status, imports and the ICD-10-CM index."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.domain.errors import UserError
from app.services import codes, fees, workspace

Handler = Callable[[argparse.Namespace], int]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``codes`` command and its subcommands.

    Args:
        subparsers: the top-level parser's subparsers.
    """
    parser = subparsers.add_parser("codes", help="search and import code sets")
    sub = parser.add_subparsers(dest="codes_command", metavar="SUBCOMMAND", required=True)
    p = sub.add_parser("search", help="search ICD-10-CM, HCPCS (and CPT) codes")
    p.add_argument("query")
    p.add_argument("--system", choices=["icd10cm", "hcpcs", "cpt", "all"], default="all")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--billable", action="store_true", help="billable codes only")
    p.set_defaults(handler=_search)
    p = sub.add_parser("show", help="show one code in detail")
    p.add_argument("code")
    p.set_defaults(handler=_show)
    p = sub.add_parser("import-hcpcs", help="import a CMS HCPCS ANWEB text file")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=_import_hcpcs)
    p = sub.add_parser("import-ncci-ptp", help="import CMS NCCI practitioner PTP text files")
    p.add_argument("files", type=Path, nargs="+")
    p.add_argument("--version", dest="ptp_version", default=None,
                   help="quarter version when the file names are not CMS ones: 2026Q3 v32.2r0")
    p.set_defaults(handler=_import_ptp)
    p = sub.add_parser("import-mue", help="import a CMS practitioner MUE CSV file")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=_import_mue)
    for name, handler, text in (
            ("import-fees", _import_fees, "import the practice fee schedule CSV "
             "(code, modifier, label, charge, effective_date)"),
            ("import-contracts", _import_contracts, "import payer contracted allowed amounts "
             "CSV (payer_id, code, modifier, allowed, effective_date)")):
        p = sub.add_parser(name, help=text)
        p.add_argument("file", type=Path)
        p.set_defaults(handler=handler)
    p = sub.add_parser("status", help="show which code sets are loaded")
    p.set_defaults(handler=_status)
    p = sub.add_parser("build-index", help="(re)build the ICD-10-CM index")
    p.set_defaults(handler=_build_index)


def _stderr_progress(done: int, total: int, label: str) -> None:
    text = f"{label}: {done * 100 // total}%" if total else f"{label}..."
    print(f"\r{text:<60}", end="", file=sys.stderr, flush=True)


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _jsonable(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _ensure_index(db: Path | None) -> None:
    if not codes.icd_index_ready(db=db):
        print("Building the ICD-10-CM index (once per release)...", file=sys.stderr)
        codes.ensure_icd_index(_stderr_progress, db=db)
        print(file=sys.stderr)


def _search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        print("claimdesk: --limit must be at least 1", file=sys.stderr)
        return 2
    if args.system in ("all", "icd10cm"):
        _ensure_index(args.codesets)
    cpt = None
    if args.system in ("all", "cpt"):
        cpt = fees.cpt_provider(workspace.open_database(args.db))
    hits = codes.search(args.query, system=args.system, billable_only=args.billable,
                        limit=args.limit, db=args.codesets, extra_cpt=cpt)
    if args.json:
        print(json.dumps(_jsonable(hits), indent=2))
        return 0
    for hit in hits:
        flag = "billable" if hit.billable else f"{hit.billable_children or 0} billable below"
        extra = f"  [{hit.matched_term}]" if hit.matched_term else ""
        print(f"{hit.system:8} {hit.code:9} {flag:>20}  {hit.description}{extra}")
    if not hits:
        print("no match", file=sys.stderr)
    return 0


def _show(args: argparse.Namespace) -> int:
    _ensure_index(args.codesets)
    detail = codes.show(args.code, db=args.codesets)
    if detail is None:
        raise UserError(f"{args.code} is not a known ICD-10-CM or HCPCS code")
    if args.json:
        print(json.dumps(_jsonable(detail), indent=2))
        return 0
    print(f"{detail.code}  {detail.description}")
    print(f"  system: {detail.system}   billable: {'yes' if detail.billable else 'no'}"
          f"   kind: {detail.kind}")
    for code, description in detail.parents:
        print(f"  in {code}: {description}")
    if not detail.billable and detail.billable_children:
        print(f"  {detail.billable_children} billable codes below")
    for kind, texts in detail.notes.items():
        for text in texts:
            print(f"  {kind}: {text}")
    if detail.seventh:
        print(f"  7th character (from {detail.seventh_from}):")
        for item in detail.seventh:
            print(f"    {item.char}  {item.meaning}")
    if detail.valid_from or detail.valid_to:
        print(f"  valid: {detail.valid_from or '-'} to {detail.valid_to or 'open'}")
    return 0


def _print_results(results: list[codes.ImportResult]) -> int:
    for result in results:
        print(result.message)
    return 0


def _import_hcpcs(args: argparse.Namespace) -> int:
    return _print_results([codes.import_hcpcs(args.file, db=args.codesets)])


def _import_ptp(args: argparse.Namespace) -> int:
    try:
        results = codes.import_ncci_ptp(args.files, _stderr_progress, version=args.ptp_version,
                                        db=args.codesets)
    finally:
        print(file=sys.stderr)  # end the progress line, also before an error message
    return _print_results(results)


def _import_mue(args: argparse.Namespace) -> int:
    return _print_results([codes.import_mue(args.file, db=args.codesets)])


def _fee_import(args: argparse.Namespace, importer: Any) -> int:
    result, _ = importer(workspace.open_database(args.db), args.file)
    if args.json:
        print(json.dumps(_jsonable(result), indent=2))
    elif result.already_imported:
        print(f"{result.file_name}: already imported; nothing changed.")
    else:
        print(f"{result.file_name}: imported {result.rows:,} rows.")
    return 0


def _import_fees(args: argparse.Namespace) -> int:
    return _fee_import(args, fees.import_fee_schedule)


def _import_contracts(args: argparse.Namespace) -> int:
    return _fee_import(args, fees.import_contracts)


def _status(args: argparse.Namespace) -> int:
    info = codes.status(db=args.codesets)
    if args.json:
        print(json.dumps(_jsonable(info), indent=2))
        return 0
    if info.icd_ready:
        print(f"ICD-10-CM: {info.icd_release}, {info.icd_codes:,} codes "
              f"({info.icd_billable:,} billable), dates of service {info.icd_valid_from} "
              f"to {info.icd_valid_to}")
    else:
        print("ICD-10-CM: index not built (run 'claimdesk codes build-index')")
    print(f"HCPCS: {info.hcpcs_codes:,} codes ({info.hcpcs_source or 'none'})")
    print(f"NCCI PTP: {info.ptp_rows:,} edits {', '.join(info.ptp_versions) or ''}".rstrip())
    print(f"MUE: {info.mue_rows:,} rows {', '.join(info.mue_versions) or ''}".rstrip())
    return 0


def _build_index(args: argparse.Namespace) -> int:
    codes.ensure_icd_index(_stderr_progress, db=args.codesets, force=True)
    print(file=sys.stderr)
    print("ICD-10-CM index built.")
    return 0
