"""The 837P service line: 2400 with 2410 (drug), 2420A/2420E (providers) and 2430 (COB).

Situational rules (005010X222A1 TR3, segment order from pyx12's map):

* SV103 ``MJ`` with SV104 = minutes for anesthesia time; ``UN`` units otherwise.
* SV111 ``Y`` on EPSDT screening lines of Medicaid claims only.
* DTP*472 ``RD8`` from-to when the service spans several days, else ``D8``.
* 2420A rendering provider: when this line's rendering provider differs from the claim's
  (2310B, or the billing provider when no 2310B is sent).
* 2420E ordering provider: when the line (a lab test, an image, a supply) was ordered by a
  provider other than the line's rendering provider.
"""

from __future__ import annotations

from app.domain.submission import ClaimData, ClaimLineData
from app.x12 import format as fmt
from app.x12.seg_writer import SegmentWriter

MEDICAID = "MC"


def write_line(w: SegmentWriter, c: ClaimData, index: int, line: ClaimLineData) -> None:
    """Write one service line (LX through its 2430 loops)."""
    w.seg("LX", str(index))
    pos = line.place_of_service if line.place_of_service != c.place_of_service else ""
    epsdt = "Y" if line.epsdt and c.epsdt_referral and c.payer.filing_indicator == MEDICAID \
        else ""
    w.seg("SV1", w.procedure(line.code, line.modifiers), fmt.amount(line.charge),
          "MJ" if line.unit_code == "MJ" else "UN", fmt.quantity(line.units),
          w.text(pos, 2), "", w.comp(*(str(p) for p in line.pointers)), "",
          "Y" if line.emergency else "", "", epsdt)
    w.seg("DTP", "472", *fmt.date_period(line.date_from, line.date_to))
    w.ref("6R", line.line_control_number)
    w.note(line.note)
    if line.ndc:
        ndc = fmt.ndc11(line.ndc) or fmt.digits(line.ndc)
        w.seg("LIN", "", "N4", ndc)
        qty = line.ndc_quantity if line.ndc_quantity is not None else line.units
        w.seg("CTP", "", "", "", fmt.quantity(qty), w.text(line.ndc_unit or "UN", 2))
    rendering_npi = c.billing_rendering_npi
    if line.rendering is not None and line.rendering.npi != rendering_npi:
        w.provider("82", line.rendering, specialty=True)
        rendering_npi = line.rendering.npi
    if line.ordering is not None and line.ordering.npi != rendering_npi:
        w.provider("DK", line.ordering)
    for adj in line.adjudications:
        w.seg("SVD", w.ident(adj.payer_id), fmt.amount(adj.paid),
              w.procedure(adj.code, adj.modifiers), "", fmt.quantity(adj.units))
        w.cas(adj.adjustments)
        w.seg("DTP", "573", "D8", fmt.d8(adj.adjudication_date))
