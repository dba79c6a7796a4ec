"""Build the scrubber's ``ScrubInput`` from stored records (shared by coding and billing)."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.domain.claims import Claim
from app.domain.encounters import Encounter
from app.scrub.context import CodeFacts, SameDayLine, ScrubInput
from app.store import fees as fee_store
from app.store.claims.bundles import EncounterBundle
from app.store.claims.related import duplicate_claims, same_day_lines


def fee_codes(session: Any, on: date | None = None) -> frozenset[str]:
    """Codes on the practice's fee schedule (what CPT codes the practice bills)."""
    return frozenset(e.code for e in fee_store.fee_schedule(session, on))


def coding_input(session: Any, bundle: EncounterBundle, facts: CodeFacts, *,
                 encounter: Encounter | None = None, today: date | None = None,
                 codes_on_schedule: frozenset[str] | None = None) -> ScrubInput:
    """Input for the live coding checks (``encounter`` may be an unsaved edit)."""
    enc = encounter or bundle.encounter
    others = same_day_lines(session, enc.patient_id, enc.date_of_service, enc.id)
    return ScrubInput(
        encounter=enc, patient=bundle.patient, facts=facts, today=today or date.today(),
        fee_codes=codes_on_schedule if codes_on_schedule is not None else fee_codes(session),
        same_day=tuple(SameDayLine(encounter_id=eid, code=code, modifiers=mods,
                                   rendering_provider_id=prov)
                       for eid, code, mods, prov in others),
        providers=bundle.providers, policies=tuple(bundle.policies),
        eligibility=tuple(bundle.eligibility), prior_auths=tuple(bundle.prior_auths),
        practice=bundle.practice)


def claim_input(session: Any, bundle: EncounterBundle, claim: Claim, facts: CodeFacts, *,
                today: date | None = None,
                codes_on_schedule: frozenset[str] | None = None) -> ScrubInput:
    """Input for scrubbing a claim: the coding input plus policy, payer and claim."""
    base = coding_input(session, bundle, facts, today=today,
                        codes_on_schedule=codes_on_schedule)
    policy = next((p for p in bundle.policies if p.id == claim.policy_id), None)
    return ScrubInput(**{
        **base.__dict__, "claim": claim, "policy": policy,
        "payer": bundle.payers.get(claim.payer_id),
        "duplicate_claims": tuple(duplicate_claims(session, claim)),
        "first_submitted_on": claim.submitted_on})
