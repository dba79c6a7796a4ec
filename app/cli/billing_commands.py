"""Coding and billing subcommands: encounters list/check, claims build/show, scrub."""

from __future__ import annotations

import argparse
import sys

from app.cli import visit_commands
from app.cli.output import print_json, print_table
from app.domain.findings import Finding
from app.domain.money import format_money
from app.services import billing, claims, codes, coding, encounters, sent_claims, workspace
from app.services.code_facts import IndexFacts


def _facts(args: argparse.Namespace) -> IndexFacts:
    if not codes.icd_index_ready(db=args.codesets):
        print("Building the ICD-10-CM index (once per release)...", file=sys.stderr)
        codes.ensure_icd_index(db=args.codesets)
    return IndexFacts(args.codesets)


def _print_findings(findings: list[Finding]) -> None:
    if not findings:
        print("  no findings")
    for f in findings:
        print(f"  {f.severity.upper():7} {f.rule_id:9} [{f.owner}] {f.location}: {f.message}")
        if f.hint:
            print(f"          fix: {f.hint}")


def cmd_encounters_list(args: argparse.Namespace) -> int:
    """The coding work queue."""
    statuses = tuple(args.status.split(",")) if args.status else ()
    rows = coding.work_queue(workspace.open_database(args.db), statuses)
    if args.json:
        print_json(rows)
        return 0
    print_table([[str(r.id), r.date_of_service.isoformat(), r.patient, r.provider, r.payer,
                  r.coding_status, str(r.days_since_visit)] for r in rows],
                ["Id", "DOS", "Patient", "Provider", "Payer", "Status", "Days"], right={0, 6})
    return 0


def cmd_encounters_check(args: argparse.Namespace) -> int:
    """Live coding findings for one encounter."""
    found = encounters.check_saved(workspace.open_database(args.db), args.id,
                                   facts=_facts(args))
    if args.json:
        print_json([f.model_dump(mode="json") for f in found])
    else:
        print(f"Encounter {args.id}:")
        _print_findings(found)
    return 0


def cmd_claims_build(args: argparse.Namespace) -> int:
    """Build claims for coded visits."""
    if not args.all_coded and args.encounter is None:
        print("claimdesk: give --all-coded or --encounter ID", file=sys.stderr)
        return 2
    ids = None if args.all_coded else [args.encounter]
    result, _ = billing.build_claims(workspace.open_database(args.db), ids, facts=_facts(args))
    if args.json:
        print_json(result)
    else:
        print(f"Built {len(result.claims)} claim(s): {result.ready} ready, {result.draft} draft "
              f"with errors; {result.self_pay} self-pay visit(s) charged to the patient.")
        for line in result.skipped:
            print(f"  skipped {line}")
    return 0


def cmd_claims_show(args: argparse.Namespace) -> int:
    """One claim with its money, history and findings."""
    db = workspace.open_database(args.db)
    claim, amounts = claims.get_claim(db, args.id)
    data = sent_claims.claim_as_billed(db, args.id)  # with the payer: as it was sent
    sent = sent_claims.submissions(db, args.id)
    history = claims.history(db, args.id)
    found = billing.findings(db, args.id)
    if args.json:
        print_json({"claim": claim.model_dump(mode="json"), "billed": amounts.billed,
                    "paid": amounts.paid, "adjusted": amounts.adjusted,
                    "patient_responsibility": amounts.patient_responsibility,
                    "balance": amounts.balance, "data": data.model_dump(mode="json"),
                    "history": [h.model_dump(mode="json") for h in history],
                    "sent": [x.model_dump(mode="json") for x in sent],
                    "findings": [f.model_dump(mode="json") for f in found]})
        return 0
    print(f"Claim {claim.control_number} ({claim.status}) to {data.payer.name} "
          f"[{data.payer.payer_id}], frequency {claim.frequency_code}")
    print(f"  patient {data.patient.name.last}, {data.patient.name.first}  "
          f"DOS {data.date_of_service}  dx {' '.join(data.diagnoses)}")
    for line in data.lines:
        print(f"  {line.line_number}. {line.code} {':'.join(line.modifiers):8} "
              f"x{line.units} {format_money(line.charge):>10}  ptr {line.pointers}")
    print(f"  billed {format_money(amounts.billed)}  paid {format_money(amounts.paid)}  "
          f"adjusted {format_money(amounts.adjusted)}  patient "
          f"{format_money(amounts.patient_responsibility)}  "
          f"balance {format_money(amounts.balance)}")
    for h in history:
        print(f"  {h.at:%m/%d/%Y %H:%M} {h.from_status or '-'} -> {h.to_status}  {h.reason}")
    for x in sent:
        print(f"  {x.summary()}")
    _print_findings(found)
    return 0


def cmd_scrub(args: argparse.Namespace) -> int:
    """Scrub claims; exit 0 even when findings exist."""
    if not args.all and args.claim is None:
        print("claimdesk: give --all or --claim ID", file=sys.stderr)
        return 2
    ids = None if args.all else [args.claim]
    results, _ = billing.scrub_claims(workspace.open_database(args.db), ids, facts=_facts(args))
    if args.json:
        print_json([{"claim_id": r.claim_id, "control_number": r.control_number,
                     "status": r.status, "findings": [f.model_dump(mode="json")
                                                      for f in r.findings]} for r in results])
        return 0
    for r in results:
        print(f"{r.control_number} ({r.status}): {len(r.findings)} finding(s)")
        _print_findings(list(r.findings))
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser,  # type: ignore[type-arg]
             claims_sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the coding and billing subcommands (``claims_sub``: the ``claims`` subcommands)."""
    common_codes = common  # --codesets is a global option
    enc = sub.add_parser("encounters", help="visits and coding").add_subparsers(
        dest="action", required=True)
    p = enc.add_parser("list", parents=[common], help="the coding work queue")
    p.add_argument("--status", default=None, help="uncoded, query, coded, correction (a,b)")
    p.set_defaults(handler=cmd_encounters_list)
    p = enc.add_parser("check", parents=[common_codes], help="live coding findings of a visit")
    p.add_argument("id", type=int)
    p.set_defaults(handler=cmd_encounters_check)
    visit_commands.register(enc, common)
    p = claims_sub.add_parser("build", parents=[common_codes], help="build claims")
    p.add_argument("--all-coded", action="store_true")
    p.add_argument("--encounter", type=int, default=None)
    p.set_defaults(handler=cmd_claims_build)
    p = claims_sub.add_parser("show", parents=[common], help="one claim in detail")
    p.add_argument("id", type=int)
    p.set_defaults(handler=cmd_claims_show)
    p = sub.add_parser("scrub", parents=[common_codes], help="scrub claims")
    p.add_argument("--claim", type=int, default=None)
    p.add_argument("--all", action="store_true")
    p.set_defaults(handler=cmd_scrub)
