"""The claim editor as data (Qt-free): CMS-1500 sections, lines, diagnoses, enabled actions.

Values that come from other records (patient, policy, practice, providers, the coded visit)
are read-only and carry a ``jump`` naming where they are edited. The claim owns only its
status note and box 22 (frequency code and the payer's claim number).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.claims import EDITABLE, TRANSITIONS, ClaimStatus, FrequencyCode
from app.domain.encounters import DX_LETTERS
from app.domain.practice import Address
from app.domain.submission import ClaimData, PersonName, ProviderData
from app.ui.presenters.form_values import format_date, format_phone

#: Where a read-only value is edited.
JUMP_PATIENT = "patient"
JUMP_PRACTICE = "settings.practice"
JUMP_PROVIDERS = "settings.providers"
JUMP_PAYERS = "settings.payers"
JUMP_CODING = "coding"

#: Sections (editor tabs) in CMS-1500 order.
PATIENT, PHYSICIAN, LINES, PROVIDER = "patient", "physician", "lines", "provider"
SECTION_TITLES: dict[str, str] = {
    PATIENT: "1-13 Patient && insured",
    PHYSICIAN: "14-23 Physician",
    LINES: "24 Service lines",
    PROVIDER: "25-33 Billing",
}
SECTION_TOOLTIPS: dict[str, str] = {
    PATIENT: "CMS-1500 items 1-13: patient and insured information",
    PHYSICIAN: "CMS-1500 items 14-23: physician or supplier information, diagnoses",
    LINES: "CMS-1500 item 24: service lines",
    PROVIDER: "CMS-1500 items 25-33: tax id, totals, rendering and billing provider",
}
RELATIONSHIPS = {"18": "Self", "01": "Spouse", "19": "Child", "20": "Employee",
                 "53": "Life partner", "G8": "Other"}
FREQUENCY_LABELS: dict[str, str] = {
    FrequencyCode.ORIGINAL.value: "1 - Original",
    FrequencyCode.REPLACEMENT.value: "7 - Replacement (corrected claim)",
    FrequencyCode.VOID.value: "8 - Void / cancel of prior claim",
}


@dataclass(frozen=True)
class Field:
    """One read-only box on the editor."""

    key: str  # widget name suffix: ``box_<key>``
    box: str
    label: str
    value: str
    jump: str | None = None


@dataclass(frozen=True)
class LineRow:
    """One service line (box 24) as the editor table shows it."""

    id: int  # the line number (1-based)
    dates: str
    place_of_service: str
    code: str
    modifiers: str
    pointers: str
    charge: Decimal
    units: str
    npi: str
    ndc: str


@dataclass(frozen=True)
class DiagnosisRow:
    """One diagnosis (box 21)."""

    id: int  # position, 1-based
    letter: str
    code: str


@dataclass(frozen=True)
class ActionState:
    """Which actions the selected claim allows (from ``TRANSITIONS``)."""

    scrub: bool = False
    hold: bool = False
    release: bool = False
    print: bool = False
    void: bool = False
    edit_note: bool = False
    frequency_codes: tuple[str, ...] = (FrequencyCode.ORIGINAL.value,)


def person(name: PersonName | None) -> str:
    if name is None:
        return ""
    first = " ".join(p for p in (name.first, name.middle[:1]) if p)
    return f"{name.last}, {first}".strip(", ") + (f" {name.suffix}" if name.suffix else "")


def address(value: Address | None, phone: str = "") -> str:
    if value is None:
        return ""
    text = value.one_line()
    return f"{text} · {format_phone(phone)}" if phone else text


def provider(p: ProviderData | None) -> str:
    if p is None:
        return ""
    return f"{person(p.name)} {p.credential}".strip()


def yes_no(flag: bool) -> str:
    return "Yes" if flag else "No"


def _other_insured(data: ClaimData) -> str:
    if not data.other_payers:
        return "None"
    other = data.other_payers[0]
    return f"{person(other.subscriber.name)} · {other.payer.name} ({other.subscriber.member_id})"


def patient_fields(data: ClaimData) -> list[Field]:
    s, p = data.subscriber, data.patient
    accident = " ".join(x for x in (data.accident_cause, data.accident_state,
                                     format_date(data.accident_date)) if x) or "No"
    return [
        Field("payer", "", "Payer", f"{data.payer.name} ({data.payer.payer_id})", JUMP_PAYERS),
        Field("1", "1", "Insurance type", data.payer.filing_indicator, JUMP_PAYERS),
        Field("1a", "1a", "Insured's ID number", s.member_id, JUMP_PATIENT),
        Field("2", "2", "Patient's name", person(p.name), JUMP_PATIENT),
        Field("3", "3", "Patient's birth date, sex", f"{format_date(p.birth_date)}  {p.sex}",
              JUMP_PATIENT),
        Field("4", "4", "Insured's name", person(s.name), JUMP_PATIENT),
        Field("5", "5", "Patient's address", address(p.address, p.phone), JUMP_PATIENT),
        Field("6", "6", "Relationship to insured",
              RELATIONSHIPS.get(data.relationship, data.relationship), JUMP_PATIENT),
        Field("7", "7", "Insured's address", address(s.address, s.phone), JUMP_PATIENT),
        Field("9", "9", "Other insured", _other_insured(data), JUMP_PATIENT),
        Field("10", "10", "Accident related", accident, JUMP_CODING),
        Field("11", "11", "Insured's group number", s.group_number, JUMP_PATIENT),
        Field("11a", "11a", "Insured's birth date, sex",
              f"{format_date(s.birth_date)}  {s.sex}", JUMP_PATIENT),
        Field("11c", "11c", "Plan or program name", s.group_name, JUMP_PATIENT),
        Field("12", "12", "Release of information", data.release_of_information),
        Field("13", "13", "Benefits assigned", yes_no(data.benefits_assigned)),
    ]


def physician_fields(data: ClaimData) -> list[Field]:
    ref = data.referring
    return [
        Field("14", "14", "Onset of current illness", format_date(data.onset_date), JUMP_CODING),
        Field("17", "17", "Referring provider", provider(ref), JUMP_CODING),
        Field("17b", "17b", "Referring NPI", ref.npi if ref else "", JUMP_PROVIDERS),
        Field("19", "19", "Additional claim information", data.note, JUMP_CODING),
        Field("22", "22", "Resubmission code, original ref. no.",
              f"{FREQUENCY_LABELS.get(data.frequency_code, data.frequency_code)}  "
              f"{data.payer_claim_number}".strip()),
        Field("23", "23", "Prior authorization number", data.prior_auth_number, JUMP_CODING),
    ]


def provider_fields(data: ClaimData) -> list[Field]:
    b = data.billing
    facility = data.facility_name or b.name
    return [
        Field("25", "25", "Federal tax ID (EIN)", b.ein, JUMP_PRACTICE),
        Field("26", "26", "Patient's account no.", data.control_number),
        Field("27", "27", "Accept assignment", yes_no(data.assignment == "A")),
        Field("28", "28", "Total charge", f"{data.total_charge:,.2f}"),
        Field("29", "29", "Amount paid", f"{data.amount_paid:,.2f}"),
        Field("31", "31", "Rendering provider", provider(data.rendering), JUMP_PROVIDERS),
        Field("32", "32", "Service facility",
              f"{facility} · {address(data.facility_address or b.address)}", JUMP_PRACTICE),
        Field("32a", "32a", "Facility NPI", data.facility_npi or b.npi, JUMP_PRACTICE),
        Field("33", "33", "Billing provider",
              f"{b.name} · {address(b.address, b.phone)}", JUMP_PRACTICE),
        Field("33a", "33a", "Billing NPI", b.npi, JUMP_PRACTICE),
        Field("33b", "33b", "Billing taxonomy", b.taxonomy, JUMP_PRACTICE),
    ]


def _dates(start: date, end: date | None) -> str:
    return format_date(start) + (f" - {format_date(end)}" if end and end != start else "")


def line_rows(data: ClaimData) -> list[LineRow]:
    default_npi = data.rendering.npi if data.rendering else ""
    return [LineRow(
        id=line.line_number, dates=_dates(line.date_from, line.date_to),
        place_of_service=line.place_of_service or data.place_of_service, code=line.code,
        modifiers=" ".join(line.modifiers),
        pointers="".join(DX_LETTERS[p - 1] for p in line.pointers), charge=line.charge,
        units=f"{line.units.normalize():f}", npi=line.rendering_npi or default_npi,
        ndc=line.ndc) for line in data.lines]


def diagnosis_rows(data: ClaimData) -> list[DiagnosisRow]:
    return [DiagnosisRow(id=n + 1, letter=DX_LETTERS[n], code=code)
            for n, code in enumerate(data.diagnoses)]


def action_state(status: ClaimStatus, submitted_on: date | None,
                 frequency_code: str = FrequencyCode.ORIGINAL.value) -> ActionState:
    """Enabled actions for a claim in ``status``, read from the transition table.

    A claim built as a replacement or void keeps its own code on offer, so the header
    shows what box 22 and CLM05-3 carry.
    """
    allowed = TRANSITIONS[status]
    resendable = submitted_on is not None and status in EDITABLE and \
        ClaimStatus.READY in allowed | {status}
    codes = [FrequencyCode.ORIGINAL.value]
    if resendable or str(frequency_code) != FrequencyCode.ORIGINAL.value:
        codes += [FrequencyCode.REPLACEMENT.value, FrequencyCode.VOID.value]
    return ActionState(
        scrub=status in (ClaimStatus.DRAFT, ClaimStatus.READY),
        hold=ClaimStatus.ON_HOLD in allowed,
        release=status == ClaimStatus.ON_HOLD and ClaimStatus.DRAFT in allowed,
        print=ClaimStatus.SUBMITTED in allowed or submitted_on is not None,
        void=ClaimStatus.VOID in allowed,
        edit_note=status in EDITABLE,
        frequency_codes=tuple(codes))


def status_label(status: str) -> str:
    return str(status).replace("_", " ").capitalize()
