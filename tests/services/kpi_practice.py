"""A small practice whose KPIs are worked out by hand (see test_kpis.py for the arithmetic).

Period: 2026-01-01 to 2026-03-31 (90 days). Claims (all originals):

====  =====  ==========  ==========  ======  ==================================================
id    payer  DOS         submitted   charge  what happened
====  =====  ==========  ==========  ======  ==================================================
C1    Acme   2026-01-05  2026-01-07  100     835 2026-01-27: paid 80, CO-45 20
C2    Acme   2026-01-10  2026-01-14  200     rejected by 277CA, sent again, no answer
C3    Blue   2026-02-01  2026-02-07  150     835 2026-03-09: paid 0, CO-45 20, PR-1 130
C4    Blue   2026-02-10  2026-02-20  300     835 2026-03-12: paid 0, CO-50 300 (denied)
C5    Acme   2025-11-20  2025-11-25  500     no answer
C6    Acme   2026-03-20  (draft)     120     scrub error, not fixed
C7    Acme   2026-03-01  2026-03-05  100     scrub error fixed; 835 2026-03-25: paid 90,
                                             CO-45 10; underpaid 5 against the contract
====  =====  ==========  ==========  ======  ==================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.domain.ledger import Account, EntryKind, LedgerEntry
from app.store import repository as repo
from app.store import tables as t
from app.store.database import UnitOfWork
from tests import builders

END = date(2026, 3, 31)


@dataclass
class Practice:
    """Ids of the built practice."""

    db: Any
    claims: dict[str, int]
    patients: dict[str, int]
    payers: dict[str, int]


def _entry(s: Any, claim: t.ClaimRow, patient: int, kind: EntryKind, account: Account,
           amount: str, on: date, group: str | None = None, reason: str = "") -> None:
    repo.append_entries(s, [LedgerEntry(
        patient_id=patient, encounter_id=claim.encounter_id, claim_id=claim.id, kind=kind,
        account=account, amount=Decimal(amount), posted_on=on, group_code=group,
        reason_code=reason)])


def _remit(s: Any, claim: t.ClaimRow, on: date, paid: str, trace: str) -> int:
    payment = t.PaymentRow(file_id=_file(s, trace), payer_trace_id="1", trace_number=trace,
                           payer_id=claim.payer_id, amount=Decimal(paid), payment_date=on,
                           posted_at=datetime(on.year, on.month, on.day, 9))
    s.add(payment)
    s.flush()
    rc = t.RemitClaimRow(payment_id=payment.id, claim_id=claim.id,
                         control_number=claim.control_number, status_code="1",
                         charge=Decimal("0"), paid=Decimal(paid), detail_json="{}")
    s.add(rc)
    s.flush()
    return rc.id


def _file(s: Any, trace: str) -> int:
    row = t.RemittanceFileRow(sha256=trace.ljust(64, "0"), file_name=f"{trace}.835",
                              imported_at=datetime(2026, 1, 1), raw_text="")
    s.add(row)
    s.flush()
    return row.id


def _denial(s: Any, claim: t.ClaimRow, remit: int, group: str, reason: str, amount: str,
            owner: str, on: date, deadline: date) -> None:
    s.add(t.DenialRow(claim_id=claim.id, remit_claim_id=remit, group_code=group,
                      reason_code=reason, amount=Decimal(amount), owner=owner,
                      explanation=f"{group}-{reason}", deadline=deadline,
                      created_at=datetime(on.year, on.month, on.day, 9)))


def _finding(s: Any, claim: t.ClaimRow, run: int, severity: str) -> None:
    s.add(t.FindingRow(run_id=run, at=datetime(2026, 3, 1), claim_id=claim.id,
                       encounter_id=claim.encounter_id, rule_id="R1", severity=severity,
                       owner="coding", message="Diagnosis pointer missing"))


def _status(s: Any, claim: t.ClaimRow, *moves: str) -> None:
    for move in moves:
        s.add(t.ClaimHistoryRow(claim_id=claim.id, at=datetime(2026, 2, 1),
                                from_status=claim.status, to_status=move))
        claim.status = move


def build(db: Any) -> Practice:
    """Build the practice of the module docstring."""
    builders.set_up_practice(db)
    acme = builders.add_payer(db)
    blue = builders.add_payer(db, "Blue Plan", "BLUE1", filing_indicator="BL",
                              timely_filing_days=90)
    prov = builders.add_provider(db)
    p1 = builders.add_patient(db)
    p2 = builders.add_patient(db, "Jones", "Ann", "T0002")
    pol1 = builders.add_policy(db, p1.id, acme.id)
    pol2 = builders.add_policy(db, p2.id, blue.id, member_id="BLU100")
    spec = {"C1": (p1, acme, pol1, date(2026, 1, 5), "100"),
            "C2": (p1, acme, pol1, date(2026, 1, 10), "200"),
            "C3": (p2, blue, pol2, date(2026, 2, 1), "150"),
            "C4": (p2, blue, pol2, date(2026, 2, 10), "300"),
            "C5": (p1, acme, pol1, date(2025, 11, 20), "500"),
            "C6": (p1, acme, pol1, date(2026, 3, 20), "120"),
            "C7": (p2, acme, pol2, date(2026, 3, 1), "100")}
    ids = {}
    for name, (pat, pay, pol, dos, charge) in spec.items():
        ids[name] = builders.add_claim(db, f"K{name}", [("99213", charge)], patient_id=pat.id,
                                       payer_id=pay.id, policy_id=pol.id, provider_id=prov.id,
                                       dos=dos).id
    sub = {"C1": date(2026, 1, 7), "C2": date(2026, 1, 14), "C3": date(2026, 2, 7),
           "C4": date(2026, 2, 20), "C5": date(2025, 11, 25), "C6": None,
           "C7": date(2026, 3, 5)}
    with UnitOfWork(db) as uow:
        s = uow.session
        c = {n: s.get(t.ClaimRow, i) for n, i in ids.items()}
        for n, when in sub.items():
            c[n].submitted_on = when
        c["C6"].status = "draft"
        _finding(s, c["C6"], 1, "error")
        _finding(s, c["C7"], 1, "error")
        _finding(s, c["C7"], 2, "warning")
        _status(s, c["C2"], "rejected", "ready", "submitted")
        p_1, p_2 = p1.id, p2.id
        r1 = _remit(s, c["C1"], date(2026, 1, 27), "80", "T1")
        _entry(s, c["C1"], p_1, EntryKind.PAYMENT, Account.PAYER, "80", date(2026, 1, 27))
        _entry(s, c["C1"], p_1, EntryKind.ADJUSTMENT, Account.PAYER, "20", date(2026, 1, 27),
               "CO", "45")
        _denial(s, c["C1"], r1, "CO", "45", "20", "payer", date(2026, 1, 27), date(2026, 7, 1))
        _status(s, c["C1"], "paid")
        r3 = _remit(s, c["C3"], date(2026, 3, 9), "0", "T3")
        _entry(s, c["C3"], p_2, EntryKind.ADJUSTMENT, Account.PAYER, "20", date(2026, 3, 9),
               "CO", "45")
        _entry(s, c["C3"], p_2, EntryKind.TRANSFER, Account.PATIENT, "130", date(2026, 3, 9),
               "PR", "1")
        _denial(s, c["C3"], r3, "CO", "45", "20", "payer", date(2026, 3, 9), date(2026, 9, 1))
        _status(s, c["C3"], "paid")
        r4 = _remit(s, c["C4"], date(2026, 3, 12), "0", "T4")
        _entry(s, c["C4"], p_2, EntryKind.ADJUSTMENT, Account.PAYER, "300", date(2026, 3, 12),
               "CO", "50")
        _denial(s, c["C4"], r4, "CO", "50", "300", "coding", date(2026, 3, 12),
                date(2026, 4, 10))
        _status(s, c["C4"], "denied")
        r7 = _remit(s, c["C7"], date(2026, 3, 25), "90", "T7")
        _entry(s, c["C7"], p_2, EntryKind.PAYMENT, Account.PAYER, "90", date(2026, 3, 25))
        _entry(s, c["C7"], p_2, EntryKind.ADJUSTMENT, Account.PAYER, "10", date(2026, 3, 25),
               "CO", "45")
        _denial(s, c["C7"], r7, "OA", "UNDER", "5", "payer", date(2026, 3, 25),
                date(2026, 5, 20))
        _status(s, c["C7"], "paid")
        uow.commit()
    return Practice(db, ids, {"P1": p1.id, "P2": p2.id}, {"acme": acme.id, "blue": blue.id})
