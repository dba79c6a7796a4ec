"""Properties: agency payments never move the patient balance and empty the bucket exactly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.collections import TO_COLLECTIONS, CollectionAccount, fee_split
from app.domain.ledger import EntryKind, patient_balance
from app.services.collections import _agency_entries

CENTS = st.integers(min_value=1, max_value=500_000)


@given(gross=CENTS, percent=st.integers(min_value=0, max_value=100))
def test_fee_and_net_add_up(gross: int, percent: int) -> None:
    amount = Decimal(gross) / 100
    fee, net = fee_split(amount, Decimal(percent))
    assert fee + net == amount and fee >= 0 and net >= 0


@settings(max_examples=60, deadline=None)
@given(visits=st.lists(CENTS, min_size=1, max_size=5),
       shares=st.lists(st.integers(min_value=1, max_value=100), min_size=1, max_size=6),
       percent=st.integers(min_value=0, max_value=60))
def test_any_sequence_of_agency_payments(visits: list[int], shares: list[int],
                                         percent: int) -> None:
    bucket: dict[int | None, Decimal] = {i + 1: Decimal(c) / 100 for i, c in enumerate(visits)}
    account = CollectionAccount(1, 7, "A1", "Agency", date(2026, 1, 1),
                                sum(bucket.values(), Decimal("0.00")), "sent", Decimal(0))
    collected = Decimal("0.00")
    for share in shares:
        left = sum(bucket.values(), Decimal("0.00"))
        if left <= 0:
            break
        gross = max(Decimal("0.01"), (left * share / 100).quantize(Decimal("0.01")))
        gross = min(gross, left)
        fee, _ = fee_split(gross, Decimal(percent))
        entries = _agency_entries(account, {k: v for k, v in bucket.items() if v},
                                  gross, fee, date(2026, 2, 1))
        assert patient_balance(entries) == 0
        back = [e for e in entries if e.reason_code == TO_COLLECTIONS]
        assert -sum((e.amount for e in back), Decimal(0)) == gross
        paid = sum((e.amount for e in entries if e.kind == EntryKind.PAYMENT), Decimal(0))
        assert paid == gross - fee
        for e in back:
            bucket[e.encounter_id] += e.amount
            assert bucket[e.encounter_id] >= 0
        collected += gross
    assert sum(bucket.values(), Decimal(0)) == account.amount - collected
