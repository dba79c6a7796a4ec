"""Which part of a line's shortfall (charge minus paid) is a denial to work, and which is not.

A line paid $0.00 whose whole shortfall is patient responsibility (PR: deductible,
coinsurance, copay) and contractual write-off (CO-45 and its kin) was paid in full by the
payer's terms: the claim is PAID, with patient responsibility, and there is no denial to work.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.remittance import Adjustment

#: CARCs that only apply the payer's contracted rate (written off, never worked as denials):
#: 45 charge exceeds the fee schedule, 42 exceeds the usual and customary amount, 131
#: negotiated discount, 253 sequestration.
CONTRACTUAL_REASONS = frozenset({"42", "45", "131", "253"})


def is_contractual(group: str, reason: str) -> bool:
    """True for a contractual write-off to the payer's rate (CO-45 and the like).

    Args:
        group: the CAS group code (CO, PR, OA, PI, CR).
        reason: the CARC.
    """
    return str(group) == "CO" and reason in CONTRACTUAL_REASONS


def is_denial(adjustment: Adjustment) -> bool:
    """True when an adjustment is a denial to work (not PR, not a contractual write-off).

    Args:
        adjustment: one CAS adjustment of a line or claim.
    """
    return (adjustment.amount > 0 and str(adjustment.group) != "PR"
            and not is_contractual(adjustment.group, adjustment.reason))


def has_denial(adjustments: Iterable[Adjustment]) -> bool:
    """True when any of ``adjustments`` is a denial to work.

    Args:
        adjustments: the CAS adjustments of one service line.
    """
    return any(is_denial(a) for a in adjustments)
