"""Synthetic EHR exports (CSV, HL7 v2, FHIR R4) that import cleanly into the demo practice.

They let a new user try each import door. Names, numbers and addresses are invented.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from app.demo.names import FEMALE_FIRST as FIRST_NAMES_F
from app.demo.names import LAST as LAST_NAMES
from app.demo.names import MALE_FIRST as FIRST_NAMES_M

_VISITS = (("99213", ("E11.9", "I10"), "110.00"), ("99214", ("J06.9",), "165.00"),
           ("99212", ("M54.50",), "75.00"), ("99396", ("Z00.00",), "210.00"))
_STREETS = ("Oak St", "Maple Ave", "Cedar Ln", "Pine Rd", "Elm Ct", "Birch Way")


@dataclass(frozen=True)
class SamplePerson:
    """One synthetic EHR patient with one visit."""

    mrn: str
    last: str
    first: str
    sex: str
    dob: date
    street: str
    zip_code: str
    member: str
    visit: str
    dos: date
    code: str
    dx: tuple[str, ...]
    charge: str


def people(count: int, seed: int, today: date) -> list[SamplePerson]:
    """``count`` synthetic patients, each with one recent visit."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        sex = rng.choice("FM")
        first = rng.choice(FIRST_NAMES_F if sex == "F" else FIRST_NAMES_M)
        code, dx, charge = _VISITS[i % len(_VISITS)]
        out.append(SamplePerson(
            mrn=f"EHR{seed:02d}{i + 1:05d}", last=rng.choice(LAST_NAMES), first=first, sex=sex,
            dob=date(1950 + rng.randrange(60), rng.randrange(1, 13), rng.randrange(1, 28)),
            street=f"{rng.randrange(10, 9999)} {rng.choice(_STREETS)}",
            zip_code=f"62{rng.randrange(700, 799)}", member=f"W{rng.randrange(10**8, 10**9)}",
            visit=f"V{seed:02d}{i + 1:06d}", dos=today - timedelta(days=1 + i % 20),
            code=code, dx=dx, charge=charge))
    return out


def csv_text(persons: list[SamplePerson], npi: str, payer_id: str) -> str:
    """A visits CSV: one row per charge, patient and coverage columns repeated."""
    head = ("MRN,Last Name,First Name,DOB,Sex,Address,City,State,Zip,Payer ID,Member ID,"
            "Visit ID,Date of Service,Rendering NPI,POS,Diagnoses,CPT,Units,Charge")
    rows = [f"{p.mrn},{p.last},{p.first},{p.dob:%m/%d/%Y},{p.sex},{p.street},Springfield,IL,"
            f"{p.zip_code},{payer_id},{p.member},{p.visit},{p.dos:%m/%d/%Y},{npi},11,"
            f"{' '.join(p.dx)},{p.code},1,{p.charge}" for p in persons]
    return "\n".join([head, *rows]) + "\n"


def hl7_text(persons: list[SamplePerson], npi: str, payer_id: str) -> str:
    """ADT^A04 (patient + IN1) and DFT^P03 (charges) messages, one pair per patient."""
    out = []
    for n, p in enumerate(persons, start=1):
        pid = (f"PID|1||{p.mrn}^^^EHR^MR||{p.last.upper()}^{p.first.upper()}||{p.dob:%Y%m%d}|"
               f"{p.sex}|||{p.street.upper()}^^SPRINGFIELD^IL^{p.zip_code}||2175550{n % 1000:03d}")
        in1 = (f"IN1|1|PLAN|{payer_id}|PAYER||||GRP100|SYNTHETIC EMPLOYER|||"
               f"{p.dos.year - 1}0101|||||SEL|||||1" + "|" * 14 + p.member)
        pv1 = f"PV1|1|O|||||{npi}^DOC^DEMO||||||||||||{p.visit}"
        dg1 = [f"DG1|{i}||{c}^^I10" for i, c in enumerate(p.dx, start=1)]
        ft1 = (f"FT1|1|{p.visit}-1||{p.dos:%Y%m%d}||CG|{p.code}^^CPT|||1|{p.charge}")
        out.append("\r".join([f"MSH|^~\\&|SYNTH-EHR|CLINIC|CLAIMDESK|PRACTICE|"
                              f"{p.dos:%Y%m%d}0900||ADT^A04^ADT_A01|A{n:06d}|P|2.5.1",
                              f"EVN|A04|{p.dos:%Y%m%d}0900", pid, in1]))
        out.append("\r".join([f"MSH|^~\\&|SYNTH-EHR|CLINIC|CLAIMDESK|PRACTICE|"
                              f"{p.dos:%Y%m%d}1700||DFT^P03|D{n:06d}|P|2.5.1",
                              f"EVN|P03|{p.dos:%Y%m%d}1700", pid, pv1, ft1, *dg1]))
    return "\r\n".join(out) + "\r\n"


