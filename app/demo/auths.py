"""Prior authorizations: knee injections under commercial plans, PT and imaging for back pain."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from app.demo.ids import IdSource
from app.demo.people import COMMERCIAL, PatientPlan
from app.domain.patients import PriorAuth

INJECTION_CODES = ("20610", "J3301")
REFERRAL_AUTHS = (
    (("97110", "97140", "97530"), 12, "Physical therapy at Riverbend Rehab, lumbar program."),
    (("72148",), 1, "MRI lumbar spine without contrast at Prairie Imaging Center."),
)


@dataclass
class _Open:
    auth_id: int
    number: str
    start: date
    used: int = 0


class AuthBook:
    """Keeps the authorizations handed out while encounters are built."""

    def __init__(self, rng: random.Random, ids: IdSource, today: date) -> None:
        self.rng, self.ids, self.today = rng, ids, today
        self.injections: dict[tuple[int, int], _Open] = {}
        self.plans: dict[int, PatientPlan] = {}
        self.referrals: list[PriorAuth] = []

    def use(self, plan: PatientPlan, payer_id: int, template_key: str, day: date) -> int | None:
        """Record the visit against an authorization; return the id to put on the encounter.

        Knee injections under a commercial plan use (and first create) an injection
        authorization; some back-pain visits lead to a PT or MRI authorization that is not
        tied to this visit.
        """
        if payer_id not in COMMERCIAL:
            return None
        patient_id = plan.patient.id or 0
        self.plans[patient_id] = plan
        if template_key == "knee_oa":
            key = (patient_id, payer_id)
            if key not in self.injections:
                start = day - timedelta(days=self.rng.randrange(3, 21))
                self.injections[key] = _Open(self.ids.next("auth"), self._number(), start)
            entry = self.injections[key]
            entry.used += 1
            return entry.auth_id
        if template_key == "lbp" and self.rng.random() < 0.3:
            self._referral(patient_id, payer_id, day)
        return None

    def _number(self) -> str:
        return f"PA{self.rng.randrange(10**7, 10**8)}"

    def _referral(self, patient_id: int, payer_id: int, day: date) -> None:
        codes, allowed, note = self.rng.choice(REFERRAL_AUTHS)
        days_since = (self.today - day).days
        used = min(allowed, days_since // 7) if allowed > 1 else int(days_since > 10)
        self.referrals.append(PriorAuth(
            id=self.ids.next("auth"), patient_id=patient_id, payer_id=payer_id,
            number=self._number(), codes=codes, visits_allowed=allowed, visits_used=used,
            start_date=day, end_date=day + timedelta(days=90), note=note,
        ))

    def attach(self) -> None:
        """Put every authorization on its patient's plan, in id order."""
        made = [
            PriorAuth(
                id=entry.auth_id, patient_id=patient_id, payer_id=payer_id, number=entry.number,
                codes=INJECTION_CODES, visits_allowed=max(3, entry.used), visits_used=entry.used,
                start_date=entry.start, end_date=entry.start + timedelta(days=180),
                note="Corticosteroid injections, right knee.",
            )
            for (patient_id, payer_id), entry in self.injections.items()
        ]
        for auth in sorted(made + self.referrals, key=lambda a: a.id or 0):
            self.plans[auth.patient_id or 0].auths.append(auth)
