"""Set-based SQL behind the KPIs, the A/R aging and the month-end report.

Every function returns plain tuples (money in cents) for one period; the formulas that turn
them into numbers live in ``app.domain.kpis`` and ``app.services.kpis``. Dates are compared as
ISO text and day differences use ``julianday`` (SQLite; a PostgreSQL form would use date
subtraction).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

#: Per-claim ledger sums in cents as of :end (billed, paid, adjusted, patient responsibility).
AMOUNTS = """
SELECT claim_id,
  SUM(CASE WHEN account='payer' AND kind IN ('charge','transfer') THEN amount ELSE 0 END) billed,
  SUM(CASE WHEN account='payer' AND kind='payment' THEN amount
           WHEN account='payer' AND kind='refund' THEN -amount ELSE 0 END) paid,
  SUM(CASE WHEN account='payer' AND kind='adjustment' THEN amount ELSE 0 END) adjusted,
  SUM(CASE WHEN account='patient' AND kind='transfer' THEN amount ELSE 0 END) pr
FROM ledger_entries WHERE claim_id IS NOT NULL AND posted_on <= :end GROUP BY claim_id
"""

#: Denials that count: not the underpayment marker and not a contractual CO-45 on a claim that
#: was paid or moved to the patient (deductible-only).
REAL_DENIAL = """
d.reason_code != 'UNDER' AND NOT (d.group_code = 'CO' AND d.reason_code = '45' AND EXISTS (
  SELECT 1 FROM ledger_entries le WHERE le.claim_id = d.claim_id AND le.amount > 0 AND (
    (le.account = 'payer' AND le.kind = 'payment') OR (le.account = 'patient'
     AND le.kind = 'transfer'))))
"""


def _rows(session: Session, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in session.execute(text(sql), params)]


def _p(start: date, end: date) -> dict[str, str]:
    return {"start": start.isoformat(), "end": end.isoformat()}


def first_submissions(session: Session, start: date, end: date) -> list[tuple[Any, ...]]:
    """Original claims first submitted in the period.

    Returns:
        ``(claim_id, status, rejected, reworked, lag_days)``: rejected = a 999/277CA rejection
        in its history; reworked = rejected, denied, appealed or replaced at any time;
        lag_days = submitted_on - date of service.
    """
    return _rows(session, f"""
SELECT c.id, c.status,
  c.status = 'rejected' OR EXISTS (SELECT 1 FROM claim_history h WHERE h.claim_id = c.id
                                    AND h.to_status = 'rejected'),
  (c.status = 'rejected' OR EXISTS (SELECT 1 FROM claim_history h WHERE h.claim_id = c.id
           AND h.to_status IN ('rejected','denied','appealed'))
   OR EXISTS (SELECT 1 FROM claims k WHERE k.original_claim_id = c.id)
   OR EXISTS (SELECT 1 FROM denials d WHERE d.claim_id = c.id AND {REAL_DENIAL})),
  CAST(julianday(c.submitted_on) - julianday(e.date_of_service) AS INTEGER)
FROM claims c JOIN encounters e ON e.id = c.encounter_id
WHERE c.original_claim_id IS NULL AND c.submitted_on BETWEEN :start AND :end
""", **_p(start, end))


def remitted_claims(session: Session, start: date, end: date) -> list[int]:
    """Claims adjudicated in the period: a payer payment or adjustment posted (835 or EOB)."""
    rows = _rows(session, """
SELECT DISTINCT claim_id FROM ledger_entries
WHERE account = 'payer' AND kind IN ('payment','adjustment') AND claim_id IS NOT NULL
  AND posted_on BETWEEN :start AND :end
""", **_p(start, end))
    return [r[0] for r in rows]


def denials_in(session: Session, start: date, end: date,
               underpaid: bool = False) -> list[tuple[Any, ...]]:
    """Denial items created in the period: ``(claim_id, group, reason, owner, cents)``.

    ``underpaid`` selects the underpayment items (reason ``UNDER``) instead of real denials.
    """
    where = "d.reason_code = 'UNDER'" if underpaid else REAL_DENIAL
    return _rows(session, f"""
SELECT d.claim_id, d.group_code, d.reason_code, d.owner, d.amount FROM denials d
WHERE date(d.created_at) BETWEEN :start AND :end AND {where}
""", **_p(start, end))


def ledger_totals(session: Session, start: date, end: date) -> dict[str, int]:
    """Cents posted in the period.

    Keys: charges, payments (net of refunds), contractual (CO-45), adjustments.
    """
    row = _rows(session, """
