"""A synthetic ERA (835) for demo claims: pays every line 60 %, CO-45 25 %, PR-2 the rest.

Secondary claims are paid 80 % of what the primary left to the patient (OA-23 for the rest).
Used by the demo (a file to try ERA posting on) and by tests and benchmarks.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from app.domain.submission import ClaimData

CENT = Decimal("0.01")


def _amount(value: Decimal) -> str:
    text = f"{value.quantize(CENT):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _split(charge: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    paid = (charge * Decimal("0.60")).quantize(CENT, ROUND_HALF_UP)
    co = (charge * Decimal("0.25")).quantize(CENT, ROUND_HALF_UP)
    return paid, co, charge - paid - co


def _secondary_split(line: object) -> tuple[Decimal, Decimal, Decimal]:
    """A secondary pays 80 % of what the primary left to the patient; OA-23 is the rest."""
    owed = sum((a.amount for adj in line.adjudications  # type: ignore[attr-defined]
                for a in adj.adjustments if a.group == "PR"), Decimal(0))
    paid = (owed * Decimal("0.80")).quantize(CENT, ROUND_HALF_UP)
    return paid, line.charge - owed, owed - paid  # type: ignore[attr-defined]


def _claim(c: ClaimData, n: int) -> tuple[list[str], Decimal]:
    lines, paid_total, pr_total = [], Decimal(0), Decimal(0)
    secondary = any(o.paid is not None for o in c.other_payers)  # an earlier payer paid
    for line in c.lines:
        paid, co, pr = _secondary_split(line) if secondary else _split(line.charge)
        paid_total += paid
        pr_total += pr
        code = ":".join(("HC", line.code, *line.modifiers))
        group = "OA*23" if secondary else "CO*45"
        lines += [f"SVC*{code}*{_amount(line.charge)}*{_amount(paid)}**{_amount(line.units)}",
                  f"DTM*472*{line.date_from:%Y%m%d}", f"CAS*{group}*{_amount(co)}"]
        if pr:
            lines.append(f"CAS*PR*2*{_amount(pr)}")
        lines += [f"REF*6R*{line.line_control_number}", f"AMT*B6*{_amount(line.charge - co)}"]
    status = 2 if secondary else 1
    head = [f"CLP*{c.control_number}*{status}*{_amount(c.total_charge)}*{_amount(paid_total)}*"
            f"{_amount(pr_total)}*12*ICN{n:09d}*11*1",
            f"NM1*QC*1*{c.patient.name.last.upper()}*{c.patient.name.first.upper()}****MI*"
            f"{c.subscriber.member_id}"]
    return head + lines, paid_total


def _payment(claims: list[tuple[int, ClaimData]], st02: str, trace: str, paid_on: date,
             payer_name: str) -> list[str]:
    """One ST-SE: one payer's payment for its claims, naming the payer (N1*PR, REF*2U)."""
    body, total = ["LX*1"], Decimal(0)
    for n, c in claims:
        segs, paid = _claim(c, n)
        body += segs
        total += paid
    payer = claims[0][1].payer
    st = [f"BPR*I*{_amount(total)}*C*CHK************{paid_on:%Y%m%d}",
          f"TRN*1*{trace}*1999999999", f"DTM*405*{paid_on:%Y%m%d}",
          f"N1*PR*{payer_name or payer.name.upper()}", "N3*1 PAYER WAY", "N4*CHICAGO*IL*60601",
          f"REF*2U*{payer.payer_id}", "PER*BL*PROVIDER SERVICES*TE*8005550199",
          "N1*PE*DEMO PRACTICE*XX*1234567893", *body]
    segments = [f"ST*835*{st02}", *st]
    segments.append(f"SE*{len(segments) + 1}*{st02}")
    return segments


def write_835(claims: list[ClaimData], *, trace: str = "EFT0001", paid_on: date = date(2026, 11,
              20), payer_name: str = "") -> str:
    """A balanced 835 paying ``claims``: one ST (payment) per payer, in first-seen order.

    With several payers the trace numbers are ``trace-1``, ``trace-2``...; ``payer_name``
    overrides the N1*PR name (by default each payer's own name).
    """
    groups: dict[str, list[tuple[int, ClaimData]]] = {}
    for n, c in enumerate(claims, start=1):
        groups.setdefault(c.payer.payer_id, []).append((n, c))
    segments: list[str] = []
    for k, group in enumerate(groups.values(), start=1):
        number = f"{trace}-{k}" if len(groups) > 1 else trace
        segments += _payment(group, f"{k:04d}", number, paid_on, payer_name)
    isa = (f"ISA*00*{' ' * 10}*00*{' ' * 10}*ZZ*{'DEMOPAYER':<15}*ZZ*{'CLAIMDESK':<15}*"
           f"{paid_on:%y%m%d}*1200*^*00501*000000901*0*T*:")
    gs = f"GS*HP*DEMOPAYER*CLAIMDESK*{paid_on:%Y%m%d}*1200*901*X*005010X221A1"
    tail = [f"GE*{len(groups)}*901", "IEA*1*000000901"]
    return "~\n".join([isa, gs, *segments, *tail]) + "~\n"
