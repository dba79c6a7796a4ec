"""Charge entry from a superbill, without Qt: one entry line takes codes, Enter adds them.

A CPT/HCPCS code becomes a service line with its fee-schedule charge (times the units); an
ICD-10-CM code becomes the next diagnosis. Words pick from the provider's favorites first,
then the fee schedule. The codes live in a :class:`CodingEditor`, so the live checks place
their findings exactly as in the coding panel.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.domain.encounters import Encounter, normalize_icd
from app.domain.findings import Finding, Severity
from app.ui.presenters.coding_editor import ICD_PATTERN, INPUT_RULE, CodingEditor

#: (code, modifier) -> (label, charge per unit): the fee schedule on the date of service.
FeeTable = dict[tuple[str, str], tuple[str, Decimal]]
PROCEDURE = re.compile(r"[A-Z0-9]{4}[A-Z0-9]")
MAX_PICKS = 12


@dataclass(frozen=True)
class Pick:
    """One code the entry line offers."""

    system: str  # "icd10" for a diagnosis, else "cpt" / "hcpcs"
    code: str
    label: str
    charge: Decimal | None
    favorite: bool

    @property
    def is_diagnosis(self) -> bool:
        return self.system == "icd10"

    @property
    def text(self) -> str:
        """How the pick list shows it."""
        star = "★ " if self.favorite else ""
        money = f"  ${self.charge:,.2f}" if self.charge is not None else ""
        kind = "Dx " if self.is_diagnosis else ""
        return f"{star}{kind}{self.code}  {self.label}{money}"


@dataclass(frozen=True)
class Added:
    """What Enter did: ``kind`` is ``dx``, ``line`` or ``""`` (nothing; see ``message``)."""

    kind: str
    row: int = -1
    message: str = ""


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"\W+", text.lower()) if w]


class ChargeEntry:
    """The superbill of one saved visit being keyed in.

    Args:
        encounter: the saved visit.
        fees: the fee schedule in force on its date of service.
        favorites: the rendering provider's quick picks as (system, code, label).
        describe: a diagnosis code's description ("" when unknown).
    """

    def __init__(self, encounter: Encounter, fees: FeeTable,
                 favorites: list[tuple[str, str, str]],
                 describe: Callable[[str], str] | None = None) -> None:
        self.fees = fees
        self.favorites = favorites
        self.describe = describe or (lambda _code: "")
        self.editor = CodingEditor(encounter, self.fee_for)

    @property
    def encounter(self) -> Encounter:
        return self.editor.encounter

    def fee_for(self, code: str, modifier: str) -> Decimal | None:
        entry = self.fees.get((code, modifier))
        return entry[1] if entry else None

    # picking ------------------------------------------------------------------------------
    def _all_picks(self) -> list[Pick]:
        picks = []
        for system, code, label in self.favorites:
            charge = None if system == "icd10" else self.fee_for(code, "")
            picks.append(Pick(system, code, label, charge, True))
        seen = {(p.system == "icd10", p.code) for p in picks}
        for (code, modifier), (label, charge) in sorted(self.fees.items()):
            if not modifier and (False, code) not in seen:
                picks.append(Pick("cpt", code, label, charge, False))
        return picks

    def picks(self, text: str) -> list[Pick]:
        """Favorites then scheduled codes matching a code prefix or every word typed."""
        bare = text.strip().upper().replace(".", "")
        words = _words(text)
        out = []
        for pick in self._all_picks():
            label_words = _words(pick.label)
            by_code = bool(bare) and pick.code.replace(".", "").startswith(bare)
            by_words = bool(words) and all(any(lw.startswith(w) for lw in label_words)
                                           for w in words)
            if not text.strip() or by_code or by_words:
                out.append(pick)
        return out[:MAX_PICKS]

    # entering -----------------------------------------------------------------------------
    def enter(self, text: str, pick: Pick | None = None) -> Added:
        """Add what was typed (or the chosen pick) as a line or a diagnosis."""
        if pick is not None:
            return self._add(pick.code, pick.is_diagnosis, pick.label)
        typed = text.strip().upper()
        if not typed:
            return Added("", message="Type a CPT/HCPCS or ICD-10-CM code, or words.")
        kind = self.kind_of(typed)
        if kind:
            return self._add(typed, kind == "dx", "")
        found = self.picks(text)
        if found:
            return self.enter("", found[0])
        return Added("", message=f"No code on the fee schedule or favorites matches {text!r}.")

    def kind_of(self, typed: str) -> str:
        """``line`` for a procedure code, ``dx`` for a diagnosis code, else "".

        A code on the fee schedule or starting with a digit (CPT) is a procedure; a letter
        code is a diagnosis unless scheduled (``J0696`` billed as a drug, ``J06.9`` a URI).
        """
        if (typed, "") in self.fees or ("." not in typed and typed[:1].isdigit()
                                        and PROCEDURE.fullmatch(typed)):
            return "line"
        return "dx" if ICD_PATTERN.fullmatch(normalize_icd(typed)) else ""

    def _add(self, code: str, diagnosis: bool, label: str) -> Added:
        if diagnosis:
            first = not self.editor.diagnoses
            problem = self.editor.add_diagnosis(code, label or self.describe(
                normalize_icd(code)) or "")
            if problem:
                return Added("", message=problem)
            if first:  # lines keyed before the first diagnosis point to it
                for line in self.editor.lines:
                    line.pointers = line.pointers or "A"
            return Added("dx", len(self.editor.diagnoses) - 1)
        row = self.editor.add_line(code, label or self.label_of(code))
        message = "" if self.fee_for(code, "") is not None else (
            f"{code} is not on the fee schedule: type its charge.")
        return Added("line", row, message)

    def label_of(self, code: str) -> str:
        entry = self.fees.get((code, ""))
        if entry:
            return entry[0]
        return next((label for _s, c, label in self.favorites if c == code), "")

    def set_line_field(self, row: int, name: str, text: str) -> None:
        """Units, pointers, modifiers or charge as typed in the lines table."""
        self.editor.set_line_field(row, name, text)

    def remove_line(self, row: int) -> None:
        self.editor.remove_line(row)

    def remove_diagnosis(self, index: int) -> None:
        self.editor.remove_diagnosis(index)

    # state --------------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self.editor.dirty

    @property
    def total(self) -> Decimal:
        total = Decimal("0.00")
        for line in self.editor.lines:
            try:
                total += Decimal(line.charge or "0")
            except ArithmeticError:
                continue
        return total

    def set_findings(self, findings: list[Finding], origin: list[int] | None = None) -> None:
        self.editor.set_findings(findings, origin)

    @property
    def findings(self) -> list[Finding]:
        return self.editor.findings

    def summary(self) -> str:
        counts = {s: sum(f.severity == s for f in self.findings) for s in Severity}
        parts = [f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in Severity
                 if counts[s]]
        return "Checks: " + (", ".join(parts) if parts else "no findings")

    def build_blockers(self) -> str:
        """Why "Save and build claim" is not possible yet ("" when it is)."""
        if not self.editor.diagnoses or not self.editor.lines:
            return "Add at least one diagnosis and one line."
        if any(f.severity == Severity.ERROR for f in self.findings):
            return "Correct the errors first (the visit can still be saved to the queue)."
        if any(f.rule_id == INPUT_RULE for f in self.findings):
            return "Correct what was typed first."
        return ""

    def save_data(self) -> dict[str, Any]:
        """The encounter data for saving (raises ValidationFailed on untyped-able input)."""
        return self.editor.save_data()

    def saved(self, encounter: Encounter) -> None:
        """Start over from the saved encounter."""
        self.editor.load(encounter)
