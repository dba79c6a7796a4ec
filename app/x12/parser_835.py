"""Build ``Remittance`` records from the segments of an 835 (no structure check, no balancing).

The parser walks ``(segment number, elements)`` pairs from ``segments.Lexed.segments`` once,
one ST-SE at a time, and reports values it cannot read as located ``X12Problem``s (segment,
loop ``2100``/``2110``/``1000A``..., element). ``reader_835.read_835`` adds the envelope and
version checks, pyx12 and the balancing rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from app.domain.errors import Problem
from app.domain.remittance import ClaimPayment, Remittance
from app.x12.codes_835 import CLAIM_STATUS_LABELS, claim_status_label, plb_reason_label
from app.x12.segments import X12Problem

Segment = tuple[int, list[str]]
_ZERO = Decimal(0)
_CENT = Decimal("0.01")


@dataclass
class ParseResult:
    """What the parser made of the segments.

    Attributes:
        remittances: one per ST-SE, in file order.
        problems: values that could not be read, missing TRN/CLP01, unknown codes.
        unreadable: ST segment numbers of transaction sets with unreadable values or no SE
            (their balancing is skipped: it would only repeat the same problem).
    """

    remittances: list[Remittance] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unreadable: set[int] = field(default_factory=set)


_ENVELOPE = frozenset({"ISA", "GS", "GE", "IEA"})
_MONEY = re.compile(r"-?(\d+(\.\d{0,2})?|\.\d{1,2})")
_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")
_GROUPS = frozenset({"CO", "PR", "OA", "PI"})
_PARTIES = {"QC": "patient", "IL": "insured", "74": "corrected_patient",
            "82": "rendering_provider", "TT": "crossover_carrier",
            "PR": "corrected_priority_payer"}
_DATES = {"svc": {"472": "service_date", "150": "service_date", "151": "service_end_date"},
          "claim": {"232": "statement_from", "233": "statement_to", "050": "received_date",
                    "036": "coverage_expiration"},
          "tx": {"405": "production_date"}}


@lru_cache(maxsize=65536)
def _amount(raw: str) -> Decimal | None:
    """An amount element (at most two decimals) as cents, or None (files repeat amounts)."""
    return Decimal(raw).quantize(_CENT) if _MONEY.fullmatch(raw) else None


@lru_cache(maxsize=4096)
def _number(raw: str) -> Decimal | None:
    """A quantity element, or None when it is not a number."""
    return Decimal(raw) if _NUMBER.fullmatch(raw) else None


def _text(el: list[str], i: int) -> str:
    return el[i].strip() if i < len(el) else ""


class _Parser:
    """Turns segments into ``Remittance`` records, one ST-SE at a time."""

    def __init__(self, source: str, component: str) -> None:
        self.source, self.component = source, component
        self.result = ParseResult()
        self.tx: dict[str, Any] | None = None
        self.claim: dict[str, Any] | None = None
        self.svc: dict[str, Any] | None = None
        self.party, self.skip, self.bad, self.plb_seen = "", False, False, False
        self.dates: dict[str, date] = {}

    def run(self, segments: Iterable[Segment]) -> ParseResult:
        line = 0
        for line, el in segments:
            seg_id = el[0].strip()
            if self.skip and seg_id not in ("ST", "SE"):
                continue
            if self.tx is None and seg_id not in _ENVELOPE and seg_id != "ST":
                self._problem(seg_id, line, f"Segment {seg_id} is outside a transaction set.")
                continue
            handler = _HANDLERS.get(seg_id)
            if handler is not None:
                handler(self, line, el)
        if self.tx is not None:  # no SE: segments.walk reports it
            self.bad = True
            self._close()
        return self.result

    # -- values -----------------------------------------------------------------------------
    def _problem(self, field_name: str, line: int, message: str) -> None:
        where = f"Claim {self.claim['patient_control_number']}: " if self.claim else ""
        self.result.problems.append(X12Problem(
            self.source, field_name, where + message, line, "error",
            field_name[:3].rstrip("0123456789"), self._loop(field_name)))
        self.bad = True

    def _loop(self, field_name: str) -> str:
        """The TR3 loop the parser is in (``2110``, ``2100``, ``1000A``...; header: ``""``)."""
        if field_name.startswith("PLB") or self.tx is None:
            return ""
        if self.svc is not None:
            return "2110"
        if self.claim is not None:
            return "2100"
        return {"PR": "1000A", "PE": "1000B"}.get(self.party, "")

    def _money(self, el: list[str], i: int, line: int, required: bool = True) -> Decimal:
        raw = el[i].strip() if i < len(el) else ""
        value = _amount(raw) if raw else None
        if value is not None:
            return value
        if raw or required:
            self._problem(f"{el[0]}{i:02d}", line, f"{raw!r} is not an amount (digits, an "
                          "optional minus sign, at most two decimals)." if raw else
                          "An amount is required here.")
        return _ZERO

    def _quantity(self, el: list[str], i: int, line: int) -> Decimal | None:
        raw = el[i].strip() if i < len(el) else ""
        if not raw:
            return None
        value = _number(raw)
        if value is None:
            self._problem(f"{el[0]}{i:02d}", line, f"{raw!r} is not a number.")
        return value

    def _date(self, el: list[str], i: int, line: int) -> date | None:
        raw = _text(el, i)
        if not raw:
            return None
        if raw in self.dates:
            return self.dates[raw]
        try:
            if not (len(raw) == 8 and raw.isdigit()):
                raise ValueError(raw)
            return self.dates.setdefault(raw, date(int(raw[:4]), int(raw[4:6]), int(raw[6:])))
        except ValueError:
            self._problem(f"{el[0]}{i:02d}", line, f"{raw!r} is not a date (CCYYMMDD).")
            return None

    def _composite(self, raw: str) -> list[str]:
        return [part.strip() for part in raw.split(self.component)]

    # -- envelope and header ----------------------------------------------------------------
    def _on_st(self, line: int, el: list[str]) -> None:
        if self.tx is not None:  # no SE before this ST: segments.walk reports it
            self.bad = True
            self._close()
        self.plb_seen = False
        self.tx = {"control_number": _text(el, 2), "segment": line, "claims": [],
                   "provider_adjustments": [], "payer_references": [], "payee_references": []}
        self.claim = self.svc = None
        self.party, self.bad = "", False
        self.skip = _text(el, 1) != "835"  # versions.check refuses such a file first

    def _on_se(self, line: int, el: list[str]) -> None:
        if self.tx is not None:  # an SE without ST: segments.walk reports it
            self._close()

    def _after_plb(self, line: int, el: list[str]) -> bool:
        """Report a claim segment after a PLB (the TR3 puts PLB after the last claim)."""
        if self.plb_seen:
            self._problem(el[0].strip(), line, f"{el[0].strip()} after a PLB segment: "
                          "provider-level adjustments (PLB) must follow the last claim.")
        return self.plb_seen

    def _finish_claim(self) -> None:
        """Turn the open claim into a record now, so its builder dicts can be freed."""
        if self.claim is not None and self.tx is not None:
            self.tx["claims"][-1] = ClaimPayment.model_validate(self.claim)
        self.claim = self.svc = None

    def _close(self) -> None:
        self._finish_claim()
        tx, self.tx = self.tx, None
        if tx is None or self.skip:
            self.skip = False
            return
        st, name = tx["segment"], f"in transaction set {tx['control_number']}"
        if not tx.get("bpr_segment"):
            self._problem("BPR", st, f"The payment {name} has no BPR (amount and method).")
        if not tx.get("trace_number"):
            self._problem("TRN", st, f"The payment {name} has no TRN trace number (TRN02); "
                          "it is needed to recognise a payment that was already posted.")
        elif not tx.get("payer_id"):
            self._problem("TRN03", st, f"The payment {name} has no payer id (TRN03).")
        defaults = {"handling_code": "", "total_paid": _ZERO, "credit_debit": "",
                    "payment_method": "", "trace_number": "", "payer_id": ""}
        remit = Remittance.model_validate({**defaults, **tx})
        self.result.remittances.append(remit)
        if self.bad:
            self.result.unreadable.add(st)

    def _on_bpr(self, line: int, el: list[str]) -> None:
        assert self.tx is not None
        self.tx.update(handling_code=_text(el, 1), total_paid=self._money(el, 2, line),
                       credit_debit=_text(el, 3), payment_method=_text(el, 4),
                       payment_format=_text(el, 5), payment_date=self._date(el, 16, line),
                       bpr_segment=line)

    def _on_trn(self, line: int, el: list[str]) -> None:
        assert self.tx is not None
        self.tx.update(trace_number=_text(el, 2), payer_id=_text(el, 3),
                       payer_sub_id=_text(el, 4))

    def _on_dtm(self, line: int, el: list[str]) -> None:
        level = "svc" if self.svc is not None else "claim" if self.claim is not None else "tx"
        key = _DATES[level].get(_text(el, 1))
        target = self.svc if self.svc is not None else self.claim or self.tx
        if key and target is not None:
            target[key] = self._date(el, 2, line)

    def _on_n1(self, line: int, el: list[str]) -> None:
        assert self.tx is not None
        self.party, qualifier, ident = _text(el, 1), _text(el, 3), _text(el, 4)
        if self.party == "PR":
            self.tx.update(payer_name=_text(el, 2), payer_identifier=ident)
        elif self.party == "PE":
            self.tx["payee_name"] = _text(el, 2)
            key = {"XX": "payee_npi", "FI": "payee_tin"}.get(qualifier)
            if key:
                self.tx[key] = ident

    def _on_ref(self, line: int, el: list[str]) -> None:
        assert self.tx is not None
        ref = {"qualifier": _text(el, 1), "value": _text(el, 2)}
        if self.svc is not None and ref["qualifier"] == "6R":
            self.svc["line_control_number"] = ref["value"]
        elif (self.svc or self.claim) is not None:
            (self.svc if self.svc is not None else self.claim or {})["references"].append(ref)
        elif self.party in ("PR", "PE"):
            self.tx["payer_references" if self.party == "PR" else "payee_references"].append(ref)
            if self.party == "PE" and ref["qualifier"] == "TJ":
                self.tx.setdefault("payee_tin", ref["value"])

    # -- claims and lines -------------------------------------------------------------------
    def _on_clp(self, line: int, el: list[str]) -> None:
        assert self.tx is not None
        if self._after_plb(line, el):
            return
        self._finish_claim()
        status = _text(el, 2)
        self.claim = {
            "patient_control_number": _text(el, 1), "status_code": status,
            "status_label": claim_status_label(status), "segment": line,
            "filing_indicator": _text(el, 6), "payer_claim_control_number": _text(el, 7),
            "facility_code": _text(el, 8), "frequency_code": _text(el, 9), "adjustments": [],
            "remark_codes": [], "amounts": [], "references": [], "services": []}
        self.claim.update(charge=self._money(el, 3, line), paid=self._money(el, 4, line),
                          patient_responsibility=self._money(el, 5, line, required=False))
        if not self.claim["patient_control_number"]:
            self._problem("CLP01", line, "No patient control number (CLP01): the claim "
                          "payment cannot be matched to a claim.")
        if status not in CLAIM_STATUS_LABELS:
            self._problem("CLP02", line, f"Unknown claim status {status!r}.")
        self.tx["claims"].append(self.claim)

    def _on_cas(self, line: int, el: list[str]) -> None:
        target = self.svc if self.svc is not None else self.claim
        group = _text(el, 1)
        if target is None:
            self._problem("CAS01", line, "An adjustment (CAS) appears outside a claim.")
            return
        if group not in _GROUPS:
            self._problem("CAS01", line, f"Adjustment group {group!r} is not CO, PR, OA or PI.")
        for k in range(2, len(el), 3):
            reason = el[k].strip()
            if reason:
                target["adjustments"].append({
                    "group": group, "reason": reason, "amount": self._money(el, k + 1, line),
                    "quantity": self._quantity(el, k + 2, line)})

    def _on_nm1(self, line: int, el: list[str]) -> None:
        key = _PARTIES.get(_text(el, 1))
        if self.claim is not None and self.svc is None and key:
            self.claim[key] = {
                "entity": _text(el, 1), "name": _text(el, 3), "first_name": _text(el, 4),
                "middle_name": _text(el, 5), "suffix": _text(el, 7),
                "id_qualifier": _text(el, 8), "id": _text(el, 9)}

    def _on_moa(self, line: int, el: list[str]) -> None:
        positions = range(3, 8) if el[0] == "MOA" else (5, 20, 21, 22, 23)
        if self.claim is not None:
            self.claim["remark_codes"].extend(c for i in positions if (c := _text(el, i)))

    def _on_amt(self, line: int, el: list[str]) -> None:
        target = self.svc if self.svc is not None else self.claim
        if target is not None:
            target["amounts"].append({"qualifier": _text(el, 1),
                                      "amount": self._money(el, 2, line)})

    def _on_svc(self, line: int, el: list[str]) -> None:
        if self._after_plb(line, el):
            return
        if self.claim is None:
            self._problem("SVC01", line, "A service line (SVC) appears outside a claim.")
            return
        billed, original = self._composite(_text(el, 1)), self._composite(_text(el, 6))
        self.svc = {
            "qualifier": billed[0], "code": (billed + [""])[1],
            "modifiers": [m for m in billed[2:6] if m], "charge": self._money(el, 2, line),
            "paid": self._money(el, 3, line), "revenue_code": _text(el, 4),
            "units_paid": self._quantity(el, 5, line), "original_qualifier": original[0],
            "original_code": (original + [""])[1],
            "original_modifiers": [m for m in original[2:6] if m],
            "original_units": self._quantity(el, 7, line), "segment": line,
            "references": [], "amounts": [], "adjustments": [], "remark_codes": []}
        if not self.svc["code"]:
            self._problem("SVC01-2", line, "A service line has no procedure code.")
        self.claim["services"].append(self.svc)

    def _on_lq(self, line: int, el: list[str]) -> None:
        if self.svc is not None and _text(el, 1) == "HE":
            self.svc["remark_codes"].append(_text(el, 2))

    def _on_plb(self, line: int, el: list[str]) -> None:
        """One PLB; the segment may repeat, and every adjustment of every PLB is kept."""
        assert self.tx is not None
        self._finish_claim()
        self.plb_seen = True
        provider, period = _text(el, 1), self._date(el, 2, line)
        for k in range(3, len(el), 2):
            if not _text(el, k):
                continue
            reason, _, reference = _text(el, k).partition(self.component)
            self.tx["provider_adjustments"].append({
                "provider_id": provider, "fiscal_period_end": period, "reason": reason,
                "reason_label": plb_reason_label(reason), "reference": reference,
                "amount": self._money(el, k + 1, line), "segment": line})


_HANDLERS = {
    "ST": _Parser._on_st, "SE": _Parser._on_se, "BPR": _Parser._on_bpr,
    "TRN": _Parser._on_trn, "DTM": _Parser._on_dtm, "N1": _Parser._on_n1,
    "REF": _Parser._on_ref, "CLP": _Parser._on_clp, "CAS": _Parser._on_cas,
    "NM1": _Parser._on_nm1, "MOA": _Parser._on_moa, "MIA": _Parser._on_moa,
    "AMT": _Parser._on_amt, "SVC": _Parser._on_svc, "LQ": _Parser._on_lq,
    "PLB": _Parser._on_plb, "LX": _Parser._after_plb,
}


def parse_segments(segments: Iterable[Segment], source: str, component: str) -> ParseResult:
    """Build ``Remittance`` records from split segments (no structure check, no balancing).

    Args:
        segments: ``(segment number, elements)`` pairs from ``split_segments``.
        source: file name for the problems.
        component: the component separator (ISA16).
    """
    return _Parser(source, component).run(segments)
