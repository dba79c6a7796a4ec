"""The practice KPIs, each one function of (database, period) returning a ``Kpi``.

Every KPI names its formula and period in its docstring, and the same sentence goes on the
dashboard tile. ``claim_ids`` on the result are the claims behind the number (the drill-down).
Money is Decimal; the store sums cents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from app.domain import kpis as k
from app.domain.money import from_cents
from app.domain.rows import ClaimListRow
from app.store import kpi_queries as q
from app.store.database import Database

KpiFn = Callable[[Database, k.Period], k.Kpi]

#: While ``all_kpis`` runs, query results shared by several tiles (same query, same period).
_shared: dict[tuple[Any, ...], Any] | None = None


def _q(fn: Callable[..., Any], session: Any, *args: Any) -> Any:
    """``fn(session, *args)``, computed once per ``all_kpis`` call."""
    if _shared is None:
        return fn(session, *args)
    key = (fn.__name__, *args)
    if key not in _shared:
        _shared[key] = fn(session, *args)
    return _shared[key]


def _first(doc: str | None) -> str:
    """The ``Formula:`` paragraph of a KPI docstring, on one line (the tile's definition)."""
    paragraphs = (doc or "").split("\n\n")
    text = next((p for p in paragraphs if p.strip().startswith("Formula:")), paragraphs[0])
    return " ".join(text.split()).removeprefix("Formula: ")


def clean_claim_rate(db: Database, period: k.Period) -> k.Kpi:
    """Clean-claim rate.

    Formula: Clean-claim rate = original claims first submitted in the period with no 999/277CA
    rejection / all original claims first submitted in the period.

    Drill-down: the rejected claims.
    """
    with db.reading() as s:
        rows = _q(q.first_submissions, s, period.start, period.end)
    bad = tuple(r[0] for r in rows if r[2])
    return k.Kpi("clean_claim_rate", "Clean-claim rate", k.percent(len(rows) - len(bad),
                 len(rows)), "%", _first(clean_claim_rate.__doc__), period.label(), bad)


ADJUDICATED = ("paid", "partial", "denied", "appealed", "closed")


def first_pass_resolution_rate(db: Database, period: k.Period) -> k.Kpi:
    """First-pass resolution rate.

    Formula: First-pass resolution rate = adjudicated original claims first submitted in the period
    that were paid or closed without rejection, denial, appeal or replacement / all adjudicated
    original claims first submitted in the period.

    Drill-down: the claims that needed rework.
    """
    with db.reading() as s:
        rows = [r for r in _q(q.first_submissions, s, period.start, period.end)
                if r[1] in ADJUDICATED]
    bad = tuple(r[0] for r in rows if r[3] or r[1] not in ("paid", "closed"))
    return k.Kpi("first_pass_resolution_rate", "First-pass resolution",
                 k.percent(len(rows) - len(bad), len(rows)), "%",
                 _first(first_pass_resolution_rate.__doc__), period.label(), bad)


def denial_rate(db: Database, period: k.Period) -> k.Kpi:
    """Denial rate.

    Formula: Denial rate = claims with a denial created in the period / claims adjudicated in
    the period (a payer payment or adjustment posted); by cause = CARC group-reason and the
    owner it routes to. A contractual CO-45 on a paid or deductible-only claim is not a denial;
    underpayments are counted separately.

    Drill-down: the denied claims; detail: (group-reason -> owner, dollars, claims).
    """
    with db.reading() as s:
        denied = q.denials_in(s, period.start, period.end)
        remitted = q.remitted_claims(s, period.start, period.end)
    by_cause: dict[str, tuple[Decimal, set[int]]] = {}
    for claim_id, group, reason, owner, cents in denied:
        label = f"{group}-{reason} -> {owner}"
        total, ids = by_cause.get(label, (Decimal("0"), set()))
        by_cause[label] = (total + from_cents(cents), ids | {claim_id})
    claims = tuple(sorted({r[0] for r in denied}))
    detail = tuple(sorted(((lbl, amt, len(ids)) for lbl, (amt, ids) in by_cause.items()),
                          key=lambda d: (-d[2], -d[1], d[0])))
    base = len(set(remitted) | set(claims))
    return k.Kpi("denial_rate", "Denial rate", k.percent(len(claims), base), "%",
                 _first(denial_rate.__doc__), period.label(), claims, detail)


def days_in_ar(db: Database, period: k.Period) -> k.Kpi:
    """Days in A/R.

    Formula: Days in A/R = insurance A/R balance at the period's end / (charges
    posted in the period / days in the period).

    Drill-down: the claims with an open balance.
    """
    with db.reading() as s:
        open_rows = _q(q.claim_balances, s, period.end)
        totals = _q(q.ledger_totals, s, period.start, period.end)
    ar = from_cents(sum(r[7] for r in open_rows))
    value = k.days_in_ar(ar, from_cents(totals["charges"]), period.days)
    return k.Kpi("days_in_ar", "Days in A/R", value, "days", _first(days_in_ar.__doc__),
                 period.label(), tuple(r[0] for r in open_rows))


def net_collection_rate(db: Database, period: k.Period) -> k.Kpi:
    """Net collection rate.

    Formula: Net collection rate = payments posted in the period (payer and patient, net
    of refunds) / (charges posted in the period - contractual CO-45 adjustments posted in the
    period).

    Drill-down: the claims paid in the period.
    """
    with db.reading() as s:
        t = _q(q.ledger_totals, s, period.start, period.end)
        ids = tuple(q.paid_claim_ids(s, period.start, period.end))
    value = k.net_collection_rate(from_cents(t["payments"]), from_cents(t["charges"]),
                                  from_cents(t["contractual"]))
    return k.Kpi("net_collection_rate", "Net collection rate", value, "%",
                 _first(net_collection_rate.__doc__), period.label(), ids)


def ar_over_90(db: Database, period: k.Period) -> k.Kpi:
    """A/R over 90 days.

    Formula: A/R over 90 days = insurance balance of claims whose date of service is more than
    90 days before the period's end (dollars; the share of all A/R is in the detail).

    Drill-down: those claims.
    """
    with db.reading() as s:
        rows = _q(q.claim_balances, s, period.end)
    cutoff = period.end - timedelta(days=90)
    old = [r for r in rows if _as_date(r[5]) < cutoff]
    old_total = from_cents(sum(r[7] for r in old))
    share = k.percent(sum(r[7] for r in old), sum(r[7] for r in rows))
    detail = (("share of A/R %", share, len(old)),) if share is not None else ()
    return k.Kpi("ar_over_90", "A/R over 90 days", old_total, "$", _first(ar_over_90.__doc__),
                 f"as of {period.end.isoformat()}", tuple(r[0] for r in old), detail)


def visit_to_claim_lag(db: Database, period: k.Period) -> k.Kpi:
    """Visit-to-claim lag.

    Formula: Visit-to-claim lag = median days from date of service to first submission, over the
    original claims first submitted in the period.

    Drill-down: claims that took longer than the median.
    """
    with db.reading() as s:
        rows = _q(q.first_submissions, s, period.start, period.end)
    value = k.median(r[4] for r in rows)
    slow = tuple(r[0] for r in rows if value is not None and r[4] > value)
    return k.Kpi("visit_to_claim_lag", "Visit-to-claim lag", value, "days",
                 _first(visit_to_claim_lag.__doc__), period.label(), slow)


def days_to_pay_by_payer(db: Database, period: k.Period) -> k.Kpi:
    """Days to pay by payer.

    Formula: Days to pay by payer = per payer, the median days from submission to the first 835
    payment, over claims first paid in the period (learned from this practice's own 835s);
    the value is the median over all those claims.

    Drill-down: the paid claims; detail: (payer, median days, claims).
    """
    with db.reading() as s:
        rows = q.days_to_pay(s, period.start, period.end)
    per: dict[str, list[int]] = defaultdict(list)
    for _pid, name, _cid, days in rows:
        per[name].append(days)
    detail = tuple(sorted((name, k.median(v) or Decimal(0), len(v)) for name, v in per.items()))
    return k.Kpi("days_to_pay", "Days to pay (median)", k.median(r[3] for r in rows), "days",
                 _first(days_to_pay_by_payer.__doc__), period.label(),
                 tuple(r[2] for r in rows), detail)


def payer_turnaround(db: Database, today: date, lookback_days: int = 365) -> dict[int, tuple[
        Decimal, int]]:
    """Each payer's usual turnaround learned from the practice's 835s.

    Args:
        db: the practice database.
        today: the end of the look-back window.
        lookback_days: how far back paid claims count.

    Returns:
        payer id -> (median days from submission to first payment, claims it is based on).
    """
    with db.reading() as s:
        rows = q.days_to_pay(s, today - timedelta(days=lookback_days), today)
    per: dict[int, list[int]] = defaultdict(list)
    for payer_id, _name, _cid, days in rows:
        per[payer_id].append(days)
    return {p: (k.median(v) or Decimal(0), len(v)) for p, v in per.items()}


def underpaid_dollars(db: Database, period: k.Period) -> k.Kpi:
    """Underpaid dollars.

    Formula: Underpaid dollars = sum of (contracted allowed - payer allowed) on lines the 835
    posting flagged as underpaid in the period.

    Drill-down: the underpaid claims.
    """
    with db.reading() as s:
        rows = q.denials_in(s, period.start, period.end, underpaid=True)
    return k.Kpi("underpaid", "Underpaid dollars", from_cents(sum(r[4] for r in rows)), "$",
                 _first(underpaid_dollars.__doc__), period.label(),
                 tuple(sorted({r[0] for r in rows})))


def denials_prevented(db: Database, period: k.Period) -> k.Kpi:
    """Denials prevented by the scrubber.

    Formula: Denials prevented by the scrubber = claims submitted in the period that a scrub run had
    blocked with an error finding, fixed before they went out (latest run has no error).

    Drill-down: those claims.
    """
    with db.reading() as s:
        ids = tuple(q.scrub_prevented(s, period.start, period.end))
    return k.Kpi("denials_prevented", "Denials prevented", Decimal(len(ids)), "count",
                 _first(denials_prevented.__doc__), period.label(), ids)


#: The dashboard tiles, in order (beancount-style explicit list).
KPIS: tuple[KpiFn, ...] = (
    clean_claim_rate, first_pass_resolution_rate, denial_rate, days_in_ar,
    net_collection_rate, ar_over_90, visit_to_claim_lag, days_to_pay_by_payer,
    underpaid_dollars, denials_prevented,
)


def all_kpis(db: Database, period: k.Period) -> list[k.Kpi]:
    """Every KPI of the dashboard for ``period`` (shared queries run once)."""
    global _shared
    _shared = {}
    try:
        return [fn(db, period) for fn in KPIS]
    finally:
        _shared = None


KEYS: dict[str, KpiFn] = {
    "clean_claim_rate": clean_claim_rate, "first_pass_resolution_rate":
    first_pass_resolution_rate, "denial_rate": denial_rate, "days_in_ar": days_in_ar,
    "net_collection_rate": net_collection_rate, "ar_over_90": ar_over_90,
    "visit_to_claim_lag": visit_to_claim_lag, "days_to_pay": days_to_pay_by_payer,
    "underpaid": underpaid_dollars, "denials_prevented": denials_prevented,
}


def kpi_by_key(db: Database, key: str, period: k.Period) -> k.Kpi:
    """One KPI by its key (the drill-down path); KeyError for an unknown key."""
    return KEYS[key](db, period)


def default_period(today: date, days: int = 90) -> k.Period:
    """The last ``days`` days up to ``today``."""
    return k.Period(today - timedelta(days=days - 1), today)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


#: The drill-down list shows at most this many claims (the count shows them all).
DRILL_LIMIT = 1000


def claims_behind(db: Database, claim_ids: tuple[int, ...] | list[int],
                  limit: int = DRILL_LIMIT) -> list[ClaimListRow]:
    """The claims behind a number, as claim-list rows (the first ``limit`` ids).

    Args:
        db: the practice database.
        claim_ids: a KPI's or aging row's ``claim_ids``.
        limit: the most rows returned.

    Returns:
        Claim rows with their ledger money, oldest date of service first.
    """
    with db.reading() as s:
        rows = q.claims_by_ids(s, list(claim_ids)[:limit])
    out = []
    for cid, ctl, pid, patient, code, payer, status, dos, *cents in rows:
        billed, paid, adj, pr = (from_cents(c) for c in cents)
        out.append(ClaimListRow(id=cid, control_number=ctl, status=status, submitted_on=None,
                                patient_id=pid, patient=patient, payer_id=code, payer=payer,
                                date_of_service=_as_date(dos), provider="", billed=billed,
                                paid=paid, adjusted=adj, patient_responsibility=pr,
                                balance=billed - paid - adj - pr, days_left=None,
                                has_errors=False))
    return out