def fhir_bundle(persons: list[SamplePerson], npi: str, payer_id: str) -> dict[str, object]:
    """A FHIR R4 collection Bundle: Patient, Coverage, Encounter, Condition, ChargeItem."""
    entries: list[dict[str, object]] = [{"resource": {
        "resourceType": "Practitioner", "id": "pr1",
        "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": npi}]}}, {
        "resource": {"resourceType": "Organization", "id": "org1",
                     "identifier": [{"value": payer_id}], "name": "Payer"}}]
    for n, p in enumerate(persons, start=1):
        pid, eid = f"pat{n}", f"enc{n}"
        entries.append({"resource": {
            "resourceType": "Patient", "id": pid,
            "identifier": [{"type": {"coding": [{"code": "MR"}]}, "value": p.mrn}],
            "name": [{"family": p.last, "given": [p.first]}],
            "gender": "female" if p.sex == "F" else "male", "birthDate": p.dob.isoformat(),
            "address": [{"line": [p.street], "city": "Springfield", "state": "IL",
                         "postalCode": p.zip_code}]}})
        entries.append({"resource": {
            "resourceType": "Coverage", "id": f"cov{n}", "status": "active",
            "subscriberId": p.member, "beneficiary": {"reference": f"Patient/{pid}"},
            "payor": [{"reference": "Organization/org1"}], "order": 1}})
        entries.append({"resource": {
            "resourceType": "Encounter", "id": eid, "status": "finished",
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                      "code": "AMB"},
            "identifier": [{"value": p.visit}], "subject": {"reference": f"Patient/{pid}"},
            "participant": [{"individual": {"reference": "Practitioner/pr1"}}],
            "period": {"start": p.dos.isoformat()}}})
        for i, code in enumerate(p.dx):
            entries.append({"resource": {
                "resourceType": "Condition", "id": f"cond{n}-{i}",
                "subject": {"reference": f"Patient/{pid}"},
                "encounter": {"reference": f"Encounter/{eid}"},
                "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm",
                                     "code": code}]}}})
        entries.append({"resource": {
            "resourceType": "ChargeItem", "id": f"chg{n}", "status": "billable",
            "subject": {"reference": f"Patient/{pid}"},
            "context": {"reference": f"Encounter/{eid}"},
            "code": {"coding": [{"system": "http://www.ama-assn.org/go/cpt",
                                 "code": p.code}]},
            "quantity": {"value": 1}, "priceOverride": {"value": float(p.charge),
                                                        "currency": "USD"}}})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def write_samples(folder: Path, npi: str, payer_id: str, today: date) -> list[Path]:
    """Write one CSV, one HL7 and one FHIR sample (different patients each) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [(folder / "ehr_visits.csv", csv_text(people(8, 1, today), npi, payer_id)),
             (folder / "ehr_messages.hl7", hl7_text(people(8, 2, today), npi, payer_id)),
             (folder / "ehr_bundle.json",
              json.dumps(fhir_bundle(people(8, 3, today), npi, payer_id), indent=1))]
    for path, text in files:
        path.write_text(text, encoding="utf-8", newline="")
    return [p for p, _ in files]
