"""Explanation of benefits: what payers remitted for a claim, in ClaimDesk's own words.

The screens never read the store or ``app.x12``: the remitted claims come back with their parsed
``ClaimPayment`` detail, and every adjustment and remark code comes with our explanation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.remittance import ClaimPayment
from app.domain.rows import ClaimListRow
from app.services import claims
from app.store import remit_repo
from app.store.database import Database
from app.x12 import codes_835


@dataclass(frozen=True)
class RemitDetail:
    """One remittance entry posted to (or held for) a claim."""

    id: int
    payment_id: int
    trace_number: str
    payer_name: str
    payment_date: date | None
    state: str  # posted / info / exception / resolved
    status_label: str
    detail: ClaimPayment


@dataclass(frozen=True)
class OwnerChoice:
    """A denial owner as stored (``code``) and as shown (``label``)."""

    code: str
    label: str


def explain_adjustment(group: str, reason: str) -> str:
    """One line for a CAS group and reason, e.g. ``CO-45: Charge above the contract...``."""
    if reason == "UNDER":
        return f"{group}-UNDER: paid below the contracted fee schedule."
    return codes_835.describe_adjustment(group, reason)


def explain_reason(reason: str) -> str:
    """Our explanation of a CARC without the group prefix."""
    return codes_835.carc_explanation(reason)


def explain_remark(code: str) -> str:
    """Our explanation of a RARC (remark code)."""
    return codes_835.rarc_explanation(code)


def group_label(group: str) -> str:
    """What a CAS group code means (CO, PR, OA, PI)."""
    return codes_835.group_label(group)


def owner_choices() -> list[OwnerChoice]:
    """The workflow steps a denial can be routed to, in display order."""
    return [OwnerChoice(o.value, label) for o, label in codes_835.OWNER_LABELS.items()]


def owner_label(code: str) -> str:
    """The display label of a stored owner code."""
    labels = {c.code: c.label for c in owner_choices()}
    return labels.get(code, code.replace("_", " ").capitalize())


def remits_for_claim(db: Database, claim_id: int) -> list[RemitDetail]:
    """Every remittance entry for a claim, oldest first, with its parsed CLP detail."""
    out: list[RemitDetail] = []
    with db.reading() as session:
        for row in remit_repo.remits_for_claim(session, claim_id):
            trace, payer, paid_on = remit_repo.payment_summary(
                session, row.payment_id) or ("", "", None)
            detail = ClaimPayment.model_validate_json(row.detail_json)
            out.append(RemitDetail(
                row.id, row.payment_id, trace, payer, paid_on, row.state,
                detail.status_label or codes_835.claim_status_label(detail.status_code),
                detail))
    return out


def find_claims(db: Database, text: str, limit: int = 50) -> list[ClaimListRow]:
    """Claims whose control number, payer or patient contains ``text`` (manual matching)."""
    needle = text.strip().casefold()
    if not needle:
        return []
    rows = claims.list_claims(db)
    found = [r for r in rows if needle in r.control_number.casefold()
             or needle in r.patient.casefold()]
    found.sort(key=lambda r: (not r.control_number.casefold().startswith(needle),
                              r.control_number))
    return found[:limit]


def claim_by_control_number(db: Database, control_number: str) -> int | None:
    """The id of the claim with exactly this control number, or None."""
    wanted = control_number.strip().upper()
    with db.reading() as session:
        claim = remit_repo.find_claim(session, wanted, "")
    return claim.id if claim is not None else None


def line_allowed(detail: ClaimPayment) -> Decimal | None:
    """The claim's allowed total (sum of line AMT*B6) when every line sent one."""
    values = [s.allowed for s in detail.services]
    if not values or any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal("0.00"))

