"""Demo encounters: dates, patients, visit notes, codes and the coding-status spread."""

from __future__ import annotations

import itertools
import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from app.demo import notes
from app.demo.auths import AuthBook
from app.demo.catalog import payer_key
from app.demo.claim_details import details
from app.demo.ids import IdSource
from app.demo.people import MEDICARE, PatientPlan
from app.demo.visit_types import EM, EM25, PREVENTIVE, LineSpec, VisitTemplate
from app.demo.visits_acute import ACUTE
from app.demo.visits_chronic import CHRONIC, PREVENTIVE_VISITS
from app.domain.encounters import CodingStatus, Encounter, ServiceLine
from app.domain.practice import Provider

TEMPLATES: tuple[VisitTemplate, ...] = ACUTE + CHRONIC + PREVENTIVE_VISITS
ONCE_A_YEAR = frozenset(t.key for t in PREVENTIVE_VISITS if not t.key.startswith("flu_shot"))
WAIVED_MODIFIER_PAYERS = ("medicare", "medicaid")
DAYS_BACK = 182
UNCODED_SHARE = 0.08
QUERY_WINDOW = (0.08, 0.30)
QUERY_RATE = 0.15
CORRECTION_FROM = 0.15
CORRECTION_RATE = 0.045


@dataclass(frozen=True)
class Visit:
    """A built encounter with what billing needs to know about it."""

    encounter: Encounter
    plan: PatientPlan
    rank: float  # 0.0 = most recent visit, 1.0 = oldest
    correction: str = ""


def service_dates(rng: random.Random, count: int, today: date) -> list[date]:
    """``count`` weekday dates over the last six months up to ``today``, oldest first."""
    start = today - timedelta(days=DAYS_BACK)
    days = [start + timedelta(days=i) for i in range(DAYS_BACK + 1)]
    weekdays = [d for d in days if d.weekday() < 5]
    return sorted(rng.choice(weekdays) for _ in range(count))


def coding_status(rng: random.Random, rank: float, insured: bool) -> CodingStatus:
    """Recent visits are uncoded or queried; a few older insured ones need correction."""
    if rank < UNCODED_SHARE:
        return CodingStatus.UNCODED
    if QUERY_WINDOW[0] <= rank < QUERY_WINDOW[1] and rng.random() < QUERY_RATE:
        return CodingStatus.QUERY
    if insured and rank >= CORRECTION_FROM and rng.random() < CORRECTION_RATE:
        return CodingStatus.CORRECTION
    return CodingStatus.CODED


