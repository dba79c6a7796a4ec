"""Live coding checks on the diagnoses: validity, 7th character, conventions, sex and age.

These run in the coding panel as the coder types and again in the claim scrubber.
"""

from __future__ import annotations

from collections.abc import Iterator

from app.domain.codes import CodeDetail
from app.domain.encounters import DX_LETTERS
from app.domain.findings import Finding, Owner, Severity
from app.domain.patients import Sex
from app.scrub.context import ScrubInput
from app.scrub.declarations import Family, finding, rule
from app.scrub.icd_tables import (
    age_limits,
    bare,
    code_refs,
    note_mentions,
    required_sex,
    strip_tag,
)
from app.scrub.vocabulary import more_specific

C, E, W, H = Family.CODING, Severity.ERROR, Severity.WARNING, Severity.HINT


def _dx(inp: ScrubInput) -> Iterator[tuple[int, str, CodeDetail | None]]:
    for index, code in enumerate(inp.encounter.diagnoses):
        yield index, code, inp.facts.icd(code)


def _loc(index: int) -> str:
    return f"diagnoses[{index}]"


def _needs_seventh(code: str, detail: CodeDetail) -> bool:
    """The code lacks only its 7th character (its children, if any, are the extensions)."""
    return bool(detail.seventh) and len(bare(code)) < 7 and all(
        len(bare(child)) == 7 for child, _ in detail.children)


@rule("CODE-001", C, Owner.CODING, E, "Unknown diagnosis code")
def unknown_icd(inp: ScrubInput) -> Iterator[Finding]:
    """A diagnosis must be an ICD-10-CM code of the release in use."""
    for index, code, detail in _dx(inp):
        if detail is None:
            verdict = inp.facts.validity(code, inp.encounter.date_of_service)
            hint = (f"Did you mean {verdict.suggestion}?" if verdict.suggestion
                    else "Search the code by its description and pick a listed code.")
            yield finding("CODE-001", f"{code} is not an ICD-10-CM code.", hint=hint,
                          location=_loc(index), source=inp.facts.icd_release())


@rule("CODE-002", C, Owner.CODING, E, "Diagnosis not billable")
def not_billable(inp: ScrubInput) -> Iterator[Finding]:
    """Only the most specific codes (no children) may be billed; categories may not."""
    for index, code, detail in _dx(inp):
        if detail is None or detail.billable or _needs_seventh(code, detail):
            continue
        examples = ", ".join(child for child, _ in detail.children[:4])
        more = f" (e.g. {examples})" if examples else ""
        count = detail.billable_children
        yield finding(
            "CODE-002", f"{code} is a {detail.kind or 'heading'}, not a billable code.",
            hint=f"Choose one of its {count} billable code{'' if count == 1 else 's'}{more}.",
            location=_loc(index), source=inp.facts.icd_release())


def seventh_suggestion(code: str, detail: CodeDetail) -> str:
    """The code padded with placeholder X to six characters plus the first 7th character."""
    key = bare(code).ljust(6, "X") + detail.seventh[0].char
    return f"{key[:3]}.{key[3:]}"


@rule("CODE-003", C, Owner.CODING, E, "Missing 7th character")
def missing_seventh(inp: ScrubInput) -> Iterator[Finding]:
    """Codes of categories with a 7th-character table need it (and placeholder X to pad)."""
    for index, code, detail in _dx(inp):
        if detail is None or not _needs_seventh(code, detail):
            continue
        allowed = ", ".join(f"{s.char} ({s.meaning})" for s in detail.seventh)
        padding = " Pad with placeholder X to six characters first." \
            if len(bare(code)) < 6 else ""
        yield finding(
            "CODE-003", f"{code} needs a 7th character (table of {detail.seventh_from or code}).",
            hint=f"Allowed: {allowed}.{padding} For example {code} -> "
                 f"{seventh_suggestion(code, detail)}.",
            location=_loc(index), source=inp.facts.icd_release())


@rule("CODE-004", C, Owner.CODING, E, "Diagnosis not valid on the date of service")
def icd_not_valid_on_dos(inp: ScrubInput) -> Iterator[Finding]:
    """A billable code must be valid on the date of service (no grace period)."""
    dos = inp.encounter.date_of_service
    for index, code, detail in _dx(inp):
        if detail is None or not detail.billable:
            continue
        verdict = inp.facts.validity(code, dos)
        if not verdict.ok:
            hint = f"Use {verdict.suggestion}." if verdict.suggestion else \
                f"Pick the code valid on {dos:%m/%d/%Y}."
            yield finding("CODE-004", f"{code} is not valid on {dos:%m/%d/%Y}: {verdict.message}",
                          hint=hint, location=_loc(index), source=inp.facts.icd_release())


