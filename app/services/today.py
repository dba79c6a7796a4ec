"""Today: one ranked list merging every work queue of the practice.

The queue is an explicit list of source functions (``SOURCES``, beancount-style). Each source
reads one queue and returns ``TodayItem``s; ``today_items`` merges them, drops the ones snoozed
or marked done, and ranks by money x urgency (``app.domain.today.score``). An item leaves the
list when its condition clears (the claim is fixed, the denial worked, the hold decided), so a
new queue (payment plans missed, from the collections service) is one source function added to
``SOURCES``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from app.domain.changes import Changes
from app.domain.errors import UserError
from app.domain.money import from_cents
from app.domain.today import TodayItem, TodayTarget, rank
from app.services.kpis import payer_turnaround
from app.store import today_queries as q
from app.store.database import Database, UnitOfWork

#: A payer with no 835 history yet is assumed to answer within this many days.
DEFAULT_TURNAROUND = 45
#: Timely filing counts as a risk from this many days before the limit.
TIMELY_WARNING_DAYS = 30
#: A patient with a balance gets a statement every this many days.
STATEMENT_CYCLE_DAYS = 30


@dataclass
class Ctx:
    """What every source gets: a read session and the day."""

    session: Any
    today: date
    db: Database


Source = Callable[[Ctx], list[TodayItem]]


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.fromisoformat(str(value)).date()


def visits_to_code(ctx: Ctx) -> list[TodayItem]:
    """Visits waiting to be coded (or sent back for correction), oldest first."""
    out = []
    for enc_id, status, dos, patient, cents, note in q.visits_to_code(ctx.session):
        age = (ctx.today - _date(dos)).days
        why = f"Sent back: {note}" if status == "correction" and note else \
            f"Visit of {_date(dos).isoformat()} not coded ({age} days)"
        out.append(TodayItem(f"code:{enc_id}", "coding", f"Code visit: {patient}",
                             from_cents(cents), why, "Code the visit",
                             TodayTarget("coding", enc_id, "diagnoses"), age_days=age))
    return out


def provider_queries(ctx: Ctx) -> list[TodayItem]:
    """Provider queries not answered yet."""
    out = []
    for qid, enc_id, asked, provider, question in q.open_queries(ctx.session):
        age = (ctx.today - _date(asked)).days
        out.append(TodayItem(f"query:{qid}", "query", f"Query to Dr. {provider} unanswered",
                             Decimal("0"), f"Asked {age} days ago: {question[:80]}",
                             "Record the provider's answer",
                             TodayTarget("coding", enc_id, "queries"), age_days=age))
    return out


def unfiled_claims(ctx: Ctx) -> list[TodayItem]:
    """Scrub failures, held claims, 999/277CA rejections and timely-filing risk.

    One item per claim, with the most pressing reason.
    """
    out = []
    for cid, ctl, status, patient, payer, cents, left, errors, note, dos in \
            q.unfiled_claims(ctx.session, ctx.today):
        age = (ctx.today - _date(dos)).days
        if status == "rejected":
            kind, why, act, fld = "rejection", f"Rejected by the clearinghouse/payer: {note}", \
                "Fix the rejected field and resend", "findings"
        elif status == "on_hold":
            kind, why, act, fld = "held_claim", f"On hold: {note}", "Release or void the claim",\
                "status"
        elif errors:
            kind, why, act, fld = "scrub", "Scrubber errors block this claim", \
                "Fix the scrub errors", "findings"
        elif left <= TIMELY_WARNING_DAYS:
            kind, why, act, fld = "timely", f"{status} claim not sent yet", \
                "Send it in the next batch", "status"
        else:
            continue
        why += f" · {left} days left to file ({payer})"
        out.append(TodayItem(f"{kind}:{cid}", kind, f"Claim {ctl}: {patient}",
                             from_cents(cents), why, act, TodayTarget("billing", cid, fld),
                             days_left=left, age_days=age, claim_id=cid))
    return out


def denials(ctx: Ctx) -> list[TodayItem]:
    """Denials and underpayments to work, by their appeal or corrected-claim deadline."""
    out = []
    for did, cid, ctl, group, reason, owner, cents, deadline, expl in \
            q.open_denials(ctx.session, ctx.today):
        left = (_date(deadline) - ctx.today).days if deadline else None
        label = "Underpaid" if reason == "UNDER" else f"Denied {group}-{reason}"
        due = f" · deadline {_date(deadline).isoformat()}" if deadline else ""
        out.append(TodayItem(f"denial:{did}", "denial", f"{label}: claim {ctl}",
                             from_cents(cents), f"{expl[:90]} (owner: {owner}){due}",
                             "Appeal, correct, write off or bill the patient",
                             TodayTarget("remittances.denials", did, "action"), days_left=left,
                             claim_id=cid))
    return out


def no_answer(ctx: Ctx) -> list[TodayItem]:
    """Claims with no 835 answer past the payer's usual turnaround (learned median)."""
    learned = payer_turnaround(ctx.db, ctx.today)
    out = []
    for cid, ctl, payer_id, payer, submitted, cents in q.unanswered_claims(ctx.session):
        waited = (ctx.today - _date(submitted)).days
        median, n = learned.get(payer_id, (Decimal(DEFAULT_TURNAROUND), 0))
        if waited <= median:
            continue
        basis = f"{payer} usually pays in {median:.0f} days (median of {n} paid claims)" if n \
            else f"no 835 history for {payer} yet; {DEFAULT_TURNAROUND} days assumed"
        out.append(TodayItem(
            f"no_answer:{cid}:{_date(submitted).isoformat()}", "no_answer",
            f"No answer on claim {ctl}", from_cents(cents),
            f"Sent {waited} days ago; {basis}", "Check claim status with the payer",
            TodayTarget("billing", cid, "history"), age_days=int(waited - median), claim_id=cid,
            can_mark_done=True))
    return out


