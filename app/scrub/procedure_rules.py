"""Live coding checks on the service lines: codes, modifiers, NCCI PTP pairs, MUE, E/M + 25.

These are coding-family rules: the coding panel runs them as the coder works, and the claim
scrubber runs the same rule objects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from app.domain.codes import PtpEdit
from app.domain.encounters import MAX_MODIFIERS
from app.domain.findings import Finding, Owner, Severity
from app.domain.practice import FilingIndicator
from app.scrub.code_kinds import (
    DISTINCT_SERVICE,
    REPEAT,
    is_cpt,
    is_drug,
    is_em,
    is_hcpcs,
    is_procedure,
)
from app.scrub.context import ScrubInput
from app.scrub.declarations import Family, finding, rule

C, E, W = Family.CODING, Severity.ERROR, Severity.WARNING
RULE_SOURCE = "CMS-1500/837P rule"


def _mods(inp: ScrubInput) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    for index, line in enumerate(inp.encounter.lines):
        yield index, line.code, line.modifiers


@rule("CODE-014", C, Owner.CODING, E, "HCPCS code unknown or not valid on the date")
def hcpcs_validity(inp: ScrubInput) -> Iterator[Finding]:
    """A HCPCS Level II code must exist and be active on the date of service."""
    dos = inp.encounter.date_of_service
    for index, line in enumerate(inp.encounter.lines):
        if not is_hcpcs(line.code):
            continue
        detail = inp.facts.hcpcs(line.code)
        loc = f"lines[{index}].code"
        if detail is None:
            yield finding("CODE-014", f"{line.code} (line {index + 1}) is not a known HCPCS code.",
                          hint="Check the code; import the current HCPCS file if it is new.",
                          location=loc, source="HCPCS")
            continue
        source = f"HCPCS {detail.extra.get('release', '')}".strip()
        if detail.valid_from and dos < detail.valid_from:
            yield finding("CODE-014", f"{line.code} (line {index + 1}) takes effect on "
                          f"{detail.valid_from:%m/%d/%Y}, after the date of service.",
                          hint="Use the code valid on the date of service.", location=loc,
                          source=source)
        elif detail.valid_to and dos > detail.valid_to:
            yield finding("CODE-014", f"{line.code} (line {index + 1}) was discontinued on "
                          f"{detail.valid_to:%m/%d/%Y}.",
                          hint="Use its replacement code.", location=loc, source=source)


@rule("CODE-015", C, Owner.CHARGE_ENTRY, W, "CPT code not on the fee schedule")
def cpt_not_on_fee_schedule(inp: ScrubInput) -> Iterator[Finding]:
    """CPT codes are checked against the practice's fee schedule (no licensed CPT list).

    Skipped when no fee schedule was given.
    """
    if not inp.fee_codes:
        return
    for index, line in enumerate(inp.encounter.lines):
        if is_cpt(line.code) and line.code not in inp.fee_codes:
            yield finding(
                "CODE-015", f"{line.code} (line {index + 1}) is not on the practice's fee "
                "schedule.", hint="Check the code, or add it with its price to the fee schedule.",
                location=f"lines[{index}].code", source="Practice fee schedule")


@rule("CODE-016", C, Owner.CODING, E, "Unknown modifier")
def unknown_modifier(inp: ScrubInput) -> Iterator[Finding]:
    """Modifiers must be on the curated CPT/HCPCS modifier list."""
    known = inp.facts.known_modifiers()
    if not known:
        return
    for index, code, mods in _mods(inp):
        for mod in mods:
            if mod not in known:
                yield finding("CODE-016", f"Modifier {mod} on line {index + 1} ({code}) is not "
                              "a known modifier.", hint="Check the modifier list.",
                              location=f"lines[{index}].modifiers", source="Modifier list")


@rule("CODE-017", C, Owner.CODING, E, "Modifier repeated on a line")
def duplicate_modifier(inp: ScrubInput) -> Iterator[Finding]:
    """A modifier may appear once per line."""
    for index, code, mods in _mods(inp):
        for mod, count in Counter(mods).items():
            if count > 1:
                yield finding("CODE-017", f"Modifier {mod} appears {count} times on line "
                              f"{index + 1} ({code}).", hint="Remove the repeated modifier.",
                              location=f"lines[{index}].modifiers", source=RULE_SOURCE)


@rule("CODE-018", C, Owner.CODING, E, "More than 4 modifiers")
def too_many_modifiers(inp: ScrubInput) -> Iterator[Finding]:
    """A claim line carries at most four modifiers."""
    for index, code, mods in _mods(inp):
        if len(mods) > MAX_MODIFIERS:
            yield finding("CODE-018", f"Line {index + 1} ({code}) has {len(mods)} modifiers; "
                          f"a line takes at most {MAX_MODIFIERS}.",
                          hint="Keep the payment-affecting modifiers first and drop the rest.",
                          location=f"lines[{index}].modifiers", source=RULE_SOURCE)


@rule("CODE-019", C, Owner.CODING, E, "59/X modifier on an E/M code")
def distinct_on_em(inp: ScrubInput) -> Iterator[Finding]:
    """Modifier 59 and XE/XP/XS/XU are never used on E/M codes (use 25 or 57)."""
    for index, code, mods in _mods(inp):
        wrong = [m for m in mods if m in DISTINCT_SERVICE]
        if wrong and is_em(code):
            yield finding("CODE-019", f"{'/'.join(wrong)} is on the E/M code {code} "
                          f"(line {index + 1}); 59 and X-modifiers do not apply to E/M.",
                          hint="Use 25 on the E/M, and put 59/X on the procedure if needed.",
                          location=f"lines[{index}].modifiers", source="NCCI policy manual")


@rule("CODE-020", C, Owner.CODING, E, "Modifier 25 on a non-E/M code")
def modifier25_not_em(inp: ScrubInput) -> Iterator[Finding]:
    """Modifier 25 belongs on the E/M code only."""
    for index, code, mods in _mods(inp):
        if "25" in mods and not is_em(code):
            yield finding("CODE-020", f"Modifier 25 is on {code} (line {index + 1}), which is "
                          "not an E/M code.", hint="Move 25 to the E/M line.",
                          location=f"lines[{index}].modifiers", source="NCCI policy manual")


def _same_day_procedures(inp: ScrubInput) -> list[str]:
    own = [line.code for line in inp.encounter.lines if is_procedure(line.code)]
    other = [s.code for s in inp.same_day if is_procedure(s.code)
             and s.rendering_provider_id == inp.encounter.rendering_provider_id]
    return own + other


@rule("CODE-021", C, Owner.CODING, W, "E/M with a procedure needs modifier 25")
def em_without_25(inp: ScrubInput) -> Iterator[Finding]:
    """An E/M billed with a procedure on the same day needs 25 (or 57) on the E/M."""
    procedures = _same_day_procedures(inp)
    if not procedures:
        return
    for index, code, mods in _mods(inp):
        if is_em(code) and not {"25", "57"} & set(mods):
            yield finding(
                "CODE-021", f"{code} (line {index + 1}) is billed with the procedure "
                f"{', '.join(sorted(set(procedures)))} on the same day without modifier 25.",
                hint="Add 25 to the E/M if a significant, separately identifiable E/M is "
                     "documented; otherwise remove the E/M.",
                location=f"lines[{index}].modifiers", source="NCCI policy manual")


@dataclass(frozen=True)
class _Svc:
    code: str
    modifiers: tuple[str, ...]
    index: int | None  # line index in this visit; None for another visit's line
    visit: int | None = None

    def name(self) -> str:
        if self.index is not None:
            return f"{self.code} (line {self.index + 1})"
        return f"{self.code} (visit {self.visit})"


def _ptp_candidates(inp: ScrubInput) -> Iterator[tuple[_Svc, _Svc]]:
    own = [_Svc(line.code, line.modifiers, i) for i, line in enumerate(inp.encounter.lines)]
    for i, a in enumerate(own):
        for b in own[i + 1:]:
            yield a, b
    enc = inp.encounter
    for s in inp.same_day:
        if s.rendering_provider_id != enc.rendering_provider_id or (
                enc.id is not None and s.encounter_id == enc.id):
            continue
        for a in own:
            yield a, _Svc(s.code, s.modifiers, None, s.encounter_id)


def _bypassed(inp: ScrubInput, col2: _Svc) -> bool:
    usable = inp.facts.bypass_modifiers() - REPEAT
    if is_em(col2.code):
        usable = usable - DISTINCT_SERVICE
    return bool(usable & set(col2.modifiers))


def _ptp_finding(inp: ScrubInput, edit: PtpEdit, col1: _Svc, col2: _Svc) -> Finding:
    ours = col2 if col2.index is not None else col1
    source = edit.version if "NCCI" in edit.version.upper() else f"NCCI {edit.version}"
    pair = f"{col1.name()} and {col2.name()} are an NCCI pair ({edit.column1}/{edit.column2}"
    if edit.modifier_indicator == 0:
        return finding("CODE-022", f"{pair}, modifier indicator 0) on the same day.",
                       hint="Remove one of the codes; no modifier bypasses this edit.",
                       location=f"lines[{ours.index}].code", source=source)
    where = "" if col2.index is not None else f" on visit {col2.visit}'s line"
    if is_em(col2.code):
        fix = f"Add 25 to {col2.code}{where} if a significant, separately identifiable E/M " \
              "is documented."
    else:
        fix = f"Add 59/XS/XE/XU (or an anatomic modifier such as RT/LT) to {col2.code}{where} " \
              "if a separate site/session is documented."
    if set(col1.modifiers) & inp.facts.bypass_modifiers() - REPEAT:
        fix += f" The modifier belongs on the column-2 code {col2.code}, not on {col1.code}."
    return finding("CODE-022", f"{pair}): {col2.code} is denied without a bypass modifier.",
                   hint=fix, location=f"lines[{ours.index}].modifiers", source=source)


@rule("CODE-022", C, Owner.CODING, E, "NCCI PTP pair without bypass")
def ncci_ptp(inp: ScrubInput) -> Iterator[Finding]:
    """Same-day NCCI PTP pairs need an allowed bypass modifier on the column-2 code.

    Pairs are looked for within the visit and against the patient's other visits that day
    with the same rendering provider.
    """
    dos = inp.encounter.date_of_service
    for a, b in _ptp_candidates(inp):
        if a.code == b.code:
            continue
        edit = inp.facts.ptp(a.code, b.code, dos)
        if edit is None or edit.modifier_indicator not in (0, 1) or (
                edit.deletion is not None and edit.deletion < dos):
            continue
        col2 = a if a.code == edit.column2 else b
        col1 = b if col2 is a else a
        if edit.modifier_indicator == 1 and _bypassed(inp, col2):
            continue
        yield _ptp_finding(inp, edit, col1, col2)


def _mue_hint(max_units: int, mai: int) -> str:
    kinds = {1: "MAI 1, per line: bill medically necessary extra units on another line with "
                "76/77/91/RT/LT",
             2: "MAI 2, per date of service, absolute policy limit: reduce the units",
             3: "MAI 3, per date of service, clinical limit: reduce the units or keep the "
                "documentation for an appeal"}
    return f"The MUE is {max_units} unit(s) ({kinds.get(mai, f'MAI {mai}')})."


@rule("CODE-023", C, Owner.CODING, W, "Units over the MUE")
def mue(inp: ScrubInput) -> Iterator[Finding]:
    """Units above the medically unlikely edit: per line (MAI 1) or per date (MAI 2 and 3)."""
    dos = inp.encounter.date_of_service
    by_code: dict[str, list[int]] = {}
    for index, line in enumerate(inp.encounter.lines):
        by_code.setdefault(line.code, []).append(index)
    for code, indexes in by_code.items():
        limit = inp.facts.mue(code, dos)
        if limit is None:
            continue
        units = [inp.encounter.lines[i].units for i in indexes]
        source = limit.version if "MUE" in limit.version.upper() else f"MUE {limit.version}"
        checks = list(zip(indexes, units, strict=True)) if limit.adjudication == 1 \
            else [(indexes[0], sum(units, Decimal(0)))]
        for index, total in checks:
            if total > limit.max_units:
                scope = "on the line" if limit.adjudication == 1 else "for the date of service"
                yield finding(
                    "CODE-023", f"{code} has {total} units {scope}; the MUE allows "
                    f"{limit.max_units}.", hint=_mue_hint(limit.max_units, limit.adjudication),
                    location=f"lines[{index}].units", source=source,
                    severity=Severity.ERROR if limit.adjudication == 2 else None)


@rule("CODE-024", C, Owner.CHARGE_ENTRY, W, "Drug line without NDC")
def drug_without_ndc(inp: ScrubInput) -> Iterator[Finding]:
    """Drug codes (J-codes) carry the NDC; Medicaid requires it (error there)."""
    medicaid = inp.payer is not None and inp.payer.filing_indicator == FilingIndicator.MEDICAID
    for index, line in enumerate(inp.encounter.lines):
        if is_drug(line.code) and not line.ndc:
            yield finding(
                "CODE-024", f"{line.code} (line {index + 1}) is a drug code without an NDC.",
                hint="Enter the 11-digit NDC, its unit (UN, ML, GR, F2, ME) and quantity from "
                     "the vial.", location=f"lines[{index}].ndc", source=RULE_SOURCE,
                severity=Severity.ERROR if medicaid else None)
