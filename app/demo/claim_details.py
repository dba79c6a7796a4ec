"""Situational claim details for the demo visits (deterministic, no random draws).

Derived from each coded visit so the generator's random sequence (and so every other demo
number) stays as it was: NP visits are supervised by the practice's lead physician, labs
and images of referred patients are ordered by the referring specialist, Medicaid
well-child visits carry an EPSDT referral answer, and a few claims carry an attachment.
"""

from __future__ import annotations

from app.domain.encounters import Attachment, Encounter, ServiceLine
from app.domain.practice import Provider

SUPERVISOR_ID = 1  # Dr Ellery, MD
DEMO_CLIA = "14D2087361"
_ORDERED_PREFIXES = ("7", "8")  # radiology 7xxxx, pathology and laboratory 8xxxx
_WELL_CHILD = ("9938", "9939")


def _ordered(line: ServiceLine) -> bool:
    return line.code.startswith(_ORDERED_PREFIXES) or "QW" in line.modifiers


def details(enc: Encounter, rendering: Provider, payer: str) -> dict[str, object]:
    """Fields to add to a coded demo visit.

    Args:
        enc: the coded visit (it has its id, lines and providers).
        rendering: its rendering provider.
        payer: the demo key of the primary payer (``medicaid``, ``selfpay``...).

    Returns:
        Encounter field updates (empty when nothing applies).
    """
    out: dict[str, object] = {}
    eid = enc.id or 0
    if rendering.credential in ("NP", "PA"):
        out["supervising_provider_id"] = SUPERVISOR_ID
    if enc.referring_provider_id is not None and any(_ordered(x) for x in enc.lines):
        out["lines"] = tuple(x.model_copy(update={"ordering_provider_id":
                                                  enc.referring_provider_id})
                             if _ordered(x) else x for x in enc.lines)
    well_child = any(x.code.startswith(_WELL_CHILD) for x in enc.lines)
    if payer == "medicaid" and well_child:
        out["epsdt_referral"] = "ST" if eid % 4 == 0 else "NU"
    if payer != "selfpay" and eid % 37 == 0:
        out["attachments"] = (Attachment(report_type="OZ", transmission="FX",
                                         control_number=f"SFM{eid:06d}"),)
    return out
