"""Convert between stored rows (ORM objects or ``plain_rows`` namespaces) and domain records.

Claims are built by ``app.store.claims.reader`` (one row type).
"""

from __future__ import annotations

import json
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import ValidationError

from app.domain.base import Record
from app.domain.base import trusted as trusted_record
from app.domain.claims import Claim, StatusChange
from app.domain.encounters import Attachment, CodingStatus, Encounter, ServiceLine
from app.domain.ledger import LedgerEntry
from app.domain.patients import (
    EligibilityCheck,
    EligibilityStatus,
    Patient,
    Person,
    Policy,
    PolicyOrder,
    PriorAuth,
    Relationship,
    Sex,
)
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


_MEMBERS: dict[type[StrEnum], dict[str, StrEnum]] = {}


def build_record(cls: type[R], trusted: bool, enums: dict[str, type[StrEnum]] | None = None,
                 **values: Any) -> R:
    """``_make``, or for ``trusted`` bulk reads a record built without re-validation.

    Stored rows were validated when they were saved (and the tables hold CHECK
    constraints); batch export and ERA posting read thousands of them, so they skip the
    second validation. Enum columns are still turned into their enum members.
    """
    if not trusted:
        return _make(cls, **values)
    for key, kind in (enums or {}).items():
        members = _MEMBERS.get(kind) or _MEMBERS.setdefault(kind, {e.value: e for e in kind})
        value = values.get(key)
        values[key] = members.get(value, value)  # an unknown stored value stays as it is
    return trusted_record(cls, **values)


_build = build_record


def _address(row: Any, trusted: bool = False) -> Address | None:
    if not row.street1:
        return None
    return _build(Address, trusted, street1=row.street1, street2=row.street2, city=row.city,
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
        statement_message=row.statement_message, clia_number=row.clia_number)


def practice_to_row(p: Practice, row: t.PracticeRow) -> None:
    """Domain -> ORM (in place)."""
    _apply(row, p.model_dump(include={"legal_name", "npi", "ein", "taxonomy", "phone",
                                      "statement_message", "clia_number"}))
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


