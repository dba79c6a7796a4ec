"""``encounters add``: enter a visit from the command line (it waits in the coding queue)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from app.cli.output import print_json
from app.domain.errors import UserError
from app.services import visits, workspace


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD).") from None


def cmd_encounters_add(args: argparse.Namespace) -> int:
    """Add a visit for a patient; it appears uncoded in the coding queue."""
    if args.note is not None and not args.note.strip():
        raise UserError("--note: the note is empty.")
    data = {"patient_id": args.patient, "date_of_service": args.date,
            "rendering_provider_id": args.provider, "place_of_service": args.pos,
            "referring_provider_id": args.referring, "prior_auth_id": args.auth,
            "documentation": (args.note or "").strip()}
    enc, _ = visits.create_visit(workspace.open_database(args.db), data, args.note_pdf)
    if args.json:
        print_json({"id": enc.id, "patient_id": enc.patient_id,
                    "date_of_service": enc.date_of_service,
                    "rendering_provider_id": enc.rendering_provider_id,
                    "place_of_service": enc.place_of_service,
                    "coding_status": str(enc.coding_status)})
    else:
        print(f"Visit {enc.id} added ({enc.date_of_service:%m/%d/%Y}, POS "
              f"{enc.place_of_service}); it is in the coding queue.")
    return 0


def register(enc: argparse._SubParsersAction,  # type: ignore[type-arg]
             common: argparse.ArgumentParser) -> None:
    """Add ``encounters add`` to the ``encounters`` subcommands."""
    p = enc.add_parser("add", parents=[common], help="enter a new visit")
    p.add_argument("--patient", type=int, required=True, help="patient id")
    p.add_argument("--date", type=_date, required=True, help="date of service (YYYY-MM-DD)")
    p.add_argument("--provider", type=int, required=True, help="rendering provider id")
    p.add_argument("--pos", default="11", help="place of service (default 11, office)")
    p.add_argument("--referring", type=int, default=None, help="referring provider id")
    p.add_argument("--auth", type=int, default=None, help="prior authorization id")
    p.add_argument("--note", default=None, help="the visit note (text)")
    p.add_argument("--note-pdf", type=Path, default=None,
                   help="the visit note as a PDF (copied into the practice database)")
    p.set_defaults(handler=cmd_encounters_add)
