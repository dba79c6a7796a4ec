"""A few deliberate mistakes on draft claims, so the scrubber has something to show.

Each one is what a busy office really gets wrong: a category coded instead of a billable code,
a pointer to an empty diagnosis letter, an X-modifier on an E/M, fractional units.
"""

from __future__ import annotations

from decimal import Decimal

from app.domain.claims import Claim, FrequencyCode
from app.domain.document import PracticeDocument
from app.domain.encounters import Encounter

EM_PREFIX = "992"


def _category_instead_of_code(enc: Encounter) -> Encounter:
    dotted = next((i for i, code in enumerate(enc.diagnoses) if "." in code), None)
    if dotted is None:
        return enc.model_copy(update={"diagnoses": ("E11",) + enc.diagnoses[1:]})
    dx = list(enc.diagnoses)
    dx[dotted] = dx[dotted].split(".")[0]
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


def seeded_visits(doc: PracticeDocument) -> list[int]:
    """The visits that get a mistake: the first primary draft claims alone on their visit."""
    claims_per_visit: dict[int, int] = {}
    for c in doc.claims:
        claims_per_visit[c.encounter_id] = claims_per_visit.get(c.encounter_id, 0) + 1
    drafts = sorted({c.encounter_id for c in doc.claims if c.status == "draft"
                     and c.responsibility == "P" and claims_per_visit[c.encounter_id] == 1})
    return drafts[:len(MISTAKES) + len(CLAIM_MISTAKES)]


def _replacement_without_reference(claim: Claim, doc: PracticeDocument) -> Claim:
    return claim.model_copy(update={"frequency_code": FrequencyCode.REPLACEMENT,
                                    "payer_claim_number": "",
                                    "status_note": "Corrected claim: payer number missing"})


def _billed_to_self_pay(claim: Claim, doc: PracticeDocument) -> Claim:
    self_pay = next((p for p in doc.payers if p.is_self_pay), None)
    return claim if self_pay is None else claim.model_copy(update={"payer_id": self_pay.id})


#: Claim-level mistakes (claim integrity, billing setup families) on the next drafts.
CLAIM_MISTAKES = (_replacement_without_reference, _billed_to_self_pay)


def seed_problems(doc: PracticeDocument) -> PracticeDocument:
    """Apply one mistake each to the first few draft claims or their visits (deterministic)."""
    visits = seeded_visits(doc)
    targets = dict(zip(visits, MISTAKES, strict=False))
    claim_targets = dict(zip(visits[len(MISTAKES):], CLAIM_MISTAKES, strict=False))
    if not targets:
        return doc
    encounters = tuple(targets[e.id](e) if e.id in targets and e.lines and e.diagnoses else e
                       for e in doc.encounters)
    claims = tuple(claim_targets[c.encounter_id](c, doc) if c.encounter_id in claim_targets
                   else c for c in doc.claims)
    return doc.model_copy(update={"encounters": encounters, "claims": claims})
