"""The patient account ledger: every visit, claim and money movement with running balances.

Pure: ``build_ledger`` turns a patient's visits, claims and ledger entries into dated lines.
After each line the running balance is split three ways:

* ``insurance_pending``: what the claims' payers still owe (claim balances);
* ``patient_owed``: what the patient owes, visit by visit (only visits that owe);
* ``credit``: the patient's money not owed anywhere (unapplied payments, overpaid visits).

``patient_owed - credit`` is the patient balance of ``app.domain.ledger.patient_balance``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.ledger import Account, EntryKind, LedgerEntry
from app.domain.money import ZERO


@dataclass(frozen=True)
class LedgerVisit:
    """A visit as the ledger names it."""

    id: int
    service_date: date
    codes: str


@dataclass(frozen=True)
class LedgerClaim:
    """A claim as the ledger names it."""

    id: int
    encounter_id: int
    control_number: str
    payer_name: str
    status: str
    created_on: date


@dataclass(frozen=True)
class LedgerLine:
    """One line of the account: what happened and the balances after it."""

    on: date
    kind: str  # visit, claim, charge, payment, adjustment, transfer, refund, void
    description: str
    amount: Decimal | None
    insurance_pending: Decimal
    patient_owed: Decimal
    credit: Decimal
    visit_id: int | None = None
    claim_id: int | None = None
    entry_id: int | None = None
    payment_id: int | None = None


@dataclass(frozen=True)
class AccountLedger:
    """A patient's whole account."""

    patient_id: int
    patient_name: str
    account_number: str
    lines: tuple[LedgerLine, ...]

    @property
    def last(self) -> tuple[Decimal, Decimal, Decimal]:
        """(insurance pending, patient owed, credit) now."""
        if not self.lines:
            return ZERO, ZERO, ZERO
        x = self.lines[-1]
        return x.insurance_pending, x.patient_owed, x.credit


class _Running:
    def __init__(self) -> None:
        self.claims: dict[int, Decimal] = defaultdict(lambda: ZERO)
        self.visits: dict[int | None, Decimal] = defaultdict(lambda: ZERO)

    def apply(self, e: LedgerEntry) -> None:
        if e.kind == EntryKind.TRANSFER:
            cid = e.claim_id or 0
            sign = 1 if e.account == Account.PATIENT else -1
            self.claims[cid] -= sign * e.amount
            self.visits[e.encounter_id] += sign * e.amount
        elif e.account == Account.PAYER:
            sign = 1 if e.kind in (EntryKind.CHARGE, EntryKind.REFUND) else -1
            self.claims[e.claim_id or 0] += sign * e.amount
        else:
            sign = 1 if e.kind in (EntryKind.CHARGE, EntryKind.REFUND) else -1
            self.visits[e.encounter_id] += sign * e.amount

    def split(self) -> tuple[Decimal, Decimal, Decimal]:
        pending = sum(self.claims.values(), ZERO)
        owed = sum((b for b in self.visits.values() if b > 0), ZERO)
        credit = sum((-b for b in self.visits.values() if b < 0), ZERO)
        return pending, owed, credit


def _label(e: LedgerEntry, claim: LedgerClaim | None, payment_id: int | None) -> tuple[str, str]:
    kind = "void" if e.reverses_id is not None and payment_id is not None else e.kind.value
    who = "patient" if e.account == Account.PATIENT else (claim.payer_name if claim else "payer")
    parts = [f"{kind.capitalize()} ({who})"]
    if e.kind == EntryKind.TRANSFER:
        parts = ["To patient responsibility" if e.account == Account.PATIENT
                 else "Patient share billed to the next payer"]
    if claim is not None:
        parts.append(claim.control_number)
    if e.group_code is not None:
        parts.append(f"{e.group_code.value}-{e.reason_code}".rstrip("-"))
    if e.reference:
        parts.append(e.reference)
    if e.memo:
        parts.append(e.memo)
    return kind, " · ".join(parts)


def build_ledger(patient_id: int, patient_name: str, account_number: str,
                 visits: list[LedgerVisit], claims: list[LedgerClaim],
                 entries: list[LedgerEntry], payment_of: dict[int, int]) -> AccountLedger:
    """The patient's account in date order with running balances.

    Args:
        patient_id: the patient.
        patient_name: display name.
        account_number: the patient's account number.
        visits: the patient's visits.
        claims: the claims of those visits.
        entries: every ledger entry of the patient.
        payment_of: ledger entry id -> patient payment id (entries of patient payments).
    """
    by_claim = {c.id: c for c in claims}
    events: list[tuple[tuple[date, int, int], object]] = []
    events += [((v.service_date, 0, v.id), v) for v in visits]
    events += [((c.created_on, 1, c.id), c) for c in claims]
    events += [((e.posted_on, 2, e.id or 0), e) for e in entries]
    run = _Running()
    lines: list[LedgerLine] = []
    for _key, ev in sorted(events, key=lambda x: x[0]):
        if isinstance(ev, LedgerVisit):
            lines.append(LedgerLine(ev.service_date, "visit", f"Visit {ev.id} {ev.codes}".strip(),
                                    None, *run.split(), visit_id=ev.id))
        elif isinstance(ev, LedgerClaim):
            text = f"Claim {ev.control_number} to {ev.payer_name} ({ev.status})"
            lines.append(LedgerLine(ev.created_on, "claim", text, None, *run.split(),
                                    visit_id=ev.encounter_id, claim_id=ev.id))
        elif isinstance(ev, LedgerEntry):
            run.apply(ev)
            pid = payment_of.get(ev.id or 0)
            kind, text = _label(ev, by_claim.get(ev.claim_id or 0), pid)
            lines.append(LedgerLine(ev.posted_on, kind, text, ev.amount, *run.split(),
                                    visit_id=ev.encounter_id, claim_id=ev.claim_id,
                                    entry_id=ev.id, payment_id=pid))
    return AccountLedger(patient_id, patient_name, account_number, tuple(lines))
