"""The remittance checks applied while an 835 is posted, and the held-CLP work list.

``Screen`` is the hook the posting uses: built once per payment (one query for what this
payer already posted on every claim the payment matched, inside the write transaction), it
decides for each CLP whether to post it or to hold it. A held CLP is recorded as a remitted
claim in state ``held`` with its money in the payment's suspense, plus a hold row with every
reason (file, segment, CLP position, element). The user then dismisses it, or posts a
possible duplicate payment knowingly: the money lands on the claim as a credit balance owed
back to the payer, with a refund task.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from app.domain.changes import Changes
from app.domain.claims import StatusMove
from app.domain.errors import UserError
from app.domain.ledger import Account, EntryKind, LedgerEntry
from app.domain.remit_checks import ClaimFacts, Hold, HoldKind, check_payment
from app.domain.remit_records import StoredHold
from app.domain.remittance import ClaimPayment, Remittance
from app.store import claim_source, remit_holds, remit_repo
from app.store import repository as repo
from app.store.claims.reader import read_claim
from app.store.claims.writer import move_statuses
from app.store.database import Database, UnitOfWork

#: Days to refund an identified overpayment (the 60-day rule for Medicare and Medicaid).
REFUND_DAYS = 60


@dataclass(frozen=True)
class HeldItem:
    """A CLP held instead of posted, as the preview, the CLI and the work list show it."""

    id: int | None  # the hold's id once posted; None in a preview
    file: str
    segment: int | None
    position: int  # 1-based CLP number in its payment
    control_number: str  # CLP01
    kind: str  # the first reason's HoldKind value
    elements: str  # e.g. ``2100/CLP03, 2100/CLP04``
    reasons: str  # every reason, located
    charge: Decimal
    paid: Decimal
    trace_number: str
    earlier: str  # the earlier remittance (file/trace/date/amount) for a duplicate
    can_post_knowingly: bool
    state: str = "open"


@dataclass(frozen=True)
class CreditItem:
    """A credit balance (money owed back) with its refund task."""

    id: int
    claim_id: int | None
    patient_id: int
    payer_id: int | None
    source: str
    owed_to: str
    amount: Decimal
    state: str
    note: str
    refund_task_id: int | None
    refund_due: date | None


class Screen:
    """The checks of one payment: which CLPs post and which are held (and why)."""

    def __init__(self, ctx: Any, remit: Remittance) -> None:
        self.remit = remit
        self.facts = [_facts(ctx, clp) for clp in remit.claims]
        earlier = remit_holds.earlier_remits(
            ctx.session, (f.claim_id for f in self.facts if f is not None))
        self.holds = check_payment(remit, ctx.summary.file, self.facts, earlier, ctx.today)
        self.remit_ids: dict[int, int] = {}
        self.rows: list[dict[str, Any]] = []

    def post_all(self, ctx: Any, post: Callable[[Any, ClaimPayment], None]) -> None:
        """Post every CLP that passes its checks with ``post``; hold the others."""
        for index, clp in enumerate(self.remit.claims):
            found = self.holds.get(index)
            if found is None:
                post(ctx, clp)
                if ctx.remits:
                    self.remit_ids[index] = ctx.remits[-1]["id"]
            else:
                self._hold(ctx, clp, found)

    def post_one(self, ctx: Any, index: int, post: Callable[[Any, ClaimPayment], None]) -> bool:
        """Post the CLP at ``index`` if it passes its checks, else hold it; True when posted."""
        found = self.holds.get(index)
        if found is not None:
            self._hold(ctx, self.remit.claims[index], found)
            return False
        post(ctx, self.remit.claims[index])
        return True

    def _hold(self, ctx: Any, clp: ClaimPayment, found: Hold) -> None:
        fact = self.facts[found.index]
        remit_id = ctx.add_remit(
            claim_id=fact.claim_id if fact else None, state="held",
            payment_id=ctx.payment_id, control_number=clp.patient_control_number,
            status_code=clp.status_code, charge=clp.charge, paid=clp.paid,
            patient_responsibility=clp.patient_responsibility,
            payer_claim_number=clp.payer_claim_control_number,
            detail_json=clp.model_dump_json())
        remit_repo.reduce_suspense(ctx.session, ctx.payment_id, -clp.paid)
        earlier = found.earlier
        earlier_id = None
        if earlier is not None:
            earlier_id = earlier.remit_claim_id or self.remit_ids.get(earlier.index or 0)
        item = _item(found, clp, self.remit.trace_number)
        self.rows.append({
            "remit_claim_id": remit_id, "claim_id": fact.claim_id if fact else None,
            "kind": item.kind, "kinds": ",".join(r.kind.value for r in found.reasons),
            "element": found.reasons[0].element, "segment": found.segment,
            "position": item.position, "file_name": found.source, "message": item.reasons,
            "earlier_remit_claim_id": earlier_id, "earlier": item.earlier, "state": "open",
            "resolved_at": None, "note": ""})
        ctx.summary.held.append(item)

    def flush(self, session: Any) -> None:
        """Write the hold rows (after the payment's remitted-claim rows)."""
        remit_holds.add_holds(session, self.rows)
        self.rows = []


def _facts(ctx: Any, clp: ClaimPayment) -> ClaimFacts | None:
    claim = ctx.known.get(clp.patient_control_number) or \
        ctx.known.get(clp.payer_claim_control_number)
    if claim is None or claim.id is None:
        return None
    bundle = ctx.loader.encounter_bundle(claim.encounter_id)
    payer = ctx.loader.payers[claim.payer_id]
    lines = tuple((x.code, x.charge) for x in bundle.encounter.lines)
    return ClaimFacts(claim.id, claim.control_number, str(claim.status),
                      str(claim.responsibility), payer.name, payer.payer_id,
                      sum((c for _, c in lines), Decimal("0.00")), lines,
                      bundle.encounter.date_of_service)


def _item(found: Hold, clp: ClaimPayment, trace: str) -> HeldItem:
    return HeldItem(
        id=None, file=found.source, segment=found.segment, position=found.index + 1,
        control_number=found.control_number, kind=found.kind.value,
        elements=", ".join(r.element for r in found.reasons), reasons=found.message,
        charge=clp.charge, paid=clp.paid, trace_number=trace,
        earlier=found.earlier.describe() if found.earlier else "",
        can_post_knowingly=found.is_duplicate_only and clp.paid > 0)


def _stored_item(row: StoredHold) -> HeldItem:
    duplicate = row.kinds == HoldKind.DUPLICATE.value
    return HeldItem(
        id=row.id, file=row.file_name, segment=row.segment, position=row.position,
        control_number=row.control_number, kind=row.kind,
        elements=row.element, reasons=row.message, charge=row.charge, paid=row.paid,
        trace_number=row.trace_number, earlier=row.earlier,
        can_post_knowingly=duplicate and row.paid > 0 and row.state == "open",
        state=row.state)


def held_items(db: Database, include_resolved: bool = False) -> list[HeldItem]:
    """The held CLPs waiting for a decision (or every one), oldest first."""
    with db.reading() as session:
        rows = remit_holds.holds(session, None if include_resolved else "open")
        return [_stored_item(r) for r in rows]


def dismiss(db: Database, hold_id: int, note: str = "") -> Changes:
    """Dismiss a held CLP: it is never posted and its money leaves the payment's suspense.

    Raises:
        UserError: the hold is gone or already decided.
    """
    with UnitOfWork(db) as uow:
        s = uow.session
        row = remit_holds.hold(s, hold_id)
        if row is None or not remit_holds.resolve_hold(s, hold_id, "dismissed",
                                                       note or "dismissed"):
            raise UserError("That held remittance is no longer waiting for a decision.")
        remit_repo.reduce_suspense(s, row.payment_id, row.paid)
        uow.commit()
    return Changes(payments=True)


def post_knowingly(db: Database, hold_id: int, note: str = "",
                   today: date | None = None) -> tuple[CreditItem, Changes]:
    """Post a possible duplicate payment on purpose: a credit balance with a refund task.

    Only the money moves (a payment entry on the claim for CLP04): the adjustments and the
    patient's share were posted with the earlier payment, so they are not posted again. The
    claim's balance goes negative by that amount, owed back to the payer.

    Raises:
        UserError: the hold is gone, decided, not a duplicate, or pays nothing.
    """
    today = today or date.today()
    with UnitOfWork(db) as uow:
        s = uow.session
        row = remit_holds.hold(s, hold_id)
        if row is None or row.state != "open":
            raise UserError("That held remittance is no longer waiting for a decision.")
        if row.kinds != HoldKind.DUPLICATE.value or row.paid <= 0 or row.claim_id is None:
            raise UserError("Only a possible duplicate payment that pays money can be posted "
                            "knowingly; dismiss this one or fix the claim.")
        if not remit_holds.resolve_hold(s, hold_id, "posted", note or "posted knowingly"):
            raise UserError("That held remittance is no longer waiting for a decision.")
        claim = read_claim(s, row.claim_id)
        encounter = claim_source.get_encounter(s, claim.encounter_id)
        memo = f"duplicate payment posted knowingly (trace {row.trace_number}); refund due"
        repo.bulk_append_entries(s, [LedgerEntry(
            patient_id=encounter.patient_id, encounter_id=encounter.id, claim_id=claim.id,
            kind=EntryKind.PAYMENT, account=Account.PAYER, amount=row.paid,
            reference=row.trace_number[:50], posted_on=row.payment_date or today, memo=memo,
            payment_id=row.payment_id)])
        remit_repo.reduce_suspense(s, row.payment_id, row.paid)
        due = today + timedelta(days=REFUND_DAYS)
        credit_id = remit_holds.add_credit(s, {
            "claim_id": claim.id, "patient_id": encounter.patient_id,
            "payer_id": claim.payer_id, "remit_claim_id": row.remit_claim_id,
            "source": "duplicate_payment", "owed_to": "payer", "amount": row.paid,
            "note": f"duplicate payment on claim {claim.control_number} (trace "
                    f"{row.trace_number}); {note}".strip().rstrip(";")}, due)
        move_statuses(s, [StatusMove(claim.id or 0, claim.status, f"{memo} by {due:%m/%d/%Y}",
                                     expected=claim.status)])
        uow.commit()
    found = [c for c in credit_balances(db) if c.id == credit_id]
    return found[0], Changes(payments=True, claims=True)


def credit_balances(db: Database, state: str | None = "open") -> list[CreditItem]:
    """Credit balances with their refund task (open ones unless ``state`` says otherwise)."""
    with db.reading() as session:
        return [CreditItem(c.id, c.claim_id, c.patient_id, c.payer_id, c.source, c.owed_to,
                           c.amount, c.state, c.note, c.refund_task_id, c.refund_due)
                for c in remit_holds.credit_balances(session, state)]