@rule("CODE-005", C, Owner.CODING, E, "Diagnosis listed twice")
def duplicate_dx(inp: ScrubInput) -> Iterator[Finding]:
    """The same diagnosis code may appear only once."""
    seen: dict[str, int] = {}
    for index, code in enumerate(inp.encounter.diagnoses):
        key = bare(code)
        if key in seen:
            yield finding("CODE-005", f"{code} is listed twice (also {DX_LETTERS[seen[key]]}).",
                          hint="Remove the repeated diagnosis and re-point the lines.",
                          location=_loc(index), source=inp.facts.icd_release())
        seen.setdefault(key, index)


def excludes1_text(notes: tuple[str, ...], code: str, other: str) -> str:
    """The Excludes1 text of ``code`` that names ``other`` (not ``code`` itself), or ``""``."""
    for text in notes:
        refs = code_refs(text)
        if any(r.matches(other) for r in refs) and not any(r.matches(code) for r in refs):
            return note_mentions((text,), other)
    return ""


@rule("CODE-006", C, Owner.CODING, W, "Excludes1 conflict")
def excludes1(inp: ScrubInput) -> Iterator[Finding]:
    """Two diagnoses where one's Excludes1 note names the other are not coded together."""
    dxs = list(_dx(inp))
    reported: set[frozenset[int]] = set()
    for i, code, detail in dxs:
        notes = detail.notes.get("excludes1", ()) if detail else ()
        for j, other, _ in dxs:
            pair = frozenset((i, j))
            text = excludes1_text(notes, code, other) if notes and i != j else ""
            if text and pair not in reported:
                reported.add(pair)
                yield finding(
                    "CODE-006", f"{code} and {other} are not coded together: {code} has "
                    f"Excludes1 \u201c{text}\u201d.",
                    hint="Keep the code that matches the documentation; if the two conditions "
                         "are unrelated, accept the warning with that reason.",
                    location=_loc(max(i, j)), source=inp.facts.icd_release())


def _is_manifestation(detail: CodeDetail) -> bool:
    """Whether the code is a manifestation that may never be first-listed.

    Titles "... in diseases classified elsewhere" and "code first the underlying condition"
    notes; "code first any associated ..." notes (CKD, pressure ulcers) only order codes.
    """
    if "in diseases classified elsewhere" in detail.description.lower():
        return True
    return any(strip_tag(text).lower().removeprefix("the ").startswith("underlying")
               for text in detail.notes.get("code_first", ()))


def _first_refs(detail: CodeDetail) -> list[str]:
    return [str(ref) for text in detail.notes.get("code_first", ()) for ref in code_refs(text)]


@rule("CODE-007", C, Owner.CODING, E, "Manifestation code listed first")
def manifestation_first(inp: ScrubInput) -> Iterator[Finding]:
    """A manifestation code ("code first" the underlying condition) may not be first-listed."""
    if not inp.encounter.diagnoses:
        return
    code = inp.encounter.diagnoses[0]
    detail = inp.facts.icd(code)
    if detail is None or not _is_manifestation(detail):
        return
    refs = _first_refs(detail)
    examples = f" (for example {', '.join(refs[:4])})" if refs else ""
    yield finding("CODE-007", f"{code} is a manifestation code and cannot be listed first.",
                  hint=f"Code the underlying condition first{examples}, then {code}.",
                  location=_loc(0), source=inp.facts.icd_release())


@rule("CODE-025", C, Owner.CODING, W, "Code-first condition listed after")
def code_first_order(inp: ScrubInput) -> Iterator[Finding]:
    """A diagnosis whose "code first" note names another diagnosis on the visit comes after it.

    (A manifestation in first position is CODE-007's finding instead.)
    """
    dxs = list(_dx(inp))
    for i, code, detail in dxs:
        notes = detail.notes.get("code_first", ()) if detail else ()
        if not notes or (i == 0 and detail is not None and _is_manifestation(detail)):
            continue
        later = [other for j, other, _ in dxs if j > i and note_mentions(notes, other)]
        if later:
            yield finding(
                "CODE-025", f"{code} says to code {', '.join(later)} first, but it is listed "
                "before it.", hint=f"Move {', '.join(later)} above {code}.",
                location=_loc(i), source=inp.facts.icd_release())


