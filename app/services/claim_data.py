"""Assemble the ``ClaimData`` an 837P or a CMS-1500 is written from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from app.codesets.clia import clia_covered
from app.domain.claims import Claim
from app.domain.encounters import Encounter, ServiceLine
from app.domain.errors import UserError
from app.domain.ledger import Account, EntryKind, LedgerEntry
from app.domain.patients import Patient, Policy
from app.domain.practice import Payer, Practice, Provider
from app.domain.submission import (
    AttachmentData,
    BillingProviderData,
    CasAdjustment,
    ClaimData,
    ClaimLineData,
    LineAdjudication,
    OtherPayerData,
    PatientData,
    PayerData,
    PersonName,
    ProviderData,
    SubscriberData,
)
from app.store.claims.bundles import ClaimBundle, EncounterBundle, Loader
from app.store.database import Database
from app.store.remit_remarks import claim_remarks

S = TypeVar("S")
T = TypeVar("T")


def _memo(cache: dict[int, tuple[S, T]], source: S, make: Callable[[S], T]) -> T:
    hit = cache.get(id(source))
    if hit is None or hit[0] is not source:  # the entry keeps its source alive
        hit = cache[id(source)] = (source, make(source))
    return hit[1]


class SharedParts:
    """Submission records many claims of one batch share (built once per source record).

    Keyed by the source records' identity; each entry holds its sources, so an id is never
    reused for another record while the entry lives.
    """

    def __init__(self) -> None:
        self._billing: dict[int, tuple[Practice, BillingProviderData]] = {}
        self._payers: dict[int, tuple[Payer, PayerData]] = {}
        self._providers: dict[int, tuple[Provider, ProviderData | None]] = {}
        self._patients: dict[int, tuple[Patient, PatientData]] = {}
        self._subscribers: dict[tuple[int, int, str],
                                tuple[Policy, Patient, SubscriberData]] = {}

    def billing(self, p: Practice) -> BillingProviderData:
        """The billing provider built from the practice."""
        return _memo(self._billing, p, _billing)

    def payer(self, p: Payer) -> PayerData:
        """The payer's submission record."""
        return _memo(self._payers, p, _payer)

    def provider(self, p: Provider | None) -> ProviderData | None:
        """A rendering or referring provider's submission record."""
        return None if p is None else _memo(self._providers, p, _provider)

    def patient(self, p: Patient) -> PatientData:
        """The patient's submission record (a patient often has several claims in a batch)."""
        return _memo(self._patients, p, _patient)

    def subscriber(self, policy: Policy, patient: Patient, responsibility: str) -> SubscriberData:
        """The policy holder's submission record."""
        key = (id(policy), id(patient), responsibility)
        hit = self._subscribers.get(key)
        if hit is None or hit[0] is not policy or hit[1] is not patient:
            hit = self._subscribers[key] = (
                policy, patient, _subscriber(policy, patient, responsibility))
        return hit[2]


def _billing(p: Practice) -> BillingProviderData:
    return BillingProviderData(name=p.legal_name, npi=p.npi, ein=p.ein, taxonomy=p.taxonomy,
                               address=p.address, phone=p.phone,
                               pay_to_address=p.pay_to_address)


def _provider(p: Provider | None) -> ProviderData | None:
    if p is None:
        return None
    return ProviderData(name=PersonName(last=p.last_name, first=p.first_name,
                                        middle=p.middle_name),
                        npi=p.npi, taxonomy=p.taxonomy, credential=p.credential)


def _payer(p: Payer) -> PayerData:
    return PayerData(name=p.name, payer_id=p.payer_id, address=p.address,
                     filing_indicator=p.filing_indicator)


def _subscriber(policy: Policy, patient: Patient, responsibility: str) -> SubscriberData:
    sub = policy.subscriber
    if sub is None:
        name = PersonName(last=patient.last_name, first=patient.first_name,
                          middle=patient.middle_name, suffix=patient.suffix)
        return SubscriberData(name=name, member_id=policy.member_id,
                              group_number=policy.group_number, group_name=policy.group_name,
                              birth_date=patient.birth_date, sex=patient.sex,
                              address=patient.address, phone=patient.phone,
                              responsibility=responsibility,
                              insurance_type_code=policy.insurance_type_code)
    name = PersonName(last=sub.last_name, first=sub.first_name, middle=sub.middle_name,
                      suffix=sub.suffix)
    return SubscriberData(name=name, member_id=policy.member_id,
                          group_number=policy.group_number, group_name=policy.group_name,
                          birth_date=sub.birth_date, sex=sub.sex, address=sub.address,
                          phone=sub.phone, responsibility=responsibility,
                          insurance_type_code=policy.insurance_type_code)


def _patient(p: Patient) -> PatientData:
    return PatientData(name=PersonName(last=p.last_name, first=p.first_name,
                                       middle=p.middle_name, suffix=p.suffix),
                       birth_date=p.birth_date, sex=p.sex, address=p.address, phone=p.phone,
                       account_number=p.account_number)


