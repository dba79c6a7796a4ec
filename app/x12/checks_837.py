"""ClaimDesk's own 837P checks: the rules payers enforce that pyx12 does not.

Each check returns every problem at once; ``source`` names the claim (``claim PCN0001``) and
``field`` the loop/element path (``2010AA/NM109``, ``2400[3]/SV107``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from decimal import Decimal

from app.domain import identifiers as ids
from app.domain.errors import Problem
from app.domain.submission import ClaimData, ClaimLineData, OtherPayerData, PersonName
from app.x12 import format as fmt

MAX_CLM01 = 20
MAX_DIAGNOSES = 12
MAX_LINES = 50
MAX_POINTERS = 4
MAX_MODIFIERS = 4
PATIENT_RELATIONSHIPS = frozenset({"01", "19", "20", "21", "39", "40", "53", "G8"})
OTHER_RELATIONSHIPS = PATIENT_RELATIONSHIPS | {"18"}
FREQUENCIES = frozenset({"1", "6", "7", "8"})
_ICD = re.compile(r"[A-Z][0-9][0-9A-Z]{1,5}")
_MODIFIER = re.compile(r"[A-Z0-9]{2}")
_CLM01 = re.compile(r"[A-Za-z0-9-]+")
_EIN_DIGITS = re.compile(r"\d{9}")
_EIN_TEXT = re.compile(r"[\d-]+")
_CLIA = re.compile(r"\d{2}D\d{7}")
_RARC = re.compile(r"[A-Z]{1,2}\d{1,4}")
#: CLM20 delay reason codes (x12-837p.md §2.1: 1-11 and 15).
DELAY_REASONS = frozenset({*(str(n) for n in range(1, 12)), "15"})
PWK_TRANSMISSIONS = frozenset({"AA", "BM", "EL", "EM", "FT", "FX"})
EPSDT_CODES = frozenset({"NU", "AV", "S2", "ST"})
UNIT_CODES = frozenset({"UN", "MJ"})
_PO_BOX = re.compile(r"\b(P\s*O\s*BOX|POST\s+OFFICE\s+BOX|LOCK\s*BOX|POB)\b")

_Found = Iterator[tuple[str, str]]  # (field, message)


def check_claims(claims: Sequence[ClaimData], *, today: date | None = None) -> list[Problem]:
    """Check claims for what payers reject and pyx12 does not catch.

    Args:
        claims: the batch about to be written.
        today: the date to judge future dates against (default: today).

    Returns:
        Every problem found (empty when the batch can be sent).
    """
    today = today or date.today()
    problems: list[Problem] = []
    counts = Counter(c.control_number for c in claims)
    billing: dict[int, list[tuple[str, str]]] = {}  # claims usually share one billing record
    for claim in claims:
        source = f"claim {claim.control_number}"
        key = id(claim.billing)
        if key not in billing:
            billing[key] = list(_billing(claim, today))
        found = list(billing[key])
        for check in _CHECKS:
            found.extend(check(claim, today))
        if counts[claim.control_number] > 1:
            found.append(("2300/CLM01", "The claim number appears more than once in this batch; "
                                        "each claim needs its own patient control number."))
        problems += [Problem(source, field, message) for field, message in found]
    return problems


def _npi(field: str, value: str, who: str) -> _Found:
    message = ids.check_npi(value)
    if message:
        yield field, f"{who}: {message}"


def _billing(c: ClaimData, today: date) -> _Found:
    b = c.billing
    yield from _npi("2010AA/NM109", b.npi, "Billing provider NPI")
    if not fmt.org_name(b.name):
        yield "2010AA/NM103", "The billing provider name is empty once cleaned for X12."
    if len(fmt.digits(b.address.zip)) != 9:
        yield "2010AA/N403", "The billing provider needs a ZIP+4 (nine digits) on claims."
    if _PO_BOX.search(fmt.clean(b.address.street1).replace(".", "")):
        yield "2010AA/N301", ("The billing address must be a street address; put a PO Box in "
                              "the pay-to address.")
    if not _EIN_DIGITS.fullmatch(fmt.digits(b.ein)) or not _EIN_TEXT.fullmatch(b.ein):
        yield "2010AA/REF02", "The billing provider EIN must be 9 digits (37-1234567)."


def _claim_header(c: ClaimData, today: date) -> _Found:
    cn = c.control_number
    if not cn:
        yield "2300/CLM01", "The claim has no patient control number."
    elif len(cn) > MAX_CLM01:
        yield "2300/CLM01", f"The claim number {cn} is {len(cn)} characters; the limit is 20."
    elif not _CLM01.fullmatch(cn):
        yield "2300/CLM01", "The claim number may contain only letters, digits and hyphens."
    if c.frequency_code not in FREQUENCIES:
        yield "2300/CLM05-3", f"Claim frequency {c.frequency_code!r} is not 1, 7 or 8."
    elif c.frequency_code in ("7", "8") and not c.payer_claim_number:
        yield "2300/REF02", ("A corrected or voided claim needs the payer's original claim "
                             "number (REF*F8).")
    if c.accident_cause == "AA" and not c.accident_state:
        yield "2300/CLM11-4", "An auto accident claim needs the state where it happened."
    if c.amount_paid < 0:
        yield "2300/AMT02", "The patient amount paid cannot be negative."


def _diagnoses(c: ClaimData, today: date) -> _Found:
    if not c.diagnoses:
        yield "2300/HI", "The claim has no diagnosis code."
    elif len(c.diagnoses) > MAX_DIAGNOSES:
        yield "2300/HI", (f"The claim has {len(c.diagnoses)} diagnosis codes; at most 12 fit on "
                          "one claim. Split it into two claims.")
    for index, dx in enumerate(c.diagnoses[:MAX_DIAGNOSES], start=1):
        code = fmt.icd(dx)
        if not _ICD.fullmatch(code):
            yield f"2300/HI{index:02d}-2", f"{dx!r} is not an ICD-10-CM code."
    if len(set(map(fmt.icd, c.diagnoses))) != len(c.diagnoses):
        yield "2300/HI", "The same diagnosis code is listed twice."


def _relationship(c: ClaimData, today: date) -> _Found:
    if c.patient_is_subscriber:
        same = _same_person(c.patient.name, c.subscriber.name)
        dob = c.subscriber.birth_date
        if not same or (dob is not None and dob != c.patient.birth_date):
            yield "2000B/SBR02", ("The patient is marked as the subscriber (self) but the "
                                  "subscriber's name or birth date differs.")
    elif c.relationship not in PATIENT_RELATIONSHIPS:
        yield "2000C/PAT01", f"Relationship code {c.relationship!r} is not a valid 837 code."
    for n, other in enumerate(c.other_payers, start=1):
        yield from _other_payer(c, n, other)


def _same_person(a: PersonName, b: PersonName) -> bool:
    return (fmt.split_suffix(a.last, "")[0], fmt.name_part(a.first)) == (
        fmt.split_suffix(b.last, "")[0], fmt.name_part(b.first))


def _other_payer(c: ClaimData, n: int, o: OtherPayerData) -> _Found:
    loop = f"2320[{n}]"
    if o.relationship not in OTHER_RELATIONSHIPS:
        yield f"{loop}/SBR02", f"Relationship code {o.relationship!r} is not a valid 837 code."
    if o.responsibility == c.subscriber.responsibility:
        yield f"{loop}/SBR01", "The other payer has the same rank as the payer billed."
    if not o.payer.payer_id:
        yield f"2330B[{n}]/NM109", "The other payer has no payer id."
    for code in o.remark_codes:
        if not _RARC.fullmatch(code):
            yield f"{loop}/MOA", f"{code!r} is not a remittance advice remark code."
    if len(o.remark_codes) > 5:
        yield f"{loop}/MOA", "At most 5 claim-level remark codes fit in the MOA segment."
    if o.paid is None:
        return
    adjustments = sum((a.amount for a in o.claim_adjustments), Decimal(0)) + sum(
        (a.amount for line in c.lines for adj in line.adjudications
         if adj.payer_id == o.payer.payer_id for a in adj.adjustments), Decimal(0))
    if c.total_charge - adjustments != o.paid:
        yield f"{loop}/AMT02", (f"Charges {c.total_charge} minus adjustments {adjustments} do not "
                                f"equal the amount paid by {o.payer.name} ({o.paid}).")


def _people(c: ClaimData, today: date) -> _Found:
    names = [("2010BA/NM103", c.subscriber.name.last, "subscriber"),
             ("2010BB/NM103", c.payer.name, "payer")]
    if not c.patient_is_subscriber:
        names.append(("2010CA/NM103", c.patient.name.last, "patient"))
    for field, value, who in names:
        if not fmt.name_part(value):
            yield field, f"The {who} name is empty once cleaned for X12 (letters needed)."
    if not fmt.identifier(c.subscriber.member_id):
        yield "2010BA/NM109", "The subscriber has no member id."
    if not fmt.identifier(c.payer.payer_id):
        yield "2010BB/NM109", "The payer has no payer id."
    dob_loop = "2010BA" if c.patient_is_subscriber else "2010CA"
    if c.patient.birth_date > today:
        yield f"{dob_loop}/DMG02", "The patient's date of birth is in the future."
    sub_dob = c.subscriber.birth_date
    if not c.patient_is_subscriber and sub_dob is not None and sub_dob > today:
        yield "2010BA/DMG02", "The subscriber's date of birth is in the future."


def _providers(c: ClaimData, today: date) -> _Found:
    named = [("2310A", c.referring, "Referring provider"),
             ("2310B", c.rendering, "Rendering provider"),
             ("2310D", c.supervising, "Supervising provider")]
    for n, line in enumerate(c.lines, start=1):
        named += [(f"2420A[{n}]", line.rendering, f"Line {n} rendering provider"),
                  (f"2420E[{n}]", line.ordering, f"Line {n} ordering provider")]
    for loop, provider, who in named:
        if provider is None:
            continue
        yield from _npi(f"{loop}/NM109", provider.npi, f"{who} NPI")
        if not fmt.name_part(provider.name.last):
            yield f"{loop}/NM103", f"The {who.lower()} name is empty once cleaned for X12."
    if c.facility_npi:
        yield from _npi("2310C/NM109", c.facility_npi, "Service facility NPI")
    if c.facility_address is not None and len(fmt.digits(c.facility_address.zip)) != 9:
        yield "2310C/N403", "The service facility needs a ZIP+4 (nine digits)."


def _claim_details(c: ClaimData, today: date) -> _Found:
    if any(line.clia_covered for line in c.lines):
        if not c.clia_number:
            yield "2300/REF02", ("The claim bills a CLIA-covered lab test but the practice has no "
                                 "CLIA number (Settings > Practice).")
        elif not _CLIA.fullmatch(c.clia_number):
            yield "2300/REF02", (f"CLIA number {c.clia_number!r} must be 10 characters: two "
                                 "digits, the letter D, seven digits (12D3456789).")
    if c.delay_reason and c.delay_reason not in DELAY_REASONS:
        yield "2300/CLM20", f"Delay reason {c.delay_reason!r} is not 1-11 or 15."
    for n, a in enumerate(c.attachments, start=1):
        if not re.fullmatch(r"[A-Z0-9]{2}", a.report_type):
            yield f"2300/PWK[{n}]/PWK01", f"Attachment type {a.report_type!r} is not a code."
        if a.transmission not in PWK_TRANSMISSIONS:
            yield f"2300/PWK[{n}]/PWK02", (f"Attachment transmission {a.transmission!r} is not "
                                           "AA, BM, EL, EM, FT or FX.")
        elif a.transmission != "AA" and not fmt.identifier(a.control_number):
            yield f"2300/PWK[{n}]/PWK06", ("An attachment sent by mail, fax or electronically "
                                           "needs its attachment control number.")
    if len(c.attachments) > 10:
        yield "2300/PWK", "A claim carries at most 10 attachments."
    lmp = c.last_menstrual_period
    if lmp is not None and lmp > c.date_of_service:
        yield "2300/DTP03", "The last menstrual period is after the date of service."
    if c.epsdt_referral:
        if c.epsdt_referral not in EPSDT_CODES:
            yield "2300/CRC03", f"EPSDT referral code {c.epsdt_referral!r} is not NU, AV, S2 or ST."
        if c.payer.filing_indicator != "MC":
            yield "2300/CRC", "EPSDT referral information is sent to Medicaid payers only."


def _lines(c: ClaimData, today: date) -> _Found:
    if not c.lines:
        yield "2400", "The claim has no service lines."
    if len(c.lines) > MAX_LINES:
        yield "2400", f"The claim has {len(c.lines)} service lines; at most 50 fit on one claim."
    for index, line in enumerate(c.lines, start=1):
        yield from _line(c, f"2400[{index}]", line, today)


def _line(c: ClaimData, loop: str, line: ClaimLineData, today: date) -> _Found:
    if line.charge <= 0:
        yield f"{loop}/SV102", "The line charge must be more than zero."
    elif line.charge != line.charge.quantize(Decimal("0.01")):
        yield f"{loop}/SV102", "The line charge has more than two decimals."
    if line.units <= 0:
        yield f"{loop}/SV104", "The units must be more than zero."
    if line.unit_code not in UNIT_CODES:
        yield f"{loop}/SV103", f"Unit code {line.unit_code!r} is not UN (units) or MJ (minutes)."
    elif line.unit_code == "MJ" and line.units != line.units.to_integral_value():
        yield f"{loop}/SV104", "Anesthesia time is reported in whole minutes."
    if not fmt.identifier(line.code):
        yield f"{loop}/SV101-2", "The line has no procedure code."
    if len(line.modifiers) > MAX_MODIFIERS:
        yield f"{loop}/SV101", "A line takes at most 4 modifiers."
    for n, mod in enumerate(line.modifiers[:MAX_MODIFIERS], start=3):
        if not _MODIFIER.fullmatch(mod.upper()):
            yield f"{loop}/SV101-{n}", f"Modifier {mod!r} must be exactly 2 letters or digits."
    yield from _pointers(c, loop, line)
    yield from _line_dates(loop, line, today)
    if line.ndc and fmt.ndc11(line.ndc) is None:
        yield f"{loop}/LIN03", (f"NDC {line.ndc!r} cannot be made into 11 digits; enter it with "
                                "hyphens as printed on the package (12345-6789-01).")


def _pointers(c: ClaimData, loop: str, line: ClaimLineData) -> _Found:
    field = f"{loop}/SV107"
    if not line.pointers:
        yield field, "The line points to no diagnosis."
    elif len(line.pointers) > MAX_POINTERS:
        yield field, "A line points to at most 4 diagnoses."
    count = len(c.diagnoses)
    for pointer in line.pointers:
        if not 1 <= pointer <= min(count, MAX_DIAGNOSES):
            yield field, (f"Diagnosis pointer {pointer} does not match a diagnosis on the claim "
                          f"(it has {count}).")
    if len(set(line.pointers)) != len(line.pointers):
        yield field, "The same diagnosis pointer is listed twice."


def _line_dates(loop: str, line: ClaimLineData, today: date) -> _Found:
    if line.date_from > today or (line.date_to is not None and line.date_to > today):
        yield f"{loop}/DTP03", "The date of service is after today."
    if line.date_to is not None and line.date_to < line.date_from:
        yield f"{loop}/DTP03", "The service end date is before its start date."


_CHECKS: tuple[Callable[[ClaimData, date], _Found], ...] = (
    _claim_header, _claim_details, _diagnoses, _relationship, _people, _providers, _lines)
