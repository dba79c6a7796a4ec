"""Turn a ``ClaimData`` into text placed on grid cells, following the box map.

A field's ``source`` is either a dotted path into the claim (``patient.address.city``,
``diagnoses.0``; for service-line fields a path into the ``ClaimLineData``) or an ``@name``
computed here. The field's ``format`` decides how the value becomes characters. No coordinate
lives in this module: columns and rows come from ``forms/cms1500.json``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from app.domain.money import ZERO, money
from app.domain.practice import Address
from app.domain.submission import (
    AttachmentData,
    ClaimData,
    ClaimLineData,
    PersonName,
    ProviderData,
)
from app.printing.boxmap import BoxField

TotalsMode = Literal["last_page", "per_page"]
Placement = tuple[int, int, str]  # (row, column, text)
_LETTERS = "ABCDEFGHIJKL"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class PageContext:
    """What one printed page of a claim shows."""

    claim: ClaimData
    lines: tuple[ClaimLineData, ...]
    is_last: bool
    totals: TotalsMode
    today: date


def _payer_block(ctx: PageContext) -> list[str]:
    payer = ctx.claim.payer
    rows = [payer.name]
    if payer.address is not None:
        rows += [payer.address.street1, payer.address.street2, _city_state_zip(payer.address)]
    return [r for r in rows if r]


def _insured_address(ctx: PageContext) -> Address | None:
    claim = ctx.claim
    if claim.subscriber.address is not None:
        return claim.subscriber.address
    return claim.patient.address if claim.patient_is_subscriber else None


def _total_charge(ctx: PageContext) -> Decimal | None:
    if ctx.totals == "per_page":
        return sum((line.charge for line in ctx.lines), ZERO)
    return ctx.claim.total_charge if ctx.is_last else None


def _resubmission(ctx: PageContext) -> bool:
    return ctx.claim.frequency_code in ("7", "8")


def _box14(ctx: PageContext) -> tuple[date | None, str]:
    """Item 14: the last menstrual period (484) on pregnancy claims, else the onset (431)."""
    claim = ctx.claim
    if claim.last_menstrual_period is not None:
        return claim.last_menstrual_period, "484"
    return claim.onset_date, "431" if claim.onset_date else ""


def _box17(ctx: PageContext) -> tuple[str, ProviderData | None]:
    """Item 17: one provider, by NUCC priority: referring DN, ordering DK, supervising DQ."""
    claim = ctx.claim
    ordering = next((ln.ordering for ln in claim.lines if ln.ordering is not None), None)
    for qualifier, provider in (("DN", claim.referring), ("DK", ordering),
                                ("DQ", claim.supervising)):
        if provider is not None:
            return qualifier, provider
    return "", None


def _attachment(a: AttachmentData) -> str:
    """``PWK`` + report type + transmission + control number, no spaces (NUCC item 19)."""
    return f"PWK{a.report_type}{a.transmission}{a.control_number}"


def _box19(ctx: PageContext) -> str:
    parts = [_attachment(a) for a in ctx.claim.attachments] + [ctx.claim.note]
    return " ".join(p for p in parts if p)


def _box23(ctx: PageContext) -> str:
    """Item 23 holds one number: the prior authorization, else a lab claim's CLIA number."""
    claim = ctx.claim
    if claim.prior_auth_number:
        return claim.prior_auth_number
    return claim.clia_number if any(ln.clia_covered for ln in claim.lines) else ""


_CLAIM_COMPUTED: dict[str, Callable[[PageContext], Any]] = {
    "payer_block": _payer_block,
    "insured_address": _insured_address,
    "auto_accident_state": lambda c: c.claim.accident_state if c.claim.accident_cause == "AA"
    else "",
    "other_plan": lambda c: "Y" if c.claim.other_payers else "N",
    "box14_date": lambda c: _box14(c)[0],
    "box14_qualifier": lambda c: _box14(c)[1],
    "box17_qualifier": lambda c: _box17(c)[0],
    "box17_provider": lambda c: _box17(c)[1],
    "box19": _box19,
    "box23": _box23,
    "resubmission_code": lambda c: c.claim.frequency_code if _resubmission(c) else "",
    "original_ref": lambda c: c.claim.payer_claim_number if _resubmission(c) else "",
    "total_charge": _total_charge,
    "print_date": lambda c: c.today,
    "billing_other_id": lambda c: f"ZZ{c.claim.billing.taxonomy}" if c.claim.billing.taxonomy
    else "",
}


def _ndc_quantity(line: ClaimLineData) -> str:
    if not line.ndc or line.ndc_quantity is None:
        return ""
    return f"{line.ndc_unit or 'UN'}{_number(line.ndc_quantity)}"


def _epsdt_referral(line: ClaimLineData, claim: ClaimData) -> str:
    return claim.epsdt_referral if line.epsdt and claim.payer.filing_indicator == "MC" else ""


def _rendering_npi(line: ClaimLineData, claim: ClaimData) -> str:
    if line.rendering_npi:
        return line.rendering_npi
    return claim.rendering.npi if claim.rendering is not None else ""


