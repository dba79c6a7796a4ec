"""The demo practice's deposits and payment plans (made from its ledger, deterministic).

The last two weeks of patient payments are deposited day by day (checks and cash in one
deposit, cards in a card settlement), every day but the last closed against a matching slip;
ERA EFTs join their trace's deposit; two patients with a balance get a payment plan.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from app.domain.deposits import DepositKind, PaymentMethod
from app.domain.money import ZERO, money
from app.store import collections_repo, deposits_repo, plans_repo
from app.store.database import Database, UnitOfWork

DEPOSIT_DAYS = 14


def _method(label: str) -> PaymentMethod:
    if "cash" in label.lower():
        return PaymentMethod.CASH
    return PaymentMethod.CHECK if "check" in label.lower() else PaymentMethod.CARD


def add_demo_money(db: Database, today: date) -> int:
    """Deposits and plans for the demo; returns the number of deposits made."""
    with UnitOfWork(db) as uow:
        s = uow.session
        deposits_repo.file_era_payments(s)
        _, entries = deposits_repo.undeposited(s)
        days: dict[tuple[date, DepositKind, str], list[tuple[int, PaymentMethod, Decimal]]] = \
            defaultdict(list)
        for entry_id, label, on, amount in entries:
            if not today - timedelta(days=DEPOSIT_DAYS) < on <= today or amount <= 0:
                continue
            if label.startswith("payer") and "CHK" in label:  # a payer's paper check
                days[(on, DepositKind.CASH_CHECK, "")].append(
                    (entry_id, PaymentMethod.CHECK, amount))
                continue
            if label.startswith("payer"):  # a payer payment keyed without an ERA: its EFT
                days[(on, DepositKind.EFT, label.split()[-1])].append(
                    (entry_id, PaymentMethod.EFT, amount))
                continue
            method = _method(label)
            kind = DepositKind.CARD if method == PaymentMethod.CARD else DepositKind.CASH_CHECK
            days[(on, kind, "demo batch" if kind == DepositKind.CARD else "")].append(
                (entry_id, method, amount))
        last = max((on for on, *_ in days), default=today)
        for (on, kind, reference), items in sorted(days.items()):
            deposit_id = deposits_repo.create(s, kind, on, reference)
            for entry_id, method, _ in items:
                deposits_repo.add_ledger_payment(s, deposit_id, entry_id, method)
            if on < last:
                deposits_repo.close(s, deposit_id, sum((a for *_, a in items), ZERO))
        owing = sorted((f for f in collections_repo.account_facts(s) if f.balance >= 100),
                       key=lambda f: (-f.balance, f.patient_id))[:2]
        for f in owing:
            plans_repo.add_plan(s, f.patient_id, money(f.balance / 4), f.balance,
                                today - timedelta(days=40), today - timedelta(days=50),
                                "demo plan")
        uow.commit()
    return len(days)