def line_control_number(claim: Claim, line_number: int) -> str:
    """REF*6R: unique per claim submission (``C0000123-2``)."""
    return f"{claim.control_number}-{line_number}"


def _cas(entries: list[LedgerEntry]) -> tuple[CasAdjustment, ...]:
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for e in entries:
        if e.kind in (EntryKind.ADJUSTMENT, EntryKind.TRANSFER) and e.group_code:
            totals[(e.group_code, e.reason_code or "45")] += e.amount
    return tuple(CasAdjustment(group=g, reason=r, amount=a) for (g, r), a in totals.items() if a)


def _other_payer(prior: ClaimBundle, policy: Policy, payer: Payer,
                 remarks: tuple[str, ...] = ()) -> OtherPayerData:
    entries = [e for e in prior.entries if e.account == Account.PAYER or
               e.kind == EntryKind.TRANSFER]
    paid = sum((e.amount for e in entries if e.kind == EntryKind.PAYMENT), Decimal("0.00"))
    paid -= sum((e.amount for e in entries if e.kind == EntryKind.REFUND), Decimal("0.00"))
    pr = sum((e.amount for e in entries if e.kind == EntryKind.TRANSFER), Decimal("0.00"))
    dates = [e.posted_on for e in entries if e.kind == EntryKind.PAYMENT] or [date.today()]
    claim_level = [e for e in entries if e.line_id is None]
    return OtherPayerData(
        responsibility=prior.claim.responsibility, relationship=policy.relationship,
        payer=_payer(payer), subscriber=_subscriber(policy, prior.bundle.patient,
                                                    prior.claim.responsibility),
        paid=paid, remaining_patient_liability=pr, claim_adjustments=_cas(claim_level),
        payer_claim_number=prior.claim.payer_claim_number,
        adjudication_date=max(dates), remark_codes=remarks)


def _known_coverage(b: EncounterBundle, claim: Claim, priors: list[ClaimBundle],
                    parts: SharedParts) -> list[OtherPayerData]:
    """2320 for the patient's other policies in force that have not adjudicated the claim.

    The TR3 asks for a 2320 loop for every other payer known to be involved, so a primary
    claim names the secondary (and tertiary) coverage too, without amounts.
    """
    day = b.encounter.date_of_service
    done = {claim.policy_id, *(pc.claim.policy_id for pc in priors)}
    out = []
    for policy in b.policies:
        payer = b.payers.get(policy.payer_id)
        if policy.id in done or payer is None or payer.is_self_pay or not policy.covers(day):
            continue
        responsibility = policy.order.value
        out.append(OtherPayerData(
            responsibility=responsibility, relationship=policy.relationship.value,
            payer=parts.payer(payer),
            subscriber=parts.subscriber(policy, b.patient, responsibility)))
    return out


def _line_data(b: EncounterBundle, claim: Claim, line: ServiceLine, priors: list[ClaimBundle],
               parts: SharedParts) -> ClaimLineData:
    enc = b.encounter
    own = line.rendering_provider_id
    rendering = b.providers.get(own) if own not in (None, enc.rendering_provider_id) else None
    return ClaimLineData(
        line_number=line.line_number, code=line.code, modifiers=line.modifiers,
        units=line.units, charge=line.charge, pointers=line.pointers,
        place_of_service=line.place_of_service if line.place_of_service not in
        ("", enc.place_of_service) else "",
        date_from=enc.date_of_service, date_to=line.end_date,
        line_control_number=line_control_number(claim, line.line_number),
        ndc=line.ndc, ndc_unit=line.ndc_unit, ndc_quantity=line.ndc_quantity, note=line.note,
        rendering=parts.provider(rendering),
        ordering=parts.provider(b.providers.get(line.ordering_provider_id or -1)),
        unit_code=line.unit_code, clia_covered=clia_covered(line.code, line.modifiers),
        epsdt=bool(enc.epsdt_referral),
        adjudications=tuple(a for pc in priors for a in _adjudications(
            pc, b.payers[pc.claim.payer_id], line.id, line.code, line.modifiers, line.units)))


def _details(enc: Encounter, practice: Practice) -> dict[str, Any]:
    """The situational claim fields taken from the visit (PWK, CLM20, LMP, EPSDT, CLIA)."""
    return {
        "clia_number": practice.clia_number, "delay_reason": enc.delay_reason,
        "last_menstrual_period": enc.last_menstrual_period,
        "epsdt_referral": enc.epsdt_referral,
        "attachments": tuple(AttachmentData(report_type=a.report_type,
                                            transmission=a.transmission,
                                            control_number=a.control_number)
                             for a in enc.attachments)}


def _adjudications(prior: ClaimBundle, payer: Payer, line_id: int | None, code: str,
                   modifiers: tuple[str, ...], units: Decimal) -> tuple[LineAdjudication, ...]:
    mine = [e for e in prior.entries if e.line_id == line_id and line_id is not None]
    if not mine:
        return ()
    paid = sum((e.amount for e in mine if e.kind == EntryKind.PAYMENT), Decimal("0.00"))
    dates = [e.posted_on for e in mine] or [date.today()]
    return (LineAdjudication(payer_id=payer.payer_id, paid=paid, code=code,
                             modifiers=modifiers, units=units, adjustments=_cas(mine),
                             adjudication_date=max(dates)),)


