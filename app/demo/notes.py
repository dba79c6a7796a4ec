"""Visit-note text: per-visit numbers (vitals, A1c, scores) and rendering of templates."""

from __future__ import annotations

import random
import re
from datetime import date

from app.demo.visit_types import VisitTemplate
from app.domain.patients import Sex

_ALTERNATIVES = re.compile(r"\[\[([^\[\]]*)\]\]")

GENERIC_QUERIES = (
    "Please document total time or the medical decision making to support the visit level.",
    "Assessment lists symptoms only; please confirm the final diagnosis for this visit.",
    "Please clarify whether the condition is acute or chronic.",
)

#: Coding corrections sent back after a payer answer (coding note, claim status note).
CORRECTIONS_ANY = (
    "Denied CO-11: diagnosis inconsistent with procedure. Review dx codes and pointers.",
    "Denied CO-167: diagnosis not covered. Confirm the most specific diagnosis.",
    "Rejected A7:254 invalid diagnosis code for the date of service. Recode.",
)
CORRECTION_BUNDLED = (
    "Denied CO-97: service included in another service (NCCI). Check modifiers."
)
CORRECTION_MODIFIER = (
    "Denied CO-4: procedure inconsistent with the modifier used; review modifier 25 on "
    "the E/M."
)


def _sexword(age: int, sex: Sex) -> str:
    if sex == Sex.UNKNOWN:
        return "child" if age < 18 else "patient"
    if age < 18:
        return "girl" if sex == Sex.FEMALE else "boy"
    return "woman" if sex == Sex.FEMALE else "man"


def _weight(rng: random.Random, age: int) -> int:
    if age < 12:
        return 18 + age * 7 + rng.randrange(-5, 8)
    return rng.randrange(115, 245)


def context(rng: random.Random, age: int, sex: Sex, flags: tuple[str, ...]) -> dict[str, str]:
    """The numbers a note may quote, drawn for one visit."""
    fever = "fever" in flags
    temp = rng.randrange(1006, 1030) if fever else rng.randrange(975, 992)
    if "bp_high" in flags:
        bp = f"{rng.randrange(146, 172)}/{rng.randrange(88, 102)}"
    else:
        bp = f"{rng.randrange(108, 136)}/{rng.randrange(64, 86)}"
    spo2 = rng.randrange(89, 94) if "spo2_low" in flags else rng.randrange(96, 100)
    a1c = rng.randrange(78, 112)
    return {
        "age": str(age), "sexword": _sexword(age, sex), "days": str(rng.randrange(2, 9)),
        "temp": f"{temp // 10}.{temp % 10}", "bp": bp, "hr": str(rng.randrange(62, 104)),
        "rr": str(rng.randrange(14, 22)), "spo2": str(spo2), "weight": str(_weight(rng, age)),
        "a1c": f"{a1c // 10}.{a1c % 10}", "a1c_prev": f"{(a1c - 9) // 10}.{(a1c - 9) % 10}",
        "ldl": str(rng.randrange(96, 172)), "phq": str(rng.randrange(10, 15)),
        "gad": str(rng.randrange(11, 19)), "pain": str(rng.randrange(4, 9)),
        "pack_years": str(rng.randrange(20, 61)), "cigs": str(rng.randrange(8, 31)),
        "lot": f"{rng.choice('FKLU')}{rng.randrange(1000, 9999)}",
    }


def fill(rng: random.Random, text: str, values: dict[str, str]) -> str:
    """Pick one of each ``[[a|b]]`` alternative, then fill ``{placeholders}``."""
    picked = _ALTERNATIVES.sub(lambda m: rng.choice(m.group(1).split("|")), text)
    return picked.format_map(values)


def render(
    rng: random.Random, template: VisitTemplate, values: dict[str, str], signer: str, day: date
) -> str:
    """The full visit note: CC, HPI, vitals, exam, numbered assessment/plan, signature."""
    plan = "\n".join(
        f"{n}. {fill(rng, item, values)}" for n, item in enumerate(template.ap, 1)
    )
    vitals = "BP {bp}, HR {hr}, T {temp} F, RR {rr}, SpO2 {spo2}%, Wt {weight} lb".format_map(
        values
    )
    return (
        f"CHIEF COMPLAINT: {fill(rng, template.cc, values)}\n"
        f"HPI: {fill(rng, template.hpi, values)}\n"
        f"VITALS: {vitals}\n"
        f"EXAM: {fill(rng, template.exam, values)}\n"
        f"ASSESSMENT/PLAN:\n{plan}\n"
        f"Electronically signed by {signer} on {day.isoformat()}."
    )


def query_for(rng: random.Random, template: VisitTemplate, values: dict[str, str]) -> str:
    """A provider query a coder would send about this visit's note."""
    if template.query and rng.random() < 0.7:
        return "Provider query: " + template.query.format_map(values)
    return "Provider query: " + rng.choice(GENERIC_QUERIES)


def correction_for(rng: random.Random, line_count: int, has_modifier_25: bool) -> str:
    """A payer's reason, fitting the coded lines, for sending a visit back to coding."""
    choices = list(CORRECTIONS_ANY)
    if line_count > 1:
        choices.append(CORRECTION_BUNDLED)
    if has_modifier_25:
        choices.append(CORRECTION_MODIFIER)
    return rng.choice(choices)