def refunds(ctx: Ctx) -> list[TodayItem]:
    """Credit balances to refund, by the refund task's due date."""
    return [TodayItem(f"refund:{task}", "refund", f"Refund {owed} ({source.replace('_', ' ')})",
                      from_cents(cents), f"Credit balance; refund due {_date(due).isoformat()}",
                      "Issue the refund", TodayTarget("remittances.credits", credit, "refund"),
                      days_left=(_date(due) - ctx.today).days, claim_id=cid)
            for task, credit, cid, owed, cents, due, source in q.refunds_due(ctx.session)]


def held_remittances(ctx: Ctx) -> list[TodayItem]:
    """Remitted claims the ERA checks held instead of posting."""
    return [TodayItem(f"hold:{hid}", "held_remit", f"Held remittance: {kind.replace('_', ' ')}",
                      from_cents(cents), message[:100], "Dismiss or post knowingly",
                      TodayTarget("remittances.held", hid, "decision"),
                      age_days=(ctx.today - _date(at)).days, claim_id=cid)
            for hid, cid, kind, cents, at, message in q.open_holds(ctx.session)]


def statements(ctx: Ctx) -> list[TodayItem]:
    """Patients with a balance and no statement in the last cycle."""
    since = ctx.today - timedelta(days=STATEMENT_CYCLE_DAYS)
    out = []
    for pid, name, account, cents, last in q.statements_due(ctx.session, since):
        when = f"last statement {_date(last).isoformat()}" if last else "never sent a statement"
        age = (ctx.today - _date(last)).days - STATEMENT_CYCLE_DAYS if last else 0
        out.append(TodayItem(f"statement:{pid}:{last or ''}", "statement",
                             f"Statement due: {name} ({account})", from_cents(cents),
                             f"Patient balance; {when}", "Run statements",
                             TodayTarget("statements", pid, "balance"), age_days=age,
                             can_mark_done=True))
    return out


#: Every queue feeding Today. Payment plans missed joins here as one more source.
SOURCES: tuple[Source, ...] = (
    visits_to_code, provider_queries, unfiled_claims, denials, no_answer, refunds,
    held_remittances, statements,
)


def today_items(db: Database, today: date | None = None,
                sources: tuple[Source, ...] = SOURCES) -> list[TodayItem]:
    """The Today list: every source's items, without hidden ones, highest score first."""
    today = today or date.today()
    with db.reading() as session:
        ctx = Ctx(session, today, db)
        items = [item for source in sources for item in source(ctx)]
        hidden = q.hidden(session)
    shown = [i for i in items if i.key not in hidden or (
        hidden[i.key] is not None and hidden[i.key] <= today)]  # type: ignore[operator]
    return rank(shown)


def snooze(db: Database, key: str, until: date, reason: str,
           today: date | None = None) -> Changes:
    """Hide one item until ``until`` (after today) with a reason."""
    today = today or date.today()
    if until <= today:
        raise UserError("Snooze until: choose a date after today.")
    if not reason.strip():
        raise UserError("Snooze reason: say why the item can wait.")
    with UnitOfWork(db) as uow:
        q.hide(uow.session, key, until, reason.strip())
        uow.commit()
    return Changes(claims=True)


def mark_done(db: Database, item: TodayItem, note: str = "done") -> Changes:
    """Mark an item done where that applies (a follow-up call made, a statement sent elsewhere).

    The key carries the condition, so the same problem coming back shows again.
    """
    if not item.can_mark_done:
        raise UserError(f"{item.title}: this item leaves the list when it is fixed "
                        f"({item.next_action.lower()}).")
    with UnitOfWork(db) as uow:
        q.hide(uow.session, item.key, None, note)
        uow.commit()
    return Changes(claims=True)