_LINE_COMPUTED: dict[str, Callable[[ClaimLineData, ClaimData], Any]] = {
    "ndc": lambda ln, c: "N4" + re.sub(r"\D", "", ln.ndc) if ln.ndc else "",
    "ndc_quantity": lambda ln, c: _ndc_quantity(ln),
    "date_to": lambda ln, c: ln.date_to or ln.date_from,
    "place_of_service": lambda ln, c: ln.place_of_service or c.place_of_service,
    "modifiers": lambda ln, c: " ".join(ln.modifiers[:4]),
    "pointers": lambda ln, c: "".join(_LETTERS[p - 1] for p in ln.pointers[:4] if 1 <= p <= 12),
    "rendering_npi": _rendering_npi,
    "epsdt_referral": _epsdt_referral,
}

KNOWN_CLAIM_SOURCES = frozenset(_CLAIM_COMPUTED)
KNOWN_LINE_SOURCES = frozenset(_LINE_COMPUTED)


def _walk(value: Any, parts: list[str]) -> Any:
    for part in parts:
        if value is None:
            return None
        if isinstance(value, tuple):
            index = int(part)
            value = value[index] if index < len(value) else None
        else:
            value = getattr(value, part)
    return value


def claim_value(item: BoxField, ctx: PageContext) -> Any:
    """The raw value a claim-level field shows on this page (None when blank)."""
    if item.value is not None:
        return item.value
    if not item.source or (item.last_page_only and not ctx.is_last):
        return None
    head, *rest = item.source.split(".")
    if head.startswith("@"):
        return _walk(_CLAIM_COMPUTED[head[1:]](ctx), rest)
    return _walk(ctx.claim, [head, *rest])


def line_value(item: BoxField, line: ClaimLineData, claim: ClaimData) -> Any:
    """The raw value a service-line field shows (None when blank)."""
    if item.value is not None:
        return item.value
    if not item.source:
        return None
    head, *rest = item.source.split(".")
    if head.startswith("@"):
        return _walk(_LINE_COMPUTED[head[1:]](line, claim), rest)
    return _walk(line, [head, *rest])


def _clean(text: str) -> str:
    """Upper case, no periods, single spaces (NUCC OCR rules)."""
    return _SPACES.sub(" ", str(text).replace(".", "").upper()).strip()


def _number(value: Decimal) -> str:
    text = format(Decimal(value).normalize(), "f")
    return text


def _name(name: PersonName) -> str:
    last = " ".join(p for p in (name.last, name.suffix) if p)
    parts = [last, name.first, name.middle[:1]]
    return _clean(", ".join(p for p in parts if p))


def _name_fml(name: PersonName) -> str:
    return _clean(" ".join(p for p in (name.first, name.middle[:1], name.last, name.suffix) if p))


def _street(address: Address) -> str:
    return _clean(" ".join(p for p in (address.street1, address.street2) if p).replace(",", " "))


def _city_state_zip(address: Address) -> str:
    return _clean(f"{address.city} {address.state} {address.zip}".replace(",", " "))


def _money_cells(item: BoxField, amount: Decimal) -> str:
    """Dollars right-justified, a blank, then the cents: ``'  125 00'`` for width 8."""
    dollars, cents = f"{money(amount):.2f}".split(".")
    return f"{dollars:>{item.width - 3}} {cents}"


def _date_cells(item: BoxField, row: int, value: date) -> list[Placement]:
    assert item.parts is not None
    year = f"{value.year:04d}" if item.year_digits == 4 else f"{value.year % 100:02d}"
    texts = (f"{value.month:02d}", f"{value.day:02d}", year)
    return [(row, col, text) for col, text in zip(item.parts, texts, strict=True)]


def _checkbox(item: BoxField, row: int, value: Any) -> list[Placement]:
    key = str(value) if value not in (None, "") else ""
    col = item.choices.get(key) or (item.choices.get("*") if key else None)
    return [(row, col, "X")] if col else []


def _text(item: BoxField, value: Any) -> str:
    if item.values:
        key = str(value) if value not in (None, "") else ""
        return item.values.get(key) or (item.values.get("*", "") if key else "")
    formats: dict[str, Callable[[Any], str]] = {
        "name": _name, "name_fml": _name_fml, "street": _street,
        "city_state_zip": _city_state_zip, "icd": lambda v: _clean(v),
        "number": _number, "money": lambda v: _money_cells(item, v),
    }
    return formats.get(item.format, _clean)(value)


def place(item: BoxField, row: int, value: Any) -> list[Placement]:
    """Format one field's value into (row, column, text) placements.

    Args:
        item: the box-map field.
        row: the grid row (for service lines, already offset to the line).
        value: the raw value from ``claim_value`` or ``line_value``; None or "" prints nothing.

    Returns:
        Placements clipped to the field's width (text never spills into a neighbour); a
        ``shrink`` field keeps up to twice its width, drawn smaller to fit by the renderer.
    """
    if item.format == "checkbox":
        return _checkbox(item, row, value)
    if value is None or value == "":
        return []
    if item.format == "date" and not item.values:
        return _date_cells(item, row, value)
    if item.format == "lines":
        rows = [_clean(v) for v in value][: item.max_lines]
        return [(row + i, item.col, text[: item.width]) for i, text in enumerate(rows) if text]
    text = _text(item, value)
    if not text:
        return []
    text = text[: item.width * 2 if item.shrink else item.width]
    col = item.col + (item.width - len(text) if item.align == "right" else 0)
    return [(row, col, text)]
