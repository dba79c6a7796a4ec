"""Patient payments in the demo practice, taken through the payment service like a biller would.

A mailed check, a phone card payment, a portal payment that leaves a credit, a cash payment
voided as keyed on the wrong account, and a partial check: the Ledger tab, the payment list and
receipts then show realistic synthetic data.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.domain.money import money
from app.services import patient_payments, patients
from app.store.database import Database

#: Received today: the demo's ledger already runs up to today, and a payment dated earlier than
#: entries it was applied after would show a confusing running balance.
_PLAN = (  # method, channel, share of the balance, extra, void reason
    ("check", "mail", Decimal("1"), Decimal("0"), ""),
    ("card", "phone", Decimal("0.5"), Decimal("0"), ""),
    ("ach", "portal", Decimal("1"), Decimal("20.00"), ""),
    ("cash", "desk", Decimal("0"), Decimal("10.00"), "keyed on the wrong account"),
    ("check", "mail", Decimal("0.25"), Decimal("0"), ""),
)


def add_demo_payments(db: Database, today: date | None = None) -> int:
    """Take the demo's patient payments (idempotent: fixed payment keys); returns how many.

    Args:
        db: the demo practice database.
        today: the demo's today (default: the real one).
    """
    day = today or date.today()
    owing = [r for r in patients.search(db) if r.balance > 0][:len(_PLAN)]
    taken = 0
    for n, (row, plan) in enumerate(zip(owing, _PLAN, strict=False)):
        method, channel, share, extra, void = plan
        amount = money(row.balance * share) + extra
        if amount <= 0:
            continue
        result, _ = patient_payments.take_payment(db, {
            "payment_key": f"demo-payment-{n + 1:04d}", "patient_id": row.id, "amount": amount,
            "method": method, "channel": channel, "reference": f"{2041 + n}" if method in
            ("check", "ach") else "", "received_on": day})
        if void and not result.replayed:
            patient_payments.void_payment(db, result.payment.id, void, on=day)
        taken += 1
    return taken