@rule("CODE-008", C, Owner.CODING, E, "External cause code listed first")
def external_cause_first(inp: ScrubInput) -> Iterator[Finding]:
    """External cause codes (V00-Y99) are never the first-listed diagnosis."""
    dxs = inp.encounter.diagnoses
    if dxs and dxs[0][:1] in "VWXY":
        yield finding("CODE-008", f"{dxs[0]} is an external cause code and cannot be first.",
                      hint="List the injury or condition first; the external cause code "
                           "follows it.", location=_loc(0), source=inp.facts.icd_release())


@rule("CODE-009", C, Owner.CODING, W, "Diagnosis conflicts with the patient's sex")
def sex_conflict(inp: ScrubInput) -> Iterator[Finding]:
    """Codes valid for one sex only (pregnancy, prostate, female genital...)."""
    sex = inp.patient.sex
    if sex == Sex.UNKNOWN:
        return
    for index, code in enumerate(inp.encounter.diagnoses):
        need = required_sex(code)
        if need and need[0] != sex.value:
            word = "female" if need[0] == "F" else "male"
            yield finding(
                "CODE-009", f"{code} ({need[1]}) is a {word}-only code; the patient is "
                f"recorded as {'female' if sex == Sex.FEMALE else 'male'}.",
                hint="Check the code and the patient's sex on the registration.",
                location=_loc(index), source="MCE sex edits")


@rule("CODE-010", C, Owner.CODING, W, "Diagnosis conflicts with the patient's age")
def age_conflict(inp: ScrubInput) -> Iterator[Finding]:
    """Newborn, pediatric, adult and maternity codes against the age on the date of service."""
    age = inp.patient.age_on(inp.encounter.date_of_service)
    for index, code in enumerate(inp.encounter.diagnoses):
        limits = age_limits(code)
        if limits is None or limits[0] <= age <= limits[1]:
            continue
        low, high, what = limits
        span = f"age {low}" if low == high else f"ages {low}-{high}"
        yield finding(
            "CODE-010", f"{code} is {what} ({span}); the patient is {age} on the date of "
            "service.", hint="Check the code (or the birth date on the registration).",
            location=_loc(index), source="MCE age edits")


@rule("CODE-011", C, Owner.CODING, H, "More specific code documented")
def more_specific_code(inp: ScrubInput) -> Iterator[Finding]:
    """An unspecified code where the documentation names what a sibling code specifies."""
    doc = inp.encounter.documentation
    if not doc.strip():
        return
    for index, code, detail in _dx(inp):
        if detail is None or "unspecified" not in detail.description.lower() \
                or not detail.parents:
            continue
        parent = inp.facts.icd(detail.parents[-1][0])
        siblings = tuple(c for c in (parent.children if parent else ()) if c[0] != code)
        better = more_specific(doc, detail.description, siblings)
        if better:
            yield finding(
                "CODE-011", f"{code} is unspecified, but the documentation is more specific.",
                hint=f"Consider {' or '.join(better)}.", location=_loc(index),
                source=inp.facts.icd_release())


@rule("CODE-012", C, Owner.CODING, E, "No diagnoses")
def no_diagnoses(inp: ScrubInput) -> Iterator[Finding]:
    """A visit needs at least one diagnosis."""
    if not inp.encounter.diagnoses:
        yield finding("CODE-012", "The visit has no diagnosis codes.",
                      hint="Add the diagnoses documented for the visit.", location="diagnoses",
                      source="CMS-1500/837P rule")


@rule("CODE-013", C, Owner.CODING, E, "Line without a valid diagnosis pointer")
def pointers(inp: ScrubInput) -> Iterator[Finding]:
    """Every line points at 1-4 diagnoses that exist."""
    count = len(inp.encounter.diagnoses)
    if not count:
        return  # CODE-012 already says it
    for index, line in enumerate(inp.encounter.lines):
        loc = f"lines[{index}].pointers"
        if not line.pointers:
            yield finding("CODE-013", f"Line {index + 1} ({line.code}) points at no diagnosis.",
                          hint="Point the line at the diagnosis it treats (A first).",
                          location=loc, source="CMS-1500/837P rule")
        empty = [DX_LETTERS[p - 1] if 0 < p <= len(DX_LETTERS) else str(p)
                 for p in line.pointers if not 0 < p <= count]
        if empty:
            yield finding(
                "CODE-013", f"Line {index + 1} ({line.code}) points at {', '.join(empty)}, "
                f"but only {count} diagnosis code(s) are listed.",
                hint="Re-point the line at a listed diagnosis.", location=loc,
                source="CMS-1500/837P rule")
