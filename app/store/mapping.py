"""Convert between ORM rows and frozen domain records."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import ValidationError

from app.domain.base import Record
from app.domain.claims import Claim, StatusChange
from app.domain.encounters import Encounter, ServiceLine
from app.domain.ledger import LedgerEntry
from app.domain.patients import EligibilityCheck, Patient, Person, Policy, PriorAuth
from app.domain.practice import Address, Clearinghouse, Payer, Practice, Provider
from app.store import tables as t

MILLI = Decimal(1000)
R = TypeVar("R", bound=Record)


def _make(cls: type[R], **values: Any) -> R:
    """Validate stored values; a record breaking a newer rule is still read (unvalidated).

    The user can then open and fix it instead of the screen failing.
    """
    try:
        return cls.model_validate(values)
    except ValidationError:
        return cls.model_construct(**values)


def _address(row: Any) -> Address | None:
    if not row.street1:
        return None
    return _make(Address, street1=row.street1, street2=row.street2, city=row.city,
                                   state=row.state, zip=row.zip)


def _set_address(row: Any, address: Address | None) -> None:
    row.street1 = address.street1 if address else ""
    row.street2 = address.street2 if address else ""
    row.city = address.city if address else ""
    row.state = address.state if address else ""
    row.zip = address.zip if address else ""


def _apply(row: Any, values: dict[str, Any]) -> None:
    for key, value in values.items():
        setattr(row, key, value)


def practice_to_domain(row: t.PracticeRow) -> Practice:
    """ORM -> domain."""
    pay_to = Address.model_validate_json(row.pay_to_json) if row.pay_to_json else None
    return _make(Practice,
        id=row.id, version=row.version, legal_name=row.legal_name, npi=row.npi, ein=row.ein,
        taxonomy=row.taxonomy, address=_address(row), phone=row.phone, pay_to_address=pay_to,
        statement_message=row.statement_message)


def practice_to_row(p: Practice, row: t.PracticeRow) -> None:
    """Domain -> ORM (in place)."""
    _apply(row, p.model_dump(include={"legal_name", "npi", "ein", "taxonomy", "phone",
                                      "statement_message"}))
    _set_address(row, p.address)
    row.pay_to_json = p.pay_to_address.model_dump_json() if p.pay_to_address else ""


def provider_to_domain(row: t.ProviderRow) -> Provider:
    """ORM -> domain."""
    return _make(Provider,
        id=row.id, version=row.version, role=row.role, last_name=row.last_name,
        first_name=row.first_name, middle_name=row.middle_name, credential=row.credential,
        npi=row.npi, taxonomy=row.taxonomy, active=row.active)


def provider_to_row(p: Provider, row: t.ProviderRow) -> None:
    """Domain -> ORM (in place)."""
    _apply(row, p.model_dump(exclude={"id", "version"}))


def payer_to_domain(row: t.PayerRow) -> Payer:
    """ORM -> domain."""
    return _make(Payer,
        id=row.id, version=row.version, name=row.name, payer_id=row.payer_id,
        filing_indicator=row.filing_indicator, address=_address(row), phone=row.phone,
        timely_filing_days=row.timely_filing_days, submission=row.submission, active=row.active)


def payer_to_row(p: Payer, row: t.PayerRow) -> None:
    """Domain -> ORM (in place)."""
    _apply(row, p.model_dump(exclude={"id", "version", "address"}))
    _set_address(row, p.address)


def clearinghouse_to_domain(row: t.ClearinghouseRow) -> Clearinghouse:
    """ORM -> domain."""
    data = {c.key: getattr(row, c.key) for c in t.ClearinghouseRow.__table__.columns}
    data["id"] = row.id
    return _make(Clearinghouse, **data)


def clearinghouse_to_row(c: Clearinghouse, row: t.ClearinghouseRow) -> None:
    """Domain -> ORM (in place)."""
    _apply(row, c.model_dump(exclude={"id", "version"}))


def patient_to_domain(row: t.PatientRow) -> Patient:
    """ORM -> domain."""
    return _make(Patient,
        id=row.id, version=row.version, account_number=row.account_number,
        last_name=row.last_name, first_name=row.first_name, middle_name=row.middle_name,
        suffix=row.suffix, birth_date=row.birth_date, sex=row.sex, address=_address(row),
        phone=row.phone, email=row.email, active=row.active,
        statement_hold=row.statement_hold)


def search_name(p: Patient) -> str:
    """Upper-case ``LAST|FIRST|MIDDLE`` used by the indexed name search."""
    return f"{p.last_name}|{p.first_name}|{p.middle_name}".upper()


def patient_to_row(p: Patient, row: t.PatientRow) -> None:
    """Domain -> ORM (in place)."""
    _apply(row, p.model_dump(exclude={"id", "version", "address"}))
    _set_address(row, p.address)
    row.search_name = search_name(p)
    row.first_key = p.first_name.upper()


def policy_to_domain(row: t.PolicyRow) -> Policy:
    """ORM -> domain."""
    subscriber = Person.model_validate_json(row.subscriber_json) if row.subscriber_json else None
    return _make(Policy,
        id=row.id, version=row.version, patient_id=row.patient_id, payer_id=row.payer_id,
        order=row.order, member_id=row.member_id, group_number=row.group_number,
        group_name=row.group_name, relationship=row.relationship_code, subscriber=subscriber,
        effective_date=row.effective_date, termination_date=row.termination_date,
        copay=row.copay, insurance_type_code=row.insurance_type_code)


def policy_to_row(p: Policy, row: t.PolicyRow) -> None:
    """Domain -> ORM (in place)."""
    _apply(row, p.model_dump(include={"payer_id", "order", "member_id", "group_number",
                                      "group_name", "effective_date", "termination_date",
                                      "copay", "insurance_type_code"}))
    row.patient_id = p.patient_id  # type: ignore[assignment]
    row.relationship_code = p.relationship.value
    row.subscriber_json = p.subscriber.model_dump_json() if p.subscriber else ""


def eligibility_to_domain(row: t.EligibilityRow) -> EligibilityCheck:
    """ORM -> domain."""
    return _make(EligibilityCheck,
        id=row.id, policy_id=row.policy_id, checked_on=row.checked_on, status=row.status,
        copay=row.copay, deductible_remaining=row.deductible_remaining, reference=row.reference,
        note=row.note)


def auth_to_domain(row: t.PriorAuthRow) -> PriorAuth:
    """ORM -> domain."""
    return _make(PriorAuth,
        id=row.id, version=row.version, patient_id=row.patient_id, payer_id=row.payer_id,
        number=row.number, codes=tuple(c for c in row.codes.split(",") if c),
        visits_allowed=row.visits_allowed, visits_used=row.visits_used,
        start_date=row.start_date, end_date=row.end_date, note=row.note)


def auth_to_row(a: PriorAuth, row: t.PriorAuthRow) -> None:
    """Domain -> ORM (in place)."""
    _apply(row, a.model_dump(exclude={"id", "version", "codes", "patient_id"}))
    row.patient_id = a.patient_id  # type: ignore[assignment]
    row.codes = ",".join(a.codes)


def line_to_domain(row: t.ServiceLineRow) -> ServiceLine:
    """ORM -> domain."""
    qty = None if row.ndc_quantity_milli is None else Decimal(row.ndc_quantity_milli) / MILLI
    return _make(ServiceLine,
        id=row.id, line_number=row.line_number, code=row.code,
        modifiers=tuple(m for m in row.modifiers.split(",") if m),
        units=(Decimal(row.units_milli) / MILLI).normalize(), charge=row.charge,
        pointers=tuple(int(p) for p in row.pointers.split(",") if p),
        place_of_service=row.place_of_service, ndc=row.ndc, ndc_unit=row.ndc_unit,
        ndc_quantity=qty.normalize() if qty is not None else None, note=row.note)


def line_values(line: ServiceLine) -> dict[str, Any]:
    """Domain -> column values of ``service_lines``."""
    qty = line.ndc_quantity
    return {
        "id": line.id, "line_number": line.line_number, "code": line.code,
        "modifiers": ",".join(line.modifiers), "units_milli": int(line.units * MILLI),
        "charge": line.charge, "pointers": ",".join(str(p) for p in line.pointers),
        "place_of_service": line.place_of_service, "ndc": line.ndc, "ndc_unit": line.ndc_unit,
        "ndc_quantity_milli": None if qty is None else int(qty * MILLI), "note": line.note,
    }


def encounter_to_domain(row: t.EncounterRow) -> Encounter:
    """ORM -> domain (with diagnoses and lines)."""
    return _make(Encounter,
        id=row.id, version=row.version, patient_id=row.patient_id,
        date_of_service=row.date_of_service, place_of_service=row.place_of_service,
        rendering_provider_id=row.rendering_provider_id,
        referring_provider_id=row.referring_provider_id, prior_auth_id=row.prior_auth_id,
        documentation=row.documentation, coding_status=row.coding_status,
        coding_note=row.coding_note, onset_date=row.onset_date,
        accident_cause=row.accident_cause, accident_state=row.accident_state,
        accident_date=row.accident_date, referral_number=row.referral_number,
        claim_note=row.claim_note, diagnoses=tuple(d.code for d in row.diagnoses),
        lines=tuple(line_to_domain(x) for x in row.lines))


def encounter_values(e: Encounter) -> dict[str, Any]:
    """Domain -> column values of ``encounters`` (without children)."""
    return e.model_dump(exclude={"version", "diagnoses", "lines"})


def claim_to_domain(row: t.ClaimRow) -> Claim:
    """ORM -> domain."""
    data = {c.key: getattr(row, c.key) for c in t.ClaimRow.__table__.columns}
    return _make(Claim, **data)


def claim_values(c: Claim) -> dict[str, Any]:
    """Domain -> column values of ``claims``."""
    return c.model_dump(exclude={"version"})


def history_to_domain(row: t.ClaimHistoryRow) -> StatusChange:
    """ORM -> domain."""
    return _make(StatusChange, id=row.id, claim_id=row.claim_id, at=row.at,
                 from_status=row.from_status, to_status=row.to_status, reason=row.reason)


def entry_to_domain(row: t.LedgerEntryRow) -> LedgerEntry:
    """ORM -> domain."""
    data = {c.key: getattr(row, c.key) for c in t.LedgerEntryRow.__table__.columns}
    return _make(LedgerEntry, **data)


def entry_values(e: LedgerEntry) -> dict[str, Any]:
    """Domain -> column values of ``ledger_entries``."""
    return e.model_dump()


def dump_json(value: Any) -> str:
    """Compact JSON for audit and settings values."""
    return json.dumps(value, sort_keys=True, default=str)