def build_claim_data(cb: ClaimBundle, priors: list[ClaimBundle],
                     amount_paid: Decimal | None = None,
                     parts: SharedParts | None = None,
                     remarks: dict[int, tuple[str, ...]] | None = None) -> ClaimData:
    """Turn a claim bundle (and the earlier payers' claims, for COB) into ``ClaimData``.

    ``parts`` shares the billing provider, payer and provider records across a batch;
    ``remarks`` holds the earlier payers' claim-level remark codes by claim id (2320 MOA).

    Raises:
        UserError: the practice is not set up or the claim's policy is gone.
    """
    b, claim = cb.bundle, cb.claim
    parts = parts or SharedParts()
    remarks = remarks or {}
    if b.practice is None:
        raise UserError("Set up the practice (Settings > Practice) before billing.")
    policy = next((p for p in b.policies if p.id == claim.policy_id), None)
    if policy is None:
        raise UserError(f"Claim {claim.control_number}: its insurance policy no longer exists.")
    enc = b.encounter
    others = [(pc, next(p for p in b.policies if p.id == pc.claim.policy_id))
              for pc in priors]
    lines = tuple(_line_data(b, claim, line, priors, parts) for line in enc.lines)
    auth = next((a for a in b.prior_auths if a.id == enc.prior_auth_id), None)
    paid_by_patient = amount_paid if amount_paid is not None else sum(
        (e.amount for e in cb.entries if e.account == Account.PATIENT
         and e.kind == EntryKind.PAYMENT), Decimal("0.00"))
    adjudicated = [_other_payer(pc, pol, b.payers[pc.claim.payer_id],
                                remarks.get(pc.claim.id or 0, ())) for pc, pol in others]
    return ClaimData(
        claim_id=claim.id or 0, control_number=claim.control_number,
        frequency_code=claim.frequency_code, payer_claim_number=claim.payer_claim_number,
        place_of_service=enc.place_of_service, diagnoses=enc.diagnoses,
        billing=parts.billing(b.practice), payer=parts.payer(b.payers[claim.payer_id]),
        subscriber=parts.subscriber(policy, b.patient, claim.responsibility),
        patient=parts.patient(b.patient), relationship=policy.relationship,
        rendering=parts.provider(b.providers.get(enc.rendering_provider_id)),
        referring=parts.provider(b.providers.get(enc.referring_provider_id or -1)),
        supervising=parts.provider(b.providers.get(enc.supervising_provider_id or -1)),
        prior_auth_number=auth.number if auth else "", referral_number=enc.referral_number,
        onset_date=enc.onset_date, accident_cause=enc.accident_cause,
        accident_state=enc.accident_state, accident_date=enc.accident_date,
        amount_paid=paid_by_patient, note=enc.claim_note, lines=lines,
        other_payers=tuple(adjudicated + _known_coverage(b, claim, priors, parts)),
        **_details(enc, b.practice))


def _priors(loader: Loader, cb: ClaimBundle) -> list[ClaimBundle]:
    order = {"P": 0, "S": 1, "T": 2}
    mine = order[cb.claim.responsibility]
    if mine == 0:
        return []
    latest: dict[str, Claim] = {}
    for c in loader.encounter_claims(cb.claim.encounter_id):
        if order[c.responsibility] < mine and c.status != "void" and c.frequency_code != "8":
            latest[c.responsibility] = c
    return [loader.claim_bundle(c.id or 0)
            for c in sorted(latest.values(), key=lambda c: order[c.responsibility])]


def claim_data_many(db: Database, claim_ids: list[int]) -> list[ClaimData]:
    """``ClaimData`` for several claims in one read."""
    return claim_data_read(db, claim_ids)[0]


def claim_data_read(db: Database, claim_ids: list[int]) -> tuple[list[ClaimData], list[Claim]]:
    """``ClaimData`` for several claims and the claims themselves, from one read.

    The claims carry the versions the data was built from (a later write checks them).
    """
    with db.reading() as session:
        loader = Loader(session)
        loader.prefetch_claims(claim_ids, eligibility=False)
        parts = SharedParts()
        bundles = [loader.claim_without_entries(claim_id) for claim_id in claim_ids]
        priors = [_priors(loader, cb) for cb in bundles]
        remarks = claim_remarks(session, {pc.claim.id or 0 for p in priors for pc in p})
        out = [build_claim_data(cb, prior, loader.patient_paid(cb.claim.id or 0), parts,
                                remarks) for cb, prior in zip(bundles, priors, strict=True)]
        return out, [cb.claim for cb in bundles]


def claim_data(db: Database, claim_id: int) -> ClaimData:
    """The ``ClaimData`` for one claim."""
    return claim_data_many(db, [claim_id])[0]
