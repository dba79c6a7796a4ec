"""The import plan: an import document matched against the practice, before anything is written.

Patients match by an earlier import of the same source key, then by account number (MRN);
a patient who matches only by name and birth date is a question for the user, never a silent
merge. Visits and charge lines already imported (by the source's keys) are skipped, so the
same file or message imported twice creates nothing new.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from app.domain.base import problems_from
from app.domain.encounters import Encounter, ServiceLine
from app.domain.errors import Problem
from app.domain.intake import ImportCoverage, ImportDocument, ImportPatient, ImportVisit
from app.domain.patients import Patient, Policy, PolicyOrder
from app.domain.practice import Payer, Provider
from app.services.intake_types import Answers, ImportPlan, PatientChange, PossibleMatch, VisitPlan
from app.store import fees, intake_repo
from app.store import repository as repo

__all__ = ["Answers", "ImportPlan", "PatientChange", "Planner", "PossibleMatch", "VisitPlan"]

_PATIENT_FIELDS = ("last_name", "first_name", "middle_name", "birth_date", "sex", "address",
                   "phone", "email")


def _patient_data(item: ImportPatient, account: str) -> dict[str, Any]:
    a = item.address
    return {"account_number": account, "last_name": item.last_name,
            "first_name": item.first_name, "middle_name": item.middle_name,
            "birth_date": item.birth_date, "sex": item.sex or "U",
            "address": {"street1": a.line1, "street2": a.line2, "city": a.city,
                        "state": a.state.upper(), "zip": a.zip_code},
            "phone": item.phone, "email": item.email}


def _validated(cls: type[Any], data: dict[str, Any], source: str,
               problems: list[Problem]) -> Any:
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        problems.extend(problems_from(exc, source))
        return None


class Planner:
    """Builds an :class:`ImportPlan` inside one session (a read, or the commit's transaction)."""

    def __init__(self, session: Any, doc: ImportDocument, answers: Answers | None = None) -> None:
        self.session = session
        self.doc = doc
        self.answers = answers or {}
        self.plan = ImportPlan(doc.source_system, problems=list(doc.problems))
        self.patient_ids: dict[str, int] = {}  # source key -> existing patient id
        self.planned: dict[str, PatientChange] = {}  # source key -> new patient to create
        self.providers: dict[str, Provider] = intake_repo.providers_by_npi(session)
        self.payers: dict[str, Payer] = intake_repo.payers_by_ref(session)
        self.known_patients: dict[int, Patient] = {}  # existing patients read for matching
        self.candidates: dict[tuple[str, str, date], list[Patient]] = {}
        self.fees: dict[tuple[str, str, date | None], Any] = {}

    def build(self) -> ImportPlan:
        """Match patients, coverage and visits; return the plan."""
        self._patients()
        self._coverages()
        self._visits()
        return self.plan

    # -- patients -------------------------------------------------------------------------

    def _patients(self) -> None:
        latest: dict[str, ImportPatient] = {}
        for item in self.doc.patients:  # the newer message about a patient wins, then the later
            before = latest.get(item.key)
            if before is None or item.as_of >= before.as_of:
                latest[item.key] = item
        system = self.doc.source_system
        by_key = intake_repo.known_keys(self.session, "patient", system, latest)
        existing = intake_repo.patients_by_ids(self.session, by_key.values())
        times = intake_repo.source_times(self.session, "patient", system, by_key)
        by_account = intake_repo.patients_by_account(
            self.session, [k for k in latest if by_key.get(k) not in existing])
        self.known_patients = {**existing, **{p.id: p for p in by_account.values() if p.id}}
        self.candidates = intake_repo.patients_by_names_dobs(self.session, [
            (item.last_name, item.first_name, item.birth_date) for key, item in latest.items()
            if key not in by_key and key not in by_account and key not in self.answers
            and item.birth_date is not None and item.last_name and item.first_name])
        next_number = None
        for key, item in latest.items():
            current = existing.get(by_key[key]) if key in by_key else by_account.get(key)
            if current is None:
                answered = self._answered_or_question(key, item)
                if answered is False:
                    continue
                current = answered if isinstance(answered, Patient) else None
            if current is None:
                if next_number is None:
                    next_number = int(repo.next_account_number(self.session)[1:])
                account = key if _usable_account(key) and key not in by_account else ""
                if not account:
                    account, next_number = f"A{next_number:06d}", next_number + 1
                patient = _validated(Patient, _patient_data(item, account), item.source,
                                     self.plan.problems)
                if patient is not None:
                    plan = PatientChange(key, item.source, patient, as_of=item.as_of)
                    self.planned[key] = plan
                    self.plan.new_patients.append(plan)
                continue
            assert isinstance(current, Patient) and current.id is not None
            self.patient_ids[key] = current.id
            if item.as_of and item.as_of < times.get(key, ""):
                self.plan.problems.append(Problem(
                    item.source, "MSH-7", "The message is older than the patient data "
                    "imported before; its patient fields are not applied.", severity="warning"))
                self.plan.unchanged_patients += 1
                continue
            self._update(key, item, current)

    def _answered_or_question(self, key: str, item: ImportPatient) -> Patient | None | bool:
        """An existing patient chosen by the user, None for a new one, False while asked."""
        answer = self.answers.get(key)
        if answer == "new":
            return None
        if isinstance(answer, int):
            chosen = intake_repo.patients_by_ids(self.session, [answer]).get(answer)
            if chosen is None:
                self.plan.problems.append(Problem(item.source, "patient",
                                                  f"Patient {answer} chosen for {key} does "
                                                  "not exist."))
                return False
            return chosen
        if item.birth_date is None or not item.last_name or not item.first_name:
            return None
        candidates = self.candidates.get(
            (item.last_name.lower(), item.first_name.lower(), item.birth_date), [])
        if not candidates:
            return None
        self.plan.questions.append(PossibleMatch(
            key, item.source, tuple(c.id for c in candidates if c.id is not None)))
        return False

    def _update(self, key: str, item: ImportPatient, current: Patient) -> None:
        data = _patient_data(item, current.account_number)
        merged = current.model_dump()
        for name in _PATIENT_FIELDS:
            value = data[name]
            if name == "address":  # a new address, not the same one in other capitals
                if item.address.line1 and item.address.city and \
                        _folded(value) != _folded(merged[name]):
                    merged[name] = value
            elif isinstance(value, str) and value.casefold() == str(merged[name]).casefold():
                continue  # EHRs often send names in capitals: not a change
            elif value not in ("", None, "U"):
                merged[name] = value
        if merged == current.model_dump():  # nothing new: no need to validate again
            self.plan.unchanged_patients += 1
            return
        patient = _validated(Patient, merged, item.source, self.plan.problems)
        if patient is None:
            return
        changed = tuple(n for n in _PATIENT_FIELDS if getattr(patient, n) != getattr(current, n))
        if changed:
            self.plan.updated_patients.append(PatientChange(key, item.source, patient, changed,
                                                          item.as_of))
        else:
            self.plan.unchanged_patients += 1

    # -- coverage -------------------------------------------------------------------------

    def _coverages(self) -> None:
        if not self.doc.coverages:
            return
        existing = intake_repo.policies_of(self.session, self.patient_ids.values())
        seen: set[tuple[str, int, str]] = set()
        for item in self.doc.coverages:
            payer = self.payers.get(item.payer_ref.strip().upper())
            if payer is None or payer.id is None:
                self.plan.problems.append(Problem(
                    item.source, "payer", f"The payer {item.payer_ref!r} is not set up; add it "
                    "under Settings > Payers (by its electronic payer id) and import again."))
                continue
            if item.patient_key not in self.patient_ids and item.patient_key not in self.planned:
                if not any(q.key == item.patient_key for q in self.plan.questions):
                    self.plan.problems.append(Problem(item.source, "patient",
                                                      f"No patient {item.patient_key} in this "
                                                      "import or the practice."))
                continue
            ident = (item.patient_key, payer.id, item.member_id.upper())
            if ident in seen:
                continue
            seen.add(ident)
            pid = self.patient_ids.get(item.patient_key)
            current = existing.get(pid, []) if pid else []
            if any(p.payer_id == payer.id and p.member_id.upper() == ident[2] for p in current):
                continue
            self._new_policy(item, payer, current)

    def _new_policy(self, item: ImportCoverage, payer: Payer, current: list[Policy]) -> None:
        effective = item.effective_date or date.today()
        data: dict[str, Any] = {
            "patient_id": self.patient_ids.get(item.patient_key), "payer_id": payer.id,
            "order": item.order, "member_id": item.member_id, "group_number": item.group_number,
            "group_name": item.group_name, "relationship": item.relationship,
            "effective_date": effective, "termination_date": item.termination_date}
        if item.subscriber is not None and item.relationship != "18":
            s = item.subscriber
            data["subscriber"] = {"last_name": s.last_name, "first_name": s.first_name,
                                  "birth_date": s.birth_date, "sex": s.sex or "U",
                                  "address": self._subscriber_address(item.patient_key)}
        policy = _validated(Policy, data, item.source, self.plan.problems)
        if policy is None:
            return
        for old in current:  # the policy it replaces in the same order ends the day before
            if old.order == PolicyOrder(item.order) and old.termination_date is None:
                if old.effective_date >= effective:
                    self.plan.problems.append(Problem(
                        item.source, "effective_date", "The patient has an active policy in "
                        "this order that starts on or after this one; end it first."))
                    return
                self.plan.ended_policies.append(old.model_copy(
                    update={"termination_date": effective - timedelta(days=1)}))
        self.plan.new_policies.append((item.patient_key, policy))

    def _subscriber_address(self, patient_key: str) -> dict[str, str]:
        planned = self.planned.get(patient_key)
        if planned is not None:
            return planned.patient.address.model_dump()
        pid = self.patient_ids[patient_key]
        known = self.known_patients.get(pid) or \
            intake_repo.patients_by_ids(self.session, [pid])[pid]
        return known.address.model_dump()

    # -- visits ---------------------------------------------------------------------------

    def _visits(self) -> None:
        merged: dict[str, ImportVisit] = {}
        for visit in self.doc.visits:  # one visit's charges may come in several messages
            before = merged.get(visit.key)
            if before is None:
                merged[visit.key] = visit
                continue
            dx = tuple(dict.fromkeys(before.diagnoses + visit.diagnoses))
            merged[visit.key] = ImportVisit(
                before.key, before.patient_key, before.source,
                before.date_of_service or visit.date_of_service,
                before.rendering_npi or visit.rendering_npi,
                before.referring_npi or visit.referring_npi,
                before.place_of_service or visit.place_of_service, dx,
                before.lines + visit.lines, before.documentation or visit.documentation)
        system = self.doc.source_system
        known = intake_repo.known_keys(self.session, "visit", system, merged)
        line_keys = [ln.key for v in merged.values() for ln in v.lines]
        known_lines = intake_repo.known_keys(self.session, "line", system, line_keys)
        for key, visit in merged.items():
            self._visit(key, visit, known.get(key), known_lines)

    def _visit(self, key: str, visit: ImportVisit, existing_id: int | None,
               known_lines: dict[str, int]) -> None:
        unique = {ln.key: ln for ln in visit.lines}  # the same charge sent twice counts once
        new_lines = [ln for ln in unique.values() if ln.key not in known_lines]
        if existing_id is not None and not new_lines:
            self.plan.skipped.append(visit.source)
            return
        if visit.patient_key not in self.patient_ids and visit.patient_key not in self.planned:
            if not any(q.key == visit.patient_key for q in self.plan.questions):
                self.plan.problems.append(Problem(
                    visit.source, "patient", f"The visit's patient {visit.patient_key} is not "
                    "in this import or the practice; import the patient first."))
            return
        if visit.date_of_service is None:
            self.plan.problems.append(Problem(visit.source, "date_of_service",
                                              "The visit has no date of service."))
            return
        provider = self._rendering(visit)
        if provider is None:
            return
        lines = self._lines(visit, new_lines)
        if lines is None:
            return
        referring = self.providers.get(visit.referring_npi) if visit.referring_npi else None
        data = {"patient_id": self.patient_ids.get(visit.patient_key, 0),
                "date_of_service": visit.date_of_service,
                "place_of_service": visit.place_of_service or "11",
                "rendering_provider_id": provider.id,
                "referring_provider_id": referring.id if referring else None,
                "documentation": visit.documentation, "diagnoses": visit.diagnoses,
                "lines": lines}
        encounter = _validated(Encounter, data, visit.source, self.plan.problems)
        if encounter is None:
            return
        plan = VisitPlan(key, visit.source, visit.patient_key, encounter,
                         tuple(ln.key for ln in new_lines), existing_id)
        (self.plan.added_lines if existing_id else self.plan.new_visits).append(plan)

    def _rendering(self, visit: ImportVisit) -> Provider | None:
        if visit.rendering_npi:
            provider = self.providers.get(visit.rendering_npi)
            if provider is None:
                self.plan.problems.append(Problem(
                    visit.source, "rendering_npi", f"No provider with NPI {visit.rendering_npi}"
                    " is set up; add the provider under Settings > Providers."))
            return provider
        rendering = [p for p in self.providers.values() if p.role == "rendering" and p.active]
        if len(rendering) == 1:
            return rendering[0]
        self.plan.problems.append(Problem(visit.source, "rendering_npi",
                                          "The visit names no rendering provider (NPI)."))
        return None

    def _lines(self, visit: ImportVisit, new_lines: list[Any]) -> list[ServiceLine] | None:
        out: list[ServiceLine] = []
        ok = True
        count = len(visit.diagnoses)
        for number, item in enumerate(new_lines, start=1):
            charge = item.charge
            if charge is None:
                fee = self._fee(item.code.upper(),
                                item.modifiers[0] if item.modifiers else "",
                                visit.date_of_service)
                if fee is None:
                    self.plan.problems.append(Problem(
                        item.source, "charge", f"No charge given and {item.code} is not in "
                        "the fee schedule."))
                    ok = False
                    continue
                charge = fee.charge * item.units if item.units == item.units.to_integral() \
                    else fee.charge
            pointers = item.pointers or tuple(range(1, min(count, 4) + 1)) or (1,)
            line = _validated(ServiceLine, {
                "line_number": number, "code": item.code, "modifiers": item.modifiers,
                "units": item.units, "charge": Decimal(charge).quantize(Decimal("0.01")),
                "pointers": pointers}, item.source, self.plan.problems)
            if line is None:
                ok = False
            else:
                out.append(line)
        return out if ok else None


    def _fee(self, code: str, modifier: str, on: date | None) -> Any:
        ident = (code, modifier, on)
        if ident not in self.fees:
            self.fees[ident] = fees.fee_for(self.session, code, modifier, on)
        return self.fees[ident]


def _folded(address: dict[str, Any]) -> dict[str, str]:
    return {k: str(v).casefold() for k, v in address.items() if k in
            ("street1", "street2", "city", "state", "zip")}


def _usable_account(key: str) -> bool:
    return 0 < len(key) <= 20 and key.replace("-", "").isalnum() and key.isascii()
