"""The encounter coding editor's state and rules, without Qt.

The presenter holds an edited copy of one encounter: the ordered diagnosis list and the
service lines as typed text (so nothing the coder typed is lost, even when it does not parse
yet). It reorders diagnoses with the line pointers following, builds the encounter for the
live checks and for saving, and places each ``Finding`` on the row or cell it names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from app.domain.base import build
from app.domain.encounters import (
    DX_LETTERS,
    MAX_DIAGNOSES,
    MAX_POINTERS,
    Encounter,
    ServiceLine,
    normalize_icd,
)
from app.domain.errors import ValidationFailed
from app.domain.findings import Finding, Owner, Severity

#: ``fee_for(code, modifier)``: the practice's charge per unit, or None when not scheduled.
FeeLookup = Callable[[str, str], Decimal | None]
ICD_PATTERN = re.compile(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?")
INPUT_RULE = "INPUT"
LINE_FIELDS = ("code", "modifiers", "units", "charge", "pointers", "place_of_service", "ndc",
               "ndc_unit", "ndc_quantity", "note")
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.HINT: 2}
_LOCATION = re.compile(r"^(diagnoses|lines)(?:\[(\d+)\])?(?:\.(\w+))?$")


@dataclass
class LineDraft:
    """One service line as the coder typed it."""

    id: int | None = None
    code: str = ""
    description: str = field(default="", compare=False)
    modifiers: str = ""
    units: str = "1"
    charge: str = ""
    pointers: str = ""
    place_of_service: str = ""
    ndc: str = ""
    ndc_unit: str = ""
    ndc_quantity: str = ""
    note: str = ""
    charge_auto: bool = field(default=True, compare=False)


@dataclass(frozen=True)
class Place:
    """Where a finding belongs: ``kind`` is ``dx``, ``line`` or ``visit``."""

    kind: str
    row: int | None = None
    column: str | None = None


def parse_location(location: str) -> Place:
    """``diagnoses[1]`` -> dx row 1; ``lines[0].modifiers`` -> line 0 cell; else the visit."""
    match = _LOCATION.match(location)
    if match is None:
        return Place("visit")
    kind = "dx" if match.group(1) == "diagnoses" else "line"
    row = int(match.group(2)) if match.group(2) is not None else None
    return Place(kind, row, match.group(3))


def split_modifiers(text: str) -> tuple[str, ...]:
    """``"25 59"``, ``"25,59"`` or ``"2559"`` -> ``("25", "59")``."""
    parts = [p for p in re.split(r"[\s,;/]+", text.strip().upper()) if p]
    if len(parts) == 1 and len(parts[0]) > 2 and len(parts[0]) % 2 == 0:
        parts = [parts[0][i:i + 2] for i in range(0, len(parts[0]), 2)]
    return tuple(parts)


def pointer_numbers(text: str) -> tuple[int, ...]:
    """Letters ``"AB"`` -> ``(1, 2)``; raises ValueError naming a wrong letter."""
    letters = [c for c in text.upper() if not c.isspace() and c not in ",;"]
    numbers = []
    for letter in letters:
        if letter not in DX_LETTERS:
            raise ValueError(f"{letter} is not a diagnosis letter (A-L).")
        numbers.append(DX_LETTERS.index(letter) + 1)
    return tuple(numbers)


def remap_pointers(text: str, mapping: dict[int, int | None]) -> str:
    """Re-letter pointers after diagnoses moved: ``mapping[old index] = new index or None``.

    Letters of removed diagnoses are dropped; letters past the list and other characters are
    kept as typed (the checks or the input rules report them).
    """
    out = []
    for char in text.upper():
        old = DX_LETTERS.find(char)
        if old < 0 or old not in mapping:
            out.append(char)
        elif (new := mapping[old]) is not None:
            out.append(DX_LETTERS[new])
    return "".join(out)


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text.strip().replace("$", "").replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"{text.strip()!r} is not a number.") from None


def _input_finding(row: int, column: str, message: str) -> Finding:
    return Finding(rule_id=INPUT_RULE, severity=Severity.ERROR, owner=Owner.CODING,
                   message=f"Line {row + 1}: {message}", hint="Correct what was typed.",
                   location=f"lines[{row}].{column}", source="Entry")


def line_values(draft: LineDraft, number: int) -> dict[str, Any]:
    """The ServiceLine data for a draft; raises ValueError("field: message") on bad text."""
    values: dict[str, Any] = {"id": draft.id, "line_number": number,
                              "code": draft.code.strip().upper(),
                              "modifiers": split_modifiers(draft.modifiers),
                              "place_of_service": draft.place_of_service.strip(),
                              "ndc": re.sub(r"[\s-]", "", draft.ndc),
                              "ndc_unit": draft.ndc_unit.strip().upper(),
                              "note": draft.note.strip()}
    for name, text in (("units", draft.units), ("charge", draft.charge or "0"),
                       ("ndc_quantity", draft.ndc_quantity)):
        if name == "ndc_quantity" and not text.strip():
            values[name] = None
            continue
        try:
            values[name] = _decimal(text)
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
    try:
        values["pointers"] = pointer_numbers(draft.pointers)
    except ValueError as exc:
        raise ValueError(f"pointers: {exc}") from None
    return values


def _field_of(problem_field: str) -> str:
    name = problem_field.split(".")[-1]
    return name if name in LINE_FIELDS else "code"


class CodingEditor:
    """An edited copy of one encounter's codes.

    Args:
        encounter: the saved encounter being coded.
        fee_for: charge per unit from the fee schedule (``None`` when not scheduled).
    """

    def __init__(self, encounter: Encounter, fee_for: FeeLookup | None = None) -> None:
        self.fee_for = fee_for or (lambda _code, _mod: None)
        self.descriptions: dict[str, str] = {}
        self.findings: list[Finding] = []
        self.load(encounter)

    # loading and dirty state --------------------------------------------------------------
    def load(self, encounter: Encounter) -> None:
        """Start over from ``encounter`` (after opening or saving)."""
        self.encounter = encounter
        self.diagnoses: list[str] = list(encounter.diagnoses)
        self.lines: list[LineDraft] = [self._draft(line) for line in encounter.lines]
        self._snapshot = self._state()

    @staticmethod
    def _draft(line: ServiceLine) -> LineDraft:
        return LineDraft(
            id=line.id, code=line.code, modifiers=" ".join(line.modifiers),
            units=f"{line.units.normalize():f}", charge=f"{line.charge:.2f}",
            pointers=line.pointer_letters, place_of_service=line.place_of_service,
            ndc=line.ndc, ndc_unit=line.ndc_unit,
            ndc_quantity="" if line.ndc_quantity is None else f"{line.ndc_quantity:f}",
            note=line.note, charge_auto=False)

    def _state(self) -> tuple[Any, ...]:
        lines = tuple(tuple(getattr(d, f.name) for f in fields(d) if f.compare)
                      for d in self.lines)
        return tuple(self.diagnoses), lines

    @property
    def dirty(self) -> bool:
        """Whether the codes differ from the encounter as loaded or last saved."""
        return self._state() != self._snapshot

    def replace_codes(self, other: Encounter) -> None:
        """Take the diagnoses and lines of ``other`` (copy from the last visit); unsaved."""
        self.diagnoses = list(other.diagnoses)
        self.lines = [replace(self._draft(line), id=None) for line in other.lines]

    # diagnoses ----------------------------------------------------------------------------
    def add_diagnosis(self, code: str, description: str = "") -> str:
        """Append a diagnosis; returns "" or why it was not added."""
        normalized = normalize_icd(code)
        if not ICD_PATTERN.fullmatch(normalized):
            return f"{code.strip() or 'That'} is not an ICD-10-CM code."
        if normalized in self.diagnoses:
            letter = DX_LETTERS[self.diagnoses.index(normalized)]
            return f"{normalized} is already diagnosis {letter}."
        if len(self.diagnoses) >= MAX_DIAGNOSES:
            return f"A claim holds at most {MAX_DIAGNOSES} diagnoses (A-L)."
        self.diagnoses.append(normalized)
        if description:
            self.descriptions[normalized] = description
        return ""

    def _remap(self, mapping: dict[int, int | None]) -> None:
        for line in self.lines:
            line.pointers = remap_pointers(line.pointers, mapping)

    def remove_diagnosis(self, index: int) -> None:
        """Remove diagnosis ``index``; pointers to it go, later letters move up."""
        if not 0 <= index < len(self.diagnoses):
            return
        count = len(self.diagnoses)
        del self.diagnoses[index]
        self._remap({i: (None if i == index else i - (i > index)) for i in range(count)})

    def move_diagnosis(self, index: int, delta: int) -> int:
        """Move diagnosis ``index`` up (-1) or down (+1); returns its new index."""
        target = index + delta
        if not (0 <= index < len(self.diagnoses) and 0 <= target < len(self.diagnoses)):
            return index
        order = list(range(len(self.diagnoses)))
        order.insert(target, order.pop(index))
        self.diagnoses = [self.diagnoses[i] for i in order]
        self._remap({old: new for new, old in enumerate(order)})
        return target

    def default_pointers(self) -> str:
        return DX_LETTERS[:min(len(self.diagnoses), MAX_POINTERS)]

    # lines --------------------------------------------------------------------------------
    def add_line(self, code: str, description: str = "") -> int:
        """Append a line for ``code`` with the scheduled charge; returns its row."""
        draft = LineDraft(code=code.strip().upper(), description=description,
                          pointers=self.default_pointers())
        self.lines.append(draft)
        self._fill_charge(draft)
        return len(self.lines) - 1

    def remove_line(self, row: int) -> None:
        if 0 <= row < len(self.lines):
            del self.lines[row]

    def move_line(self, row: int, delta: int) -> int:
        target = row + delta
        if 0 <= row < len(self.lines) and 0 <= target < len(self.lines):
            self.lines.insert(target, self.lines.pop(row))
            return target
        return row

    def set_line_field(self, row: int, name: str, text: str) -> None:
        """Store typed text; a new code or unit count refills an automatic charge."""
        draft = self.lines[row]
        text = text.strip()
        if name in ("code", "pointers", "ndc_unit", "modifiers"):
            text = text.upper()
        setattr(draft, name, text)
        if name == "charge":
            draft.charge_auto = not text
        if name in ("code", "units", "modifiers", "charge") and draft.charge_auto:
            self._fill_charge(draft)

    def _fill_charge(self, draft: LineDraft) -> None:
        modifiers = split_modifiers(draft.modifiers)
        fee = self.fee_for(draft.code, modifiers[0] if modifiers else "")
        if fee is None and modifiers:
            fee = self.fee_for(draft.code, "")
        try:
            units = _decimal(draft.units)
        except ValueError:
            units = Decimal(1)
        draft.charge = "" if fee is None else f"{(fee * units).quantize(Decimal('0.01')):.2f}"
        draft.charge_auto = True

    # building -----------------------------------------------------------------------------
    def _checked_lines(self) -> tuple[list[ServiceLine], list[int], list[Finding]]:
        built: list[ServiceLine] = []
        origin: list[int] = []
        problems: list[Finding] = []
        for row, draft in enumerate(self.lines):
            try:
                values = line_values(draft, len(built) + 1)
                built.append(build(ServiceLine, values, f"Line {row + 1}"))
                origin.append(row)
            except ValueError as exc:
                name, _, message = str(exc).partition(": ")
                problems.append(_input_finding(row, name, message))
            except ValidationFailed as exc:
                problems.extend(_input_finding(row, _field_of(p.field), p.message)
                                for p in exc.problems)
        return built, origin, problems

    def build(self) -> tuple[Encounter, list[int], list[Finding]]:
        """The encounter for the live checks (lines that parse), their rows, input problems."""
        lines, origin, problems = self._checked_lines()
        enc = self.encounter.model_copy(update={"diagnoses": tuple(self.diagnoses),
                                                "lines": tuple(lines)})
        return enc, origin, problems

    def save_data(self) -> dict[str, Any]:
        """The dict for ``encounters.save``.

        Raises:
            ValidationFailed: a line does not parse (the problems are also shown inline).
        """
        enc, _origin, problems = self.build()
        if problems:
            self.set_findings(problems + [f for f in self.findings if f.rule_id != INPUT_RULE])
            raise ValidationFailed([], f"{len(problems)} entry problem(s) must be corrected "
                                   "before saving: " + problems[0].message)
        return enc.model_dump()

    # findings -----------------------------------------------------------------------------
    def set_findings(self, findings: list[Finding], origin: list[int] | None = None) -> None:
        """Store findings, translating line indexes of the checked encounter to rows."""
        placed = []
        for finding in findings:
            place = parse_location(finding.location)
            if origin is not None and place.kind == "line" and place.row is not None \
                    and finding.rule_id != INPUT_RULE and place.row < len(origin):
                row = origin[place.row]
                rest = f".{place.column}" if place.column else ""
                finding = finding.model_copy(update={"location": f"lines[{row}]{rest}"})
            placed.append(finding)
        self.findings = sorted(placed, key=lambda f: (SEVERITY_ORDER[f.severity], f.location))

    def dx_findings(self, index: int) -> list[Finding]:
        return [f for f in self.findings if parse_location(f.location) == Place("dx", index)]

    def cell_findings(self, row: int, column: str) -> list[Finding]:
        """Findings of one line cell (a finding on the whole line marks its code cell)."""
        out = []
        for finding in self.findings:
            place = parse_location(finding.location)
            if place.kind == "line" and place.row == row and (
                    place.column == column or (place.column is None and column == "code")):
                out.append(finding)
        return out

    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.ERROR]

    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.WARNING]