SELECT
  COALESCE(SUM(CASE WHEN kind='charge' THEN amount ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN kind='payment' THEN amount WHEN kind='refund' THEN -amount
               ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN kind='adjustment' AND group_code='CO' AND reason_code='45'
               THEN amount ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN kind='adjustment' THEN amount ELSE 0 END), 0)
FROM ledger_entries WHERE posted_on BETWEEN :start AND :end
""", **_p(start, end))[0]
    return {"charges": row[0], "payments": row[1], "contractual": row[2], "adjustments": row[3]}


def paid_claim_ids(session: Session, start: date, end: date) -> list[int]:
    """Claims with a payment entry posted in the period."""
    return [r[0] for r in _rows(session, """
SELECT DISTINCT claim_id FROM ledger_entries WHERE kind='payment' AND claim_id IS NOT NULL
  AND posted_on BETWEEN :start AND :end""", **_p(start, end))]


def claim_balances(session: Session, end: date) -> list[tuple[Any, ...]]:
    """Open insurance balances as of ``end``.

    Returns:
        ``(claim_id, payer_id, payer_name, patient_id, patient_name, dos, submitted_on,
        balance_cents)`` for every non-void claim whose balance is not zero.
    """
    return _rows(session, f"""
SELECT c.id, c.payer_id, y.name, p.id, p.last_name || ', ' || p.first_name,
  e.date_of_service, c.submitted_on, a.billed - a.paid - a.adjusted - a.pr
FROM ({AMOUNTS} HAVING billed - paid - adjusted - pr != 0) a
CROSS JOIN claims c ON c.id = a.claim_id CROSS JOIN encounters e ON e.id = c.encounter_id
CROSS JOIN patients p ON p.id = e.patient_id CROSS JOIN payers y ON y.id = c.payer_id
WHERE c.status != 'void'
""", end=end.isoformat())


def patient_balances(session: Session, end: date) -> list[tuple[Any, ...]]:
    """Open patient balances per visit as of ``end``.

    Returns:
        ``(claim_id or 0, patient_id, patient_name, dos, submitted_on, balance_cents)``; the
        date of an entry without a visit is its posting date.
    """
    return _rows(session, """
SELECT COALESCE(le.claim_id, 0), le.patient_id, p.last_name || ', ' || p.first_name,
  COALESCE(e.date_of_service, MIN(le.posted_on)), c.submitted_on,
  SUM(CASE WHEN le.kind = 'transfer' AND le.account = 'patient' THEN le.amount
           WHEN le.kind = 'transfer' THEN -le.amount
           WHEN le.account != 'patient' THEN 0
           WHEN le.kind IN ('charge','refund') THEN le.amount ELSE -le.amount END) bal
FROM ledger_entries le JOIN patients p ON p.id = le.patient_id
LEFT JOIN encounters e ON e.id = le.encounter_id LEFT JOIN claims c ON c.id = le.claim_id
WHERE le.posted_on <= :end
  AND (le.account = 'patient' OR (le.account = 'payer' AND le.kind = 'transfer'))
GROUP BY le.patient_id, le.encounter_id, le.claim_id HAVING bal != 0
""", end=end.isoformat())


def days_to_pay(session: Session, start: date, end: date) -> list[tuple[Any, ...]]:
    """Days from submission to the payer's answer, per claim first answered in the period.

    The answer is the first payer payment or adjustment posted from the practice's 835s (or a
    paper EOB keyed the same way).

    Returns:
        ``(payer_id, payer_name, claim_id, days from submission to payment)``.
    """
    return _rows(session, """
SELECT c.payer_id, y.name, c.id,
  CAST(julianday(MIN(le.posted_on)) - julianday(c.submitted_on) AS INTEGER)
FROM ledger_entries le JOIN claims c ON c.id = le.claim_id JOIN payers y ON y.id = c.payer_id
WHERE le.account = 'payer' AND le.kind IN ('payment','adjustment')
  AND c.submitted_on IS NOT NULL AND le.posted_on >= :start
GROUP BY c.id HAVING MIN(le.posted_on) BETWEEN :start AND :end
""", **_p(start, end))


def scrub_prevented(session: Session, start: date, end: date) -> list[int]:
    """Claims the scrubber stopped and the biller fixed, submitted in the period.

    An earlier scrub run stored an error finding and the latest run has none.
    """
    return [r[0] for r in _rows(session, """
