"""The remittance checks on the hand-driven doors: matching an unmatched CLP, re-checking a hold.

An 835 import screens every CLP (``remit_screen.Screen``) before it posts. A CLP that matched
no claim waits in the exception queue; when the user matches it by hand it goes through the
same checks against the payment it came in (re-read from the stored file, so the payer's ids
are the ERA's own): it posts when they pass and is held, with the reasons, when they do not.
A held CLP that is not a possible duplicate (wrong payer, claim not sent, implausible dates...)
can be re-checked once the user fixed the cause, e.g. after the claim was submitted: when the
checks now pass it posts in full, as the import would have posted it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.domain.changes import Changes
from app.domain.claims import Claim
from app.domain.errors import UserError
from app.domain.remit_records import PaymentRecord
from app.domain.remittance import ClaimPayment, Remittance
from app.services import remittances as r
from app.services.remit_screen import Screen
from app.store import remit_holds, remit_repo
from app.store.claims import snapshots
from app.store.claims.bundles import Loader
from app.store.claims.reader import read_claim
from app.store.database import Database, UnitOfWork
from app.x12.reader_835 import read_835


def _payment(session: Any, payment_id: int) -> tuple[PaymentRecord, str, Remittance | None]:
    """The payment, its file's name and the parsed transaction set it came in (if found)."""
    found = remit_repo.payment_source(session, payment_id)
    if found is None:
        raise UserError("The payment of that remittance entry no longer exists.")
    payment, file_name, text = found
    try:
        remits = read_835(text, file_name, validate_structure=False) if text else []
    except Exception:  # noqa: BLE001 - a stored file that no longer reads: check without it
        remits = []
    for remit in remits:
        if (remit.payer_id, remit.trace_number) == (payment.payer_trace_id,
                                                    payment.trace_number):
            return payment, file_name, remit
    return payment, file_name, None


def _screened(ctx: Any, payment: PaymentRecord, remit: Remittance | None, clp: ClaimPayment,
              claim: Claim) -> tuple[Screen, int]:
    """A screen of ``clp`` (paying ``claim``) inside its payment; returns it and the CLP index."""
    if remit is None:  # the stored file is gone: the payment's own record stands for it
        remit = Remittance(control_number="", handling_code=payment.handling or "I",
                           total_paid=payment.amount, credit_debit="C",
                           payment_method=payment.method or "NON",
                           payment_date=payment.payment_date,
                           trace_number=payment.trace_number, payer_id=payment.payer_trace_id,
                           payer_name=payment.payer_name)
    claims = list(remit.claims)
    index = next((i for i, c in enumerate(claims) if c.segment == clp.segment
                  and clp.segment is not None), None)
    if index is None:
        claims.append(clp)
        index = len(claims) - 1
    else:
        claims[index] = clp
    ctx.known = {claim.control_number: claim}
    ctx.loader.prefetch_claims([claim.id or 0], eligibility=False, siblings=True,
                               known=[claim])
    ctx.sent = snapshots.sent_line_keys(ctx.session, [claim.id or 0])
    return Screen(ctx, remit.model_copy(update={"claims": tuple(claims)})), index


def _context(session: Any, payment: PaymentRecord, file_name: str, today: date) -> Any:
    summary = r.PostingSummary(file=file_name or f"payment {payment.trace_number}")
    return r._Ctx(session, Loader(session), payment.id, payment.payment_date or today,
                  payment.trace_number, summary, today)


def match_exception(db: Database, item_id: int, claim_id: int,
                    today: date | None = None) -> tuple[r.PostingSummary, Changes]:
    """Post an unmatched remitted claim to the claim the user chose, after the remit checks.

    When a check fails (wrong payer, claim not sent or void, a duplicate of what this payer
    already paid, implausible amounts or dates) the CLP is held with the reasons instead, as
    an import would hold it (``summary.held``); its money stays in the payment's suspense.

    Raises:
        UserError: the entry is no longer in the exception queue, or its payment is gone.
    """
    today = today or date.today()
    with UnitOfWork(db) as uow:
        s = uow.session
        taken = remit_repo.take_exception(s, item_id)
        if taken is None:
            raise UserError("That remittance entry is no longer in the exception queue.")
        detail, remitted_as, _paid, payment_id, _paid_on, _trace = taken
        claim = read_claim(s, claim_id)
        payment, file_name, remit = _payment(s, payment_id)
        clp = ClaimPayment.model_validate_json(detail).model_copy(
            update={"patient_control_number": claim.control_number})
        ctx = _context(s, payment, file_name, today)
        screen, index = _screened(ctx, payment, remit, clp, claim)
        screen.post_one(ctx, index, r._post_claim)
        ctx.flush()
        screen.flush(s)
        ctx.summary.file = f"manual match of {remitted_as}"
        uow.commit()
    return ctx.summary, Changes(payments=True, claims=True)


def recheck_hold(db: Database, hold_id: int,
                 today: date | None = None) -> tuple[r.PostingSummary, Changes]:
    """Run the remit checks again on a held CLP and post it in full when they now pass.

    For a hold whose cause the user fixed (the claim was submitted, its payer corrected...).
    A possible duplicate stays a decision: dismiss it or post it knowingly.

    Raises:
        UserError: the hold is gone or decided, names no claim, or still fails its checks
            (the message gives the reasons; nothing changed).
    """
    today = today or date.today()
    with UnitOfWork(db) as uow:
        s = uow.session
        row = remit_holds.hold(s, hold_id)
        if row is None or row.state != "open":
            raise UserError("That held remittance is no longer waiting for a decision.")
        if row.claim_id is None:
            raise UserError("That held remittance names no claim; match it in the exception "
                            "queue instead.")
        claim = read_claim(s, row.claim_id)
        payment, file_name, remit = _payment(s, row.payment_id)
        clp = ClaimPayment.model_validate_json(row.detail_json)
        ctx = _context(s, payment, file_name, today)
        screen, index = _screened(ctx, payment, remit, clp, claim)
        found = screen.holds.get(index)
        if found is not None:
            raise UserError(f"Still held: {found.message}")
        if not remit_holds.resolve_hold(s, hold_id, "posted", "re-checked and posted",
                                        remit_state="resolved"):
            raise UserError("That held remittance is no longer waiting for a decision.")
        remit_repo.reduce_suspense(s, row.payment_id, row.paid)
        screen.post_one(ctx, index, r._post_claim)
        ctx.flush()
        uow.commit()
    return ctx.summary, Changes(payments=True, claims=True)
