"""The "Paper EOB" dialog's state and rules, without Qt.

The biller keys the check (payer id, check number, date) and then one grid row per EOB line:
claim, line number, code, charge, allowed, paid, adjustments (``CO-45 40.00, PR-1 100``) and
patient responsibility. Every row shows at once whether it balances (charge = paid +
adjustments); the EOB can be previewed and posted only when every row does. The grid turns into
the same ``PaperEob`` the CLI reads from JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from app.domain.base import problems_from
from app.domain.errors import Problem
from app.domain.money import format_money, parse_money
from app.domain.paper_eob import PaperEob, eob_problems

SOURCE = "Paper EOB"
COLUMNS = ("claim", "line", "code", "charge", "allowed", "paid", "adjustments",
           "patient_responsibility")
HEADERS = ("Claim", "Line", "Code", "Charge", "Allowed", "Paid", "Adjustments (CO-45 40.00)",
           "Patient resp.")
_ADJ = re.compile(r"^\s*([A-Za-z]{2})\s*-\s*([A-Za-z0-9]{1,5})\s+(-?\$?[\d,]*\.?\d+)\s*$")


@dataclass
class GridRow:
    """One keyed EOB line, as text cells."""

    cells: dict[str, str] = field(default_factory=lambda: dict.fromkeys(COLUMNS, ""))

    @property
    def blank(self) -> bool:
        """Nothing keyed on this row."""
        return not any(v.strip() for v in self.cells.values())


def parse_adjustments(text: str) -> list[dict[str, str]]:
    """``CO-45 40.00, PR-1 100`` -> adjustment dicts.

    Raises:
        ValueError: a part is not ``GROUP-REASON AMOUNT``.
    """
    out = []
    for part in (p for p in re.split(r"[,;]\s*(?=[A-Za-z]{2}\s*-)", text) if p.strip()):
        found = _ADJ.match(part)
        if found is None:
            raise ValueError(f"{part.strip()!r} is not GROUP-REASON AMOUNT (e.g. CO-45 40.00)")
        out.append({"group": found.group(1).upper(), "reason": found.group(2).upper(),
                    "amount": str(parse_money(found.group(3)))})
    return out


class PaperEobPresenter:
    """Header fields, grid rows and the balance state of a keyed paper EOB."""

    def __init__(self, today: date) -> None:
        self.payer = ""
        self.check_number = ""
        self.payment_date = today
        self.check_amount = ""
        self.rows: list[GridRow] = [GridRow()]

    def set_cell(self, row: int, column: str, text: str) -> None:
        """Key one cell; a row is added below when the last row gets text (keyboard flow)."""
        self.rows[row].cells[column] = text
        if row == len(self.rows) - 1 and text.strip():
            self.rows.append(GridRow())

    def fill_down_claim(self, row: int) -> None:
        """An empty claim cell repeats the claim above (one claim, several lines)."""
        if row > 0 and not self.rows[row].cells["claim"].strip():
            self.rows[row].cells["claim"] = self.rows[row - 1].cells["claim"]

    def row_status(self, row: int) -> str:
        """``""`` when the row balances or is blank, else what is wrong with it."""
        r = self.rows[row]
        if r.blank:
            return ""
        try:
            charge, paid = (_money(r.cells[k], k) for k in ("charge", "paid"))
            adjusted = sum((Decimal(a["amount"]) for a in parse_adjustments(
                r.cells["adjustments"])), Decimal("0.00"))
        except ValueError as exc:
            return str(exc)
        if charge != paid + adjusted:
            return f"out by {format_money(charge - paid - adjusted)}"
        return ""

    def eob_data(self) -> dict[str, Any]:
        """The keyed EOB as the JSON format's dict (blank rows left out).

        Raises:
            ValueError: a cell is not a number or an adjustment is malformed.
        """
        claims: dict[str, dict[str, Any]] = {}
        for r in (x for x in self.rows if not x.blank):
            c = r.cells
            control = c["claim"].strip().upper()
            line: dict[str, Any] = {
                "code": c["code"].strip().upper(), "charge": str(_money(c["charge"], "charge")),
                "paid": str(_money(c["paid"], "paid")),
                "adjustments": parse_adjustments(c["adjustments"])}
            if c["line"].strip():
                line["line"] = int(c["line"]) if c["line"].strip().isdigit() else c["line"]
            for key in ("allowed", "patient_responsibility"):
                if c[key].strip():
                    line[key] = str(_money(c[key], key))
            claims.setdefault(control, {"claim": control, "lines": []})["lines"].append(line)
        data: dict[str, Any] = {"payer": self.payer.strip(),
                                "check_number": self.check_number.strip(),
                                "payment_date": self.payment_date.isoformat(),
                                "claims": list(claims.values())}
        if self.check_amount.strip():
            data["check_amount"] = str(_money(self.check_amount, "check amount"))
        return data

    def problems(self) -> list[Problem]:
        """Every problem that blocks the preview and the posting (located)."""
        try:
            data = self.eob_data()
        except ValueError as exc:
            return [Problem(SOURCE, "", str(exc))]
        try:
            eob = PaperEob.model_validate(data)
        except ValidationError as exc:
            return problems_from(exc, SOURCE)
        return eob_problems(eob, SOURCE)

    def eob(self) -> PaperEob:
        """The keyed EOB (call when ``problems()`` is empty)."""
        return PaperEob.model_validate(self.eob_data())

    @property
    def can_post(self) -> bool:
        """Every row balances and the header is complete."""
        return not self.problems()


def _money(text: str, name: str) -> Decimal:
    if not text.strip():
        if name in ("paid",):
            return Decimal("0.00")
        raise ValueError(f"{name}: required")
    try:
        return parse_money(text)
    except ValueError:
        raise ValueError(f"{name}: {text.strip()!r} is not an amount such as 25.00") from None