SELECT c.id FROM claims c
WHERE c.submitted_on BETWEEN :start AND :end
  AND EXISTS (SELECT 1 FROM findings f WHERE f.claim_id = c.id AND f.severity = 'error')
  AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.claim_id = c.id AND f.severity = 'error'
       AND f.run_id = (SELECT MAX(g.run_id) FROM findings g WHERE g.claim_id = c.id))
""", **_p(start, end))]


def monthly_totals(session: Session, start: date, end: date) -> list[tuple[Any, ...]]:
    """``(YYYY-MM, charges, payments, adjustments)`` in cents per month of posting."""
    return _rows(session, """
SELECT substr(posted_on, 1, 7) m,
  SUM(CASE WHEN kind='charge' THEN amount ELSE 0 END),
  SUM(CASE WHEN kind='payment' THEN amount WHEN kind='refund' THEN -amount ELSE 0 END),
  SUM(CASE WHEN kind='adjustment' THEN amount ELSE 0 END)
FROM ledger_entries WHERE posted_on BETWEEN :start AND :end GROUP BY m ORDER BY m
""", **_p(start, end))


def totals_by(session: Session, start: date, end: date, by: str) -> list[tuple[Any, ...]]:
    """``(name, charges, payments, adjustments)`` in cents by ``provider`` or ``payer``."""
    if by == "provider":
        name = "pr.last_name || ', ' || pr.first_name"
        join = ("JOIN encounters e ON e.id = le.encounter_id "
                "JOIN providers pr ON pr.id = e.rendering_provider_id")
    else:
        name = "COALESCE(y.name, 'Patient payments')"
        join = "LEFT JOIN claims c ON c.id = le.claim_id LEFT JOIN payers y ON y.id = c.payer_id"
    return _rows(session, f"""
SELECT {name} n,
  SUM(CASE WHEN le.kind='charge' THEN le.amount ELSE 0 END),
  SUM(CASE WHEN le.kind='payment' THEN le.amount WHEN le.kind='refund' THEN -le.amount
           ELSE 0 END),
  SUM(CASE WHEN le.kind='adjustment' THEN le.amount ELSE 0 END)
FROM ledger_entries le {join} WHERE le.posted_on BETWEEN :start AND :end
GROUP BY n ORDER BY n
""", **_p(start, end))


def claims_by_ids(session: Session, ids: list[int]) -> list[tuple[Any, ...]]:
    """The drill-down rows of ``ids`` (one JSON parameter, ledger summed for these claims only).

    Returns:
        ``(claim_id, control, patient_id, patient, payer code, payer, status, dos, billed,
        paid, adjusted, pr)`` in cents, oldest date of service first.
    """
    return _rows(session, """
WITH ids(id) AS (SELECT value FROM json_each(:ids)),
amt AS (
  SELECT le.claim_id,
    SUM(CASE WHEN le.account='payer' AND le.kind IN ('charge','transfer') THEN le.amount
             ELSE 0 END) billed,
    SUM(CASE WHEN le.account='payer' AND le.kind='payment' THEN le.amount
             WHEN le.account='payer' AND le.kind='refund' THEN -le.amount ELSE 0 END) paid,
    SUM(CASE WHEN le.account='payer' AND le.kind='adjustment' THEN le.amount ELSE 0 END) adj,
    SUM(CASE WHEN le.account='patient' AND le.kind='transfer' THEN le.amount ELSE 0 END) pr
  FROM ledger_entries le WHERE le.claim_id IN (SELECT id FROM ids) GROUP BY le.claim_id)
SELECT c.id, c.control_number, p.id, p.last_name || ', ' || p.first_name, y.payer_id, y.name,
  c.status, e.date_of_service, COALESCE(a.billed, 0), COALESCE(a.paid, 0),
  COALESCE(a.adj, 0), COALESCE(a.pr, 0)
FROM claims c JOIN encounters e ON e.id = c.encounter_id JOIN patients p ON p.id = e.patient_id
JOIN payers y ON y.id = c.payer_id LEFT JOIN amt a ON a.claim_id = c.id
WHERE c.id IN (SELECT id FROM ids) ORDER BY e.date_of_service, c.id
""", ids=json.dumps(ids))
