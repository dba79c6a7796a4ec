"""SQL behind the Today sources (one query per queue, set-based) and the snooze table."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from app.store import tables as t
from app.store.kpi_queries import REAL_DENIAL

#: Unfiled statuses (timely filing still runs).
UNFILED = "('draft','ready','on_hold','rejected')"


def _rows(session: Session, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in session.execute(text(sql), params)]


def visits_to_code(session: Session) -> list[tuple[Any, ...]]:
    """``(encounter_id, status, dos, patient, charge_cents, note)`` waiting to be coded."""
    return _rows(session, """
SELECT e.id, e.coding_status, e.date_of_service, p.last_name || ', ' || p.first_name,
  COALESCE((SELECT SUM(l.charge) FROM service_lines l WHERE l.encounter_id = e.id), 0),
  e.coding_note
FROM encounters e CROSS JOIN patients p ON p.id = e.patient_id
WHERE e.coding_status IN ('uncoded','correction')
""")


def open_queries(session: Session) -> list[tuple[Any, ...]]:
    """``(query_id, encounter_id, asked_at, provider, question)`` not answered yet."""
    return _rows(session, """
SELECT q.id, q.encounter_id, q.asked_at, pr.last_name, q.question FROM provider_queries q
JOIN providers pr ON pr.id = q.provider_id WHERE q.status = 'open'
""")


def unfiled_claims(session: Session, today: date) -> list[tuple[Any, ...]]:
    """Claims the payer has not received, with what holds them.

    Returns:
        ``(claim_id, control, status, patient, payer, billed_cents, days_left, has_errors,
        note, dos)``; days_left = timely_filing_days - (today - date of service).
    """
    return _rows(session, f"""
SELECT c.id, c.control_number, c.status, p.last_name || ', ' || p.first_name, y.name,
  COALESCE((SELECT SUM(l.amount) FROM ledger_entries l WHERE l.claim_id = c.id
            AND l.kind = 'charge'), 0),
  y.timely_filing_days - CAST(julianday(:today) - julianday(e.date_of_service) AS INTEGER),
  EXISTS (SELECT 1 FROM findings f WHERE f.claim_id = c.id AND f.severity = 'error'
          AND f.run_id = (SELECT MAX(g.run_id) FROM findings g WHERE g.claim_id = c.id)),
  c.status_note, e.date_of_service
FROM claims c CROSS JOIN encounters e ON e.id = c.encounter_id
CROSS JOIN patients p ON p.id = e.patient_id CROSS JOIN payers y ON y.id = c.payer_id
WHERE c.status IN {UNFILED}
  AND y.filing_indicator != 'ZZ'
""", today=today.isoformat())


def open_denials(session: Session, today: date) -> list[tuple[Any, ...]]:
    """Open denial items (or snoozed and due again): real denials and underpayments.

    Returns:
        ``(denial_id, claim_id, control, group, reason, owner, cents, deadline, explanation)``.
    """
    return _rows(session, f"""
SELECT d.id, d.claim_id, c.control_number, d.group_code, d.reason_code, d.owner, d.amount,
  d.deadline, d.explanation FROM denials d JOIN claims c ON c.id = d.claim_id
WHERE (d.state = 'open' OR (d.state = 'snoozed' AND d.snooze_until <= :today))
  AND (d.reason_code = 'UNDER' OR ({REAL_DENIAL}))
""", today=today.isoformat())


def unanswered_claims(session: Session) -> list[tuple[Any, ...]]:
    """Claims sent with no 835 answer yet.

    Returns:
        ``(claim_id, control, payer_id, payer, submitted_on, balance_cents)``.
    """
    return _rows(session, """
SELECT c.id, c.control_number, c.payer_id, y.name, c.submitted_on,
  (SELECT COALESCE(SUM(CASE WHEN l.account = 'payer' AND l.kind IN ('charge','transfer')
                            THEN l.amount WHEN l.kind = 'transfer' THEN -l.amount
                            ELSE 0 END), 0)
   FROM ledger_entries l WHERE l.claim_id = c.id)
FROM claims c CROSS JOIN payers y ON y.id = c.payer_id
WHERE c.status IN ('submitted','accepted') AND c.submitted_on IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM remit_claims r WHERE r.claim_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM ledger_entries le WHERE le.claim_id = c.id
                  AND le.account = 'payer' AND le.kind IN ('payment','adjustment'))
""")


def refunds_due(session: Session) -> list[tuple[Any, ...]]:
    """``(task_id, credit_id, claim_id, owed_to, cents, due_date, source)`` open refund tasks."""
    return _rows(session, """
SELECT r.id, b.id, b.claim_id, r.owed_to, r.amount, r.due_date, b.source
FROM refund_tasks r JOIN credit_balances b ON b.id = r.credit_balance_id
WHERE r.state = 'open' AND b.state = 'open'
""")


def open_holds(session: Session) -> list[tuple[Any, ...]]:
    """``(hold_id, claim_id, kind, paid_cents, created_at, message)`` held remittances."""
    return _rows(session, """
SELECT h.id, h.claim_id, h.kind, r.paid, h.created_at, h.message FROM remit_holds h
JOIN remit_claims r ON r.id = h.remit_claim_id WHERE h.state = 'open'
""")


def statements_due(session: Session, since: date) -> list[tuple[Any, ...]]:
    """Patients with a balance and no statement since ``since`` (statement holds excluded).

    Returns:
        ``(patient_id, name, account, balance_cents, last_statement)``.
    """
    return _rows(session, """
SELECT p.id, p.last_name || ', ' || p.first_name, p.account_number, b.bal,
  (SELECT MAX(s.statement_date) FROM statements s WHERE s.account_number = p.account_number)
FROM (SELECT patient_id, SUM(CASE WHEN kind = 'transfer' AND account = 'patient' THEN amount
                              WHEN kind = 'transfer' THEN -amount
                              WHEN account != 'patient' THEN 0
                              WHEN kind IN ('charge','refund') THEN amount ELSE -amount END) bal
      FROM ledger_entries
      WHERE account = 'patient' OR (account = 'payer' AND kind = 'transfer')
      GROUP BY patient_id HAVING bal > 0) b
JOIN patients p ON p.id = b.patient_id
WHERE p.statement_hold = 0 AND NOT EXISTS (
  SELECT 1 FROM statements s WHERE s.account_number = p.account_number
  AND s.statement_date > :since)
""", since=since.isoformat())


def hidden(session: Session) -> dict[str, date | None]:
    """Item key -> snoozed-until date (None = marked done)."""
    return {r.item_key: r.until for r in session.scalars(select(t.TodaySnoozeRow))}


def hide(session: Session, key: str, until: date | None, reason: str) -> None:
    """Snooze (``until`` a date) or mark done (``until`` None) one item.

    Any earlier snooze of the same key is replaced.
    """
    session.execute(delete(t.TodaySnoozeRow).where(t.TodaySnoozeRow.item_key == key))
    session.add(t.TodaySnoozeRow(item_key=key, until=until, reason=reason,
                                 created_at=datetime.now()))
    session.flush()
