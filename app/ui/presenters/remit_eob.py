"""Qt-free rows of the EOB view and the denial queue's action rules.

An EOB is flattened into rows: one per remittance (claim level), one per line with billed,
allowed and paid, and one per adjustment (group-reason, amount, our explanation) and remark.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.remittance import Adjustment
from app.services import eob
from app.services.denials import DenialItem, patient_may_be_billed


@dataclass(frozen=True)
class EobRow:
    """One row of the EOB table; ``kind`` is claim, line, adjustment or remark."""

    kind: str
    label: str
    service_date: date | None
    billed: Decimal | None
    allowed: Decimal | None
    paid: Decimal | None
    code: str
    amount: Decimal | None
    explanation: str


def _adjustment_rows(adjustments: tuple[Adjustment, ...]) -> list[EobRow]:
    return [EobRow("adjustment", "", None, None, None, None, f"{a.group}-{a.reason}", a.amount,
                   eob.explain_adjustment(a.group, a.reason).split(": ", 1)[-1])
            for a in adjustments]


def _remark_rows(codes: tuple[str, ...]) -> list[EobRow]:
    return [EobRow("remark", "", None, None, None, None, code, None, eob.explain_remark(code))
            for code in codes]


def eob_rows(remits: list[eob.RemitDetail]) -> list[EobRow]:
    """Every remittance of a claim, oldest first, flattened for a table."""
    rows: list[EobRow] = []
    for remit in remits:
        d = remit.detail
        when = remit.payment_date.strftime("%m/%d/%Y") if remit.payment_date else ""
        note = f"{remit.status_label} · trace {remit.trace_number}"
        if d.patient_responsibility:
            note += f" · patient responsibility {d.patient_responsibility:,.2f}"
        rows.append(EobRow("claim", f"{remit.payer_name} · {when}", None, d.charge,
                           eob.line_allowed(d), d.paid, d.payer_claim_control_number,
                           d.patient_responsibility, note))
        rows += _adjustment_rows(d.adjustments) + _remark_rows(d.remark_codes)
        for svc in d.services:
            rows.append(EobRow("line", svc.procedure, svc.service_date, svc.charge,
                               svc.allowed, svc.paid, "", None, ""))
            rows += _adjustment_rows(svc.adjustments) + _remark_rows(svc.remark_codes)
    return rows


def eob_headline(control_number: str, remits: list[eob.RemitDetail]) -> str:
    if not remits:
        return f"No remittance has been posted to claim {control_number} yet."
    paid = sum((r.detail.paid for r in remits), Decimal("0.00"))
    return (f"Claim {control_number}: {len(remits)} remittance(s), "
            f"paid {paid:,.2f} in total.")


#: Denial actions and whether each needs the item to be open (not snoozed).
DENIAL_ACTIONS = ("to_coding", "resubmit", "appeal", "write_off", "to_patient", "snooze",
                  "eob")


def enabled_actions(item: DenialItem | None) -> set[str]:
    """Which denial actions apply to ``item`` (none without a selection)."""
    if item is None:
        return set()
    actions = set(DENIAL_ACTIONS)
    if not patient_may_be_billed(item.group_code, item.reason_code):
        actions.discard("to_patient")  # CO: contractual, the patient may not be billed
    if item.reason_code == "UNDER":
        actions -= {"to_coding", "resubmit"}  # an underpayment is the payer's to fix
    return actions


def owner_filter_items() -> list[tuple[str, str | None]]:
    """(label, owner code) pairs for the owner filter, "All owners" first."""
    return [("All owners", None)] + [(c.label, c.code) for c in eob.owner_choices()]
