"""Paper EOB posting: a keyed EOB posted by the 835 engine, all-or-nothing.

The EOB is balanced first (``app.domain.paper_eob``), turned into the ``Remittance`` an ERA
would carry, and posted by ``app.services.remittances`` inside one UnitOfWork: the same ledger
entries, denial items, secondary claims, underpayment flags and remit checks. The same EOB
keyed twice becomes a second payment whose claims the remit checks hold as possible
duplicates (nothing is paid twice); ``dry_run`` runs the whole posting and rolls it back.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from app.domain.base import build
from app.domain.changes import Changes
from app.domain.errors import ImportRejected, Problem, UserError, ValidationFailed
from app.domain.paper_eob import PaperEob, eob_problems, to_remittance
from app.domain.remittance import balance_problems
from app.services import remittances
from app.services.remittances import PostingSummary
from app.store import remit_repo
from app.store.claims.bundles import Loader
from app.store.database import Database, UnitOfWork

#: How many times the same check may be keyed (each keying is one payment row).
MAX_KEYINGS = 99


def load_eob(path: Path) -> PaperEob:
    """Read a keyed EOB from a JSON file (format in the README, "Paper EOB").

    Raises:
        UserError: the file cannot be read.
        ImportRejected: not JSON, or fields missing or wrong (each problem located).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"Cannot read {path.name}: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRejected([Problem(path.name, "", f"not valid JSON: {exc.msg}",
                                      exc.lineno)]) from None
    if not isinstance(data, dict):
        raise ImportRejected([Problem(path.name, "", "the EOB must be a JSON object.")])
    try:
        return build(PaperEob, data, path.name)
    except ValidationFailed as exc:
        raise ImportRejected(exc.problems) from None


def post_paper_eob(db: Database, eob: PaperEob, dry_run: bool = False, *,
                   source: str = "paper EOB",
                   today: date | None = None) -> tuple[PostingSummary, Changes]:
    """Post (or preview) a keyed paper EOB through the 835 posting engine.

    Args:
        db: the practice database.
        eob: the keyed EOB.
        dry_run: run the whole posting and roll it back (the preview).
        source: the file or form name used in messages.
        today: the posting day (tests).

    Returns:
        The posting summary (held CLPs included) and what changed.

    Raises:
        ImportRejected: a claim or line does not balance; nothing was written.
    """
    problems = eob_problems(eob, source)
    if problems:
        raise ImportRejected(problems)
    summary = PostingSummary(file=source, dry_run=dry_run)
    canonical = eob.model_dump_json()
    with UnitOfWork(db) as uow:
        s = uow.session
        keying = _keying(s, eob)
        found = remit_repo.claims_by_number(
            s, [(c.claim.upper(), c.payer_claim_number) for c in eob.claims])
        levels = {c.claim.upper(): str(found[c.claim.upper()].responsibility)
                  for c in eob.claims if c.claim.upper() in found}
        remit = to_remittance(eob, levels, eob.payer if keying == 1 else
                              f"{eob.payer}#{keying}")
        problems = balance_problems(remit, source)
        if problems:  # the keyed rules above imply these; a safety net
            raise ImportRejected(problems)
        digest = hashlib.sha256(f"paper-eob:{keying}:{canonical}".encode()).hexdigest()
        file_id = remit_repo.add_file(s, digest, f"{source} (check {eob.check_number})"[:255],
                                      canonical)
        remittances._post_remittance(s, Loader(s), remit, file_id, summary,
                                     today or date.today())
        if not dry_run:
            uow.commit()
    changed = not dry_run and summary.payments > 0
    return summary, Changes(payments=changed, claims=changed)


def _keying(session: Any, eob: PaperEob) -> int:
    """1 for the first keying of this payer's check, 2 for the next... (the payment key)."""
    for n in range(1, MAX_KEYINGS + 1):
        payer = eob.payer if n == 1 else f"{eob.payer}#{n}"
        if remit_repo.payment_by_trace(session, payer, eob.check_number) is None:
            return n
    raise UserError(f"Check {eob.check_number} was keyed {MAX_KEYINGS} times already.")