def patient_to_domain(row: t.PatientRow | tuple[Any, ...], trusted: bool = False) -> Patient:
    """ORM (or plain row) -> domain."""
    return _build(Patient, trusted, {"sex": Sex},
        id=row.id, version=row.version, account_number=row.account_number,
        last_name=row.last_name, first_name=row.first_name, middle_name=row.middle_name,
        suffix=row.suffix, birth_date=row.birth_date, sex=row.sex,
        address=_address(row, trusted),
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


def policy_to_domain(row: t.PolicyRow | tuple[Any, ...], trusted: bool = False) -> Policy:
    """ORM (or plain row) -> domain."""
    subscriber = Person.model_validate_json(row.subscriber_json) if row.subscriber_json else None
    return _build(Policy, trusted, {"order": PolicyOrder, "relationship": Relationship},
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


def eligibility_to_domain(row: t.EligibilityRow | tuple[Any, ...],
                          trusted: bool = False) -> EligibilityCheck:
    """ORM (or plain row) -> domain."""
    return _build(EligibilityCheck, trusted, {"status": EligibilityStatus},
        id=row.id, policy_id=row.policy_id, checked_on=row.checked_on, status=row.status,
        copay=row.copay, deductible_remaining=row.deductible_remaining, reference=row.reference,
        note=row.note)


def auth_to_domain(row: t.PriorAuthRow | tuple[Any, ...], trusted: bool = False) -> PriorAuth:
    """ORM (or plain row) -> domain."""
    return _build(PriorAuth, trusted, None,
        id=row.id, version=row.version, patient_id=row.patient_id, payer_id=row.payer_id,
        number=row.number, codes=tuple(c for c in row.codes.split(",") if c),
        visits_allowed=row.visits_allowed, visits_used=row.visits_used,
        start_date=row.start_date, end_date=row.end_date, note=row.note)


def auth_to_row(a: PriorAuth, row: t.PriorAuthRow) -> None:
    """Domain -> ORM (in place)."""
    _apply(row, a.model_dump(exclude={"id", "version", "codes", "patient_id"}))
    row.patient_id = a.patient_id  # type: ignore[assignment]
    row.codes = ",".join(a.codes)


def line_to_domain(row: t.ServiceLineRow | tuple[Any, ...], trusted: bool = False) -> ServiceLine:
    """ORM (or plain row) -> domain."""
    qty = row.ndc_quantity_milli
    modifiers, pointers = row.modifiers, row.pointers
    return _build(ServiceLine, trusted, None,
        id=row.id, line_number=row.line_number, code=row.code,
        modifiers=tuple(m for m in modifiers.split(",") if m) if modifiers else (),
        units=_milli(row.units_milli), charge=row.charge,
        pointers=tuple(int(p) for p in pointers.split(",") if p) if pointers else (),
        place_of_service=row.place_of_service, ndc=row.ndc, ndc_unit=row.ndc_unit,
        ndc_quantity=None if qty is None else _milli(qty), note=row.note,
        end_date=row.end_date, rendering_provider_id=row.rendering_provider_id,
        ordering_provider_id=row.ordering_provider_id, unit_code=row.unit_code)


def _milli(thousandths: int) -> Decimal:
    """Stored thousandths -> a normalized Decimal (``1500`` -> ``1.5``, ``1000`` -> ``1``)."""
    return Decimal(thousandths).scaleb(-3).normalize()


def line_values(line: ServiceLine) -> dict[str, Any]:
    """Domain -> column values of ``service_lines``."""
    qty = line.ndc_quantity
    return {
        "id": line.id, "line_number": line.line_number, "code": line.code,
        "modifiers": ",".join(line.modifiers), "units_milli": int(line.units * MILLI),
        "charge": line.charge, "pointers": ",".join(str(p) for p in line.pointers),
        "place_of_service": line.place_of_service, "ndc": line.ndc, "ndc_unit": line.ndc_unit,
        "ndc_quantity_milli": None if qty is None else int(qty * MILLI), "note": line.note,
        "end_date": line.end_date, "rendering_provider_id": line.rendering_provider_id,
        "ordering_provider_id": line.ordering_provider_id, "unit_code": line.unit_code,
    }


def encounter_to_domain(row: t.EncounterRow) -> Encounter:
    """ORM -> domain (with diagnoses and lines)."""
    return encounter_from_parts(row, tuple(d.code for d in row.diagnoses),
                                tuple(line_to_domain(x) for x in row.lines))


def encounter_from_parts(row: t.EncounterRow | tuple[Any, ...], diagnoses: tuple[str, ...],
                         lines: tuple[ServiceLine, ...], trusted: bool = False) -> Encounter:
    """An encounter row (ORM or plain) with its diagnosis codes and lines -> domain."""
    return _build(Encounter, trusted, {"coding_status": CodingStatus},
        id=row.id, version=row.version, patient_id=row.patient_id,
        date_of_service=row.date_of_service, place_of_service=row.place_of_service,
        rendering_provider_id=row.rendering_provider_id,
        referring_provider_id=row.referring_provider_id, prior_auth_id=row.prior_auth_id,
        documentation=row.documentation, coding_status=row.coding_status,
        coding_note=row.coding_note, onset_date=row.onset_date,
        accident_cause=row.accident_cause, accident_state=row.accident_state,
        accident_date=row.accident_date, referral_number=row.referral_number,
        claim_note=row.claim_note, supervising_provider_id=row.supervising_provider_id,
        last_menstrual_period=row.last_menstrual_period, delay_reason=row.delay_reason,
        epsdt_referral=row.epsdt_referral,
        attachments=_attachments(row.attachments_json, trusted),
        diagnoses=diagnoses, lines=lines)


def _attachments(text: str, trusted: bool) -> tuple[Attachment, ...]:
    if not text:
        return ()
    return tuple(_build(Attachment, trusted, None, **item) for item in json.loads(text))


def encounter_values(e: Encounter) -> dict[str, Any]:
    """Domain -> column values of ``encounters`` (without children)."""
    values = e.model_dump(exclude={"version", "diagnoses", "lines", "attachments"})
    values["attachments_json"] = json.dumps(
        [a.model_dump() for a in e.attachments]) if e.attachments else ""
    return values


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
