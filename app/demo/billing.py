"""Claims for coded visits and their money: statuses by age, remittances, patient shares."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from app.demo import shares as cost
from app.demo.catalog import payer_key
from app.demo.encounters import Visit
from app.demo.ids import IdSource
from app.demo.ledger_book import COPAY, LedgerBook, collect_share, line_total
from app.domain.claims import Claim, ClaimStatus
from app.domain.encounters import CodingStatus, Encounter
from app.domain.money import money
from app.domain.patients import Policy

S = ClaimStatus
DENIALS = (
    ("197", "CO-197 precertification/authorization absent"),
    ("16", "CO-16 claim lacks information needed for adjudication (M51 missing/incomplete "
           "procedure code)"),
    ("50", "CO-50 not deemed medically necessary by the payer"),
    ("27", "CO-27 expenses incurred after coverage terminated"),
    ("18", "CO-18 exact duplicate claim/service"),
)
REJECTIONS = (
    "277CA A7:562 entity's identifier not found: subscriber member ID",
    "277CA A3:21 missing/invalid information: billing provider taxonomy",
    "999 rejected: subscriber date of birth does not match payer records",
    "277CA A7:164 entity's contract/member number not found",
)
#: Status weights for adjudicated-age claims.
OLD_STATUSES = ((S.PAID, 80), (S.DENIED, 7), (S.CLOSED, 4), (S.APPEALED, 3), (S.REJECTED, 3),
                (S.ACCEPTED, 3))
SELF_PAY_DISCOUNT = Decimal("0.25")


def claim_status(rng: random.Random, rank: float) -> ClaimStatus:
    """Where a claim for a visit of this recency (0 = newest) stands today."""
    if rank < 0.13:
        return S.DRAFT if rng.random() < 0.5 else S.READY
    if rank < 0.25:
        return rng.choices((S.SUBMITTED, S.ACCEPTED, S.REJECTED), (40, 50, 10))[0]
    status = rng.choices([s for s, _ in OLD_STATUSES], [w for _, w in OLD_STATUSES])[0]
    return S.PAID if status == S.ACCEPTED and rank > 0.45 else status


class Biller:
    """Turns coded visits into claims and ledger entries."""

    def __init__(
        self, rng: random.Random, today: date, ids: IdSource,
        allowed: dict[tuple[int, str], Decimal],
    ) -> None:
        self.rng, self.today, self.ids, self.allowed = rng, today, ids, allowed
        self.book = LedgerBook(rng, today)
        self.claims: list[Claim] = []
        self._remits: dict[tuple[int, date], str] = {}

    def bill(self, visit: Visit) -> None:
        """Claims and money for one visit (nothing for uncoded or queried visits)."""
        encounter = visit.encounter
        if encounter.coding_status not in (CodingStatus.CODED, CodingStatus.CORRECTION):
            return
        primary = visit.plan.primary
        if primary is None:
            self._self_pay(encounter)
            return
        status = claim_status(self.rng, visit.rank)
        note = ""
        if visit.correction:
            status = S.DENIED if visit.correction.startswith("Denied") else S.REJECTED
            note = visit.correction
        claim = self._claim(encounter, primary, status, note)
        self.book.payer_charges(claim, encounter)
        self._settle(visit, claim)

    def _claim(
        self, encounter: Encounter, policy: Policy, status: ClaimStatus, note: str,
        created: date | None = None,
    ) -> Claim:
        claim_id = self.ids.next("claim")
        created = created or self.book.later(encounter.date_of_service, 1, 3)
        sent = status not in (S.DRAFT, S.READY)
        submitted = self.book.later(created, 0, 1) if sent else None
        answered = status not in (S.DRAFT, S.READY, S.SUBMITTED, S.REJECTED)
        if not note:
            note = self._status_note(status, submitted)
        claim = Claim(
            id=claim_id, encounter_id=encounter.id, policy_id=policy.id, payer_id=policy.payer_id,
            control_number=f"C{claim_id:07d}", responsibility=policy.order, status=status,
            payer_claim_number=f"{self.rng.randrange(10**12, 10**13)}" if answered else "",
            created_on=created, submitted_on=submitted, status_note=note,
        )
        self.claims.append(claim)
        return claim

    def _status_note(self, status: ClaimStatus, submitted: date | None) -> str:
        if status == S.REJECTED:
            return "Rejected: " + self.rng.choice(REJECTIONS)
        if status == S.DENIED:
            return "Denied " + self.rng.choice(DENIALS)[1]
        if status == S.APPEALED and submitted is not None:
            reason = self.rng.choice(DENIALS[:3])[1]
            sent = self.book.later(submitted, 30, 50)
            return f"Appeal sent {sent.isoformat()} for {reason}, with visit notes."
        if status == S.CLOSED:
            return "Paid; nothing more expected from this payer."
        return ""

    def _settle(self, visit: Visit, claim: Claim) -> None:
        if claim.status == S.CLOSED and self.rng.random() < 0.5:
            reason, text = self.rng.choice((("29", "CO-29 timely filing limit expired"),
                                            DENIALS[0]))
            day = self.book.later(claim.submitted_on or claim.created_on, 20, 40)
            self.book.payer_write_off(claim, visit.encounter, reason, f"Closed: {text}", day)
            self.claims[-1] = claim.model_copy(update={"status_note": f"Written off: {text}"})
            return
        if claim.status in (S.PAID, S.CLOSED):
            self._pay(visit, claim)

    def _pay(self, visit: Visit, claim: Claim) -> None:
        encounter, policy = visit.encounter, visit.plan.primary
        assert policy is not None and claim.submitted_on is not None
        key = payer_key(claim.payer_id)
        allowed = [
            min(line.charge, money(self.allowed[(claim.payer_id, line.code)] * line.units))
            for line in encounter.lines
        ]
        line_shares = cost.patient_shares(self.rng, key, policy.copay, encounter.lines, allowed)
        lag = (12, 20) if key == "medicare" else (18, 40)
        paid_on = self.book.later(claim.submitted_on, *lag)
        reference = self._remit_reference(claim.payer_id, paid_on, key)
        self.book.payer_payment(claim, encounter, allowed, line_shares, reference, paid_on)
        owed = sum((sum(s.values(), Decimal(0)) for s in line_shares), Decimal("0.00"))
        secondary = visit.plan.secondary
        if secondary is not None:  # the patient share waits on the secondary payer
            if owed > 0 and self.rng.random() < 0.25:
                status = S.DRAFT if self.rng.random() < 0.5 else S.SUBMITTED
                second = self._claim(encounter, secondary, status, "Secondary after primary "
                                     f"paid {paid_on.isoformat()}", self.book.later(paid_on, 1, 3))
                self.book.move_to_payer(second, encounter, line_shares)
            return
        copay = sum((s.get(COPAY, Decimal(0)) for s in line_shares), Decimal("0.00"))
        collect_share(self.book, encounter, claim.id or 0, owed, copay, paid_on)

    def _remit_reference(self, payer_id: int, day: date, key: str) -> str:
        remit = (payer_id, day)
        if remit not in self._remits:
            if key == "heartland":
                self._remits[remit] = f"CHK{self.rng.randrange(10**6, 10**7)}"
            else:
                self._remits[remit] = f"EFT{self.rng.randrange(10**7, 10**8)}"
        return self._remits[remit]

    def _self_pay(self, encounter: Encounter) -> None:
        book, rng = self.book, self.rng
        book.patient_charges(encounter)
        owed = line_total(encounter.lines)
        day = encounter.date_of_service
        if rng.random() < 0.4:
            discount = money(owed * SELF_PAY_DISCOUNT)
            book.patient_adjustment(encounter, discount, day, "Self-pay discount 25%")
            owed -= discount
        roll = rng.random()
        if roll < 0.55:
            book.patient_payment(encounter, owed, day, "Paid at visit")
        elif roll < 0.75:
            book.patient_payment(encounter, money(owed / 3), book.later(day, 10, 45),
                                 "Payment plan installment")
