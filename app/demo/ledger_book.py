"""Ledger entries for the demo: charges, payer payments and adjustments, patient collections.

Entries are collected first and given ids in posting-date order at the end, like a real
append-only ledger. Every amount is a ``Decimal`` quantized to cents.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from app.domain.claims import Claim
from app.domain.encounters import Encounter, ServiceLine
from app.domain.ledger import Account, EntryKind, GroupCode, LedgerEntry
from app.domain.money import ZERO, money

#: Patient-responsibility reason codes (CARC): deductible, coinsurance, copay.
DEDUCTIBLE, COINSURANCE, COPAY = "1", "2", "3"
SMALL_BALANCE = Decimal("10.00")
CARD_BRANDS = ("VISA", "MC", "AMEX", "DISC")


class LedgerBook:
    """Collects ledger entries, then numbers them by posting date."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng, self.today = rng, today
        self._rows: list[dict[str, Any]] = []

    def add(self, **fields: Any) -> None:
        """Queue one entry (``LedgerEntry`` fields except ``id``)."""
        fields["posted_on"] = min(fields["posted_on"], self.today)
        self._rows.append(fields)

    def build(self) -> list[LedgerEntry]:
        """All entries with ids 1..n in posting-date order (stable within a day)."""
        rows = sorted(self._rows, key=lambda row: row["posted_on"])
        return [LedgerEntry(id=i, **row) for i, row in enumerate(rows, 1)]

    def later(self, day: date, low: int, high: int) -> date:
        """A date ``low``..``high`` days after ``day``, never after today."""
        return min(day + timedelta(days=self.rng.randrange(low, high + 1)), self.today)

    def payer_charges(self, claim: Claim, encounter: Encounter) -> None:
        """One payer-side charge per service line, posted when the claim was created."""
        for line in encounter.lines:
            self.add(patient_id=encounter.patient_id, encounter_id=encounter.id,
                     claim_id=claim.id, line_id=line.id, kind=EntryKind.CHARGE,
                     account=Account.PAYER, amount=line.charge, posted_on=claim.created_on)

    def payer_payment(
        self, claim: Claim, encounter: Encounter, allowed: list[Decimal],
        shares: list[dict[str, Decimal]], reference: str, day: date,
    ) -> None:
        """Post a remittance line by line: payment, CO-45 write-off, PR transfers."""
        for line, line_allowed, share in zip(encounter.lines, allowed, shares, strict=True):
            base = {"patient_id": encounter.patient_id, "encounter_id": encounter.id,
                    "claim_id": claim.id, "line_id": line.id, "posted_on": day}
            paid = line_allowed - sum(share.values(), ZERO)
            if paid > 0:
                self.add(**base, kind=EntryKind.PAYMENT, account=Account.PAYER, amount=paid,
                         reference=reference)
            if line.charge > line_allowed:
                self.add(**base, kind=EntryKind.ADJUSTMENT, account=Account.PAYER,
                         amount=line.charge - line_allowed, group_code=GroupCode.CO,
                         reason_code="45", reference=reference)
            for reason, amount in share.items():
                if amount > 0:
                    self.add(**base, kind=EntryKind.TRANSFER, account=Account.PATIENT,
                             amount=amount, group_code=GroupCode.PR, reason_code=reason,
                             reference=reference)

    def move_to_payer(self, claim: Claim, encounter: Encounter,
                      shares: list[dict[str, Decimal]]) -> None:
        """Move the patient's share of each line to the next payer's claim."""
        for line, share in zip(encounter.lines, shares, strict=True):
            for reason, amount in share.items():
                if amount > 0:
                    self.add(patient_id=encounter.patient_id, encounter_id=encounter.id,
                             claim_id=claim.id, line_id=line.id, kind=EntryKind.TRANSFER,
                             account=Account.PAYER, amount=amount, group_code=GroupCode.PR,
                             reason_code=reason, posted_on=claim.created_on,
                             memo="patient share billed to the secondary payer")

    def payer_write_off(
        self, claim: Claim, encounter: Encounter, reason: str, memo: str, day: date
    ) -> None:
        """Close a denied claim by writing every line off (CO group)."""
        for line in encounter.lines:
            self.add(patient_id=encounter.patient_id, encounter_id=encounter.id,
                     claim_id=claim.id, line_id=line.id, kind=EntryKind.ADJUSTMENT,
                     account=Account.PAYER, amount=line.charge, group_code=GroupCode.CO,
                     reason_code=reason, posted_on=day, memo=memo)

    def patient_charges(self, encounter: Encounter) -> None:
        """Self-pay visit: each line charged straight to the patient (no claim)."""
        for line in encounter.lines:
            self.add(patient_id=encounter.patient_id, encounter_id=encounter.id,
                     line_id=line.id, kind=EntryKind.CHARGE, account=Account.PATIENT,
                     amount=line.charge, posted_on=encounter.date_of_service)

    def patient_payment(
        self, encounter: Encounter, amount: Decimal, day: date, memo: str,
        claim_id: int | None = None,
    ) -> None:
        """A payment from the patient (cash, check or card)."""
        if amount <= 0:
            return
        self.add(patient_id=encounter.patient_id, encounter_id=encounter.id,
                 claim_id=claim_id, kind=EntryKind.PAYMENT, account=Account.PATIENT,
                 amount=amount, reference=self._tender(), posted_on=day, memo=memo)

    def patient_adjustment(
        self, encounter: Encounter, amount: Decimal, day: date, memo: str,
        claim_id: int | None = None,
    ) -> None:
        """A patient-side write-off or discount (group OA)."""
        if amount <= 0:
            return
        self.add(patient_id=encounter.patient_id, encounter_id=encounter.id,
                 claim_id=claim_id, kind=EntryKind.ADJUSTMENT, account=Account.PATIENT,
                 amount=amount, group_code=GroupCode.OA, posted_on=day, memo=memo)

    def _tender(self) -> str:
        roll = self.rng.random()
        if roll < 0.2:
            return "Cash"
        if roll < 0.45:
            return f"Check {self.rng.randrange(1001, 9999)}"
        return f"{self.rng.choice(CARD_BRANDS)} x{self.rng.randrange(1000, 9999)}"


def collect_share(
    book: LedgerBook, encounter: Encounter, claim_id: int, owed: Decimal, copay: Decimal,
    paid_on: date,
) -> None:
    """The patient's side of a paid claim: copay at the visit, later payments, write-offs.

    Payments never exceed what the patient owes on the claim, so balances stay >= 0.
    """
    rng = book.rng
    if copay > 0 and rng.random() < 0.55:
        book.patient_payment(encounter, copay, encounter.date_of_service, "Copay at visit",
                             claim_id)
        owed -= copay
    if owed <= 0:
        return
    roll = rng.random()
    if roll < 0.40:
        book.patient_payment(encounter, owed, book.later(paid_on, 7, 40), "Statement payment",
                             claim_id)
        return
    if roll < 0.60:
        part = money(owed / 2)
        book.patient_payment(encounter, part, book.later(paid_on, 7, 40), "Partial payment",
                             claim_id)
        owed -= part
    if owed < SMALL_BALANCE and rng.random() < 0.4:
        book.patient_adjustment(encounter, owed, book.later(paid_on, 30, 60),
                                "Small balance write-off", claim_id)


def line_total(lines: tuple[ServiceLine, ...]) -> Decimal:
    """Sum of line charges."""
    return sum((line.charge for line in lines), ZERO)