class EncounterFactory:
    """Builds encounters one by one, in date order, for a fixed set of patients."""

    def __init__(
        self, rng: random.Random, plans: list[PatientPlan], providers: list[Provider],
        fees: dict[str, Decimal], ids: IdSource, auths: AuthBook, today: date,
    ) -> None:
        self.rng, self.plans, self.fees, self.ids, self.auths = rng, plans, fees, ids, auths
        self.rendering = [p for p in providers if p.role == "rendering"]
        self.referring = [p for p in providers if p.role == "referring"]
        weights = [1.8 if today.year - p.patient.birth_date.year > 65 else 1.0 for p in plans]
        self.cum_weights = list(itertools.accumulate(weights))
        self.seen: set[int] = set()
        self.preventive_done: set[tuple[int, str]] = set()
        self._fitting: dict[tuple[int, str, int, bool], tuple[list[VisitTemplate], list[float]]]
        self._fitting = {}

    def build_all(self, dates: list[date]) -> list[Visit]:
        """One encounter per date (dates oldest first); ids follow date order."""
        total = len(dates)
        return [self.build(day, (total - 1 - i) / total) for i, day in enumerate(dates)]

    def _patient(self) -> PatientPlan:
        point = self.rng.random() * self.cum_weights[-1]
        return self.plans[bisect_right(self.cum_weights, point)]

    def build(self, day: date, rank: float) -> Visit:
        """One encounter on ``day``; ``rank`` says how recent it is (0 = newest)."""
        rng, plan = self.rng, self._patient()
        patient = plan.patient
        age = patient.age_on(day)
        template = self._template(plan, age, day)
        new = patient.id not in self.seen and template.new_allowed and rng.random() < 0.25
        self.seen.add(patient.id)
        provider = self._provider(age)
        values = notes.context(rng, age, patient.sex, template.flags)
        status = coding_status(rng, rank, plan.primary is not None)
        fields = {
            "id": self.ids.next("encounter"), "patient_id": patient.id, "date_of_service": day,
            "rendering_provider_id": provider.id, "coding_status": status,
            "documentation": notes.render(rng, template, values, _signer(provider), day),
        }
        if rng.random() < 0.06:
            fields["referring_provider_id"] = rng.choice(self.referring).id
        fields.update(self._coding_fields(status, plan, template, values, (age, new, day)))
        encounter = Encounter(**fields)
        if encounter.lines:
            payer = payer_key(plan.primary.payer_id) if plan.primary else "selfpay"
            encounter = encounter.model_copy(update=details(encounter, provider, payer))
        correction = encounter.coding_note if status == CodingStatus.CORRECTION else ""
        return Visit(encounter, plan, rank, correction)

    def _coding_fields(
        self, status: CodingStatus, plan: PatientPlan, template: VisitTemplate,
        values: dict[str, str], visit: tuple[int, bool, date],
    ) -> dict[str, object]:
        """Codes and coding note for the status: none, a query, or codes (plus a correction)."""
        if status == CodingStatus.QUERY:
            return {"coding_note": notes.query_for(self.rng, template, values)}
        if status == CodingStatus.UNCODED:
            return {}
        lines, coded = self._coding(plan, template, *visit)
        if status == CodingStatus.CORRECTION:
            with_25 = any("25" in line.modifiers for line in lines)
            coded["coding_note"] = notes.correction_for(self.rng, len(lines), with_25)
        return coded

    def _template(self, plan: PatientPlan, age: int, day: date) -> VisitTemplate:
        primary = plan.primary
        medicare = primary is not None and primary.payer_id == MEDICARE
        choices, cum_weights = self._candidates(age, plan.patient.sex.value, day.month, medicare)
        for _ in range(4):
            template = self.rng.choices(choices, cum_weights=cum_weights)[0]
            key = (plan.patient.id or 0, template.key)
            if template.key not in ONCE_A_YEAR or key not in self.preventive_done:
                break
        self.preventive_done.add(key)
        return template

    def _candidates(
        self, age: int, sex: str, month: int, medicare: bool
    ) -> tuple[list[VisitTemplate], list[float]]:
        """Templates that fit, with cumulative weights (cached per patient profile)."""
        profile = (age, sex, month, medicare)
        if profile not in self._fitting:
            fitting = [t for t in TEMPLATES if t.fits(age, sex, month, medicare)]
            cum = list(itertools.accumulate(t.weight for t in fitting))
            self._fitting[profile] = (fitting, cum)
        return self._fitting[profile]

    def _provider(self, age: int) -> Provider:
        if age < 18:  # the internist does not see children
            return self.rng.choice([p for p in self.rendering if p.credential != "DO"])
        return self.rng.choices(self.rendering, weights=(4, 4, 3))[0]

    def _coding(
        self, plan: PatientPlan, template: VisitTemplate, age: int, new: bool, day: date
    ) -> tuple[tuple[ServiceLine, ...], dict[str, object]]:
        primary = plan.primary
        payer = payer_key(primary.payer_id) if primary else "selfpay"
        level = self.rng.choices([lv for lv, _ in template.em], [w for _, w in template.em])[0]
        lines = tuple(
            self._line(n, spec, level, new, age, payer)
            for n, spec in enumerate(template.lines, 1)
        )
        coded: dict[str, object] = {"diagnoses": template.dx, "lines": lines}
        if primary is not None:
            auth_id = self.auths.use(plan, primary.payer_id, template.key, day)
            if auth_id is not None:
                coded["prior_auth_id"] = auth_id
        return lines, coded

    def _line(
        self, number: int, spec: LineSpec, level: int, new: bool, age: int, payer: str
    ) -> ServiceLine:
        code, modifiers = spec.code, spec.modifiers
        if code in (EM, EM25):
            code = em_code(level, new)
            modifiers = ("25",) if spec.code == EM25 else ()
        elif code == PREVENTIVE:
            code = preventive_code(age, new)
        if spec.waived and payer in WAIVED_MODIFIER_PAYERS:
            modifiers = (*modifiers, "QW")
        units = Decimal(spec.units)
        drug = {}
        if spec.ndc:
            drug = {"ndc": spec.ndc, "ndc_unit": spec.ndc_unit,
                    "ndc_quantity": Decimal(spec.ndc_quantity)}
        return ServiceLine(
            id=self.ids.next("line"), line_number=number, code=code, modifiers=modifiers,
            units=units, charge=self.fees[code] * units, pointers=spec.pointers, **drug,
        )


def em_code(level: int, new: bool) -> str:
    """Office E/M code for a level (1-5), new (9920x, from level 2) or established (9921x)."""
    return f"9920{max(level, 2)}" if new else f"9921{level}"


def preventive_code(age: int, new: bool) -> str:
    """Preventive-medicine code for the patient's age band."""
    bands = (1, 5, 12, 18, 40, 65)
    band = next((i for i, limit in enumerate(bands) if age < limit), len(bands))
    return f"99{38 if new else 39}{band + 1}"


def _signer(provider: Provider) -> str:
    middle = f" {provider.middle_name}" if provider.middle_name else ""
    return f"{provider.first_name}{middle} {provider.last_name}, {provider.credential}"
