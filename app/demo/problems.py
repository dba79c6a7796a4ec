"""A few deliberate mistakes on draft claims, so the scrubber has something to show.

Each one is what a busy office really gets wrong: a category coded instead of a billable code,
a pointer to an empty diagnosis letter, an X-modifier on an E/M, fractional units.
"""

from __future__ import annotations

from decimal import Decimal

from app.domain.document import PracticeDocument
from app.domain.encounters import Encounter

EM_PREFIX = "992"


def _category_instead_of_code(enc: Encounter) -> Encounter:
    dx = (enc.diagnoses[0].split(".")[0],) + enc.diagnoses[1:]
    return enc.model_copy(update={"diagnoses": tuple(dict.fromkeys(dx))})


def _pointer_to_empty_letter(enc: Encounter) -> Encounter:
    line = enc.lines[0]
    pointer = min(len(enc.diagnoses) + 1, 12)
    return enc.model_copy(update={"lines": (line.model_copy(update={"pointers": (pointer,)}),)
                                  + enc.lines[1:]})


def _x_modifier_on_em(enc: Encounter) -> Encounter:
    lines = tuple(line.model_copy(update={"modifiers": ("XS",)})
                  if line.code.startswith(EM_PREFIX) and not line.modifiers else line
                  for line in enc.lines)
    return enc.model_copy(update={"lines": lines})


def _fractional_units(enc: Encounter) -> Encounter:
    line = enc.lines[-1]
    return enc.model_copy(update={"lines": enc.lines[:-1] + (
        line.model_copy(update={"units": Decimal("1.5")}),)})


MISTAKES = (_category_instead_of_code, _pointer_to_empty_letter, _x_modifier_on_em,
            _fractional_units)


def seed_problems(doc: PracticeDocument) -> PracticeDocument:
    """Apply one mistake each to the first few draft claims' visits (deterministic)."""
    drafts = sorted({c.encounter_id for c in doc.claims if c.status == "draft"})
    targets = dict(zip(drafts, MISTAKES, strict=False))
    if not targets:
        return doc
    encounters = tuple(targets[e.id](e) if e.id in targets and e.lines and e.diagnoses else e
                       for e in doc.encounters)
    return doc.model_copy(update={"encounters": encounters})
