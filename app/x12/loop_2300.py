"""The 837P claim: loop 2300 with 2310A-D and 2320/2330A/2330B, then its 2400 lines.

Situational segments follow the 005010X222A1 TR3 usage notes (segment order from pyx12's map
``837.5010.X222.A1.xml``); each is written only when its rule applies:

* CLM20 delay reason: when the claim is sent after the payer's filing limit for a reason the
  code list accepts (``x12-837p.md`` §2.1).
* DTP*484 last menstrual period: when the services relate to a pregnancy (the claim carries
  the date only then; NUCC item 14 uses qualifier 484 for it).
* PWK: when supporting paperwork exists; PWK05 = ``AC`` + PWK06 control number are required
  for every transmission code except ``AA`` (available on request at the provider site;
  4010/5010 PWK notes, eedi.net 837 PWK pages).
* REF*X4 CLIA number: when a line is a CLIA-covered laboratory test performed by the billing
  provider ("required for all CLIA certified facilities performing CLIA covered laboratory
  services"; CMS puts the same number in item 23 of the CMS-1500).
* CRC*ZZ EPSDT referral: only on Medicaid (SBR09 ``MC``) EPSDT screening claims; CRC02 is
  ``N`` with CRC03 ``NU`` when no referral was given, else ``Y`` with AV/S2/ST.
* 2310D supervising provider: when the rendering provider (NP/PA) was supervised and the
  supervisor is not that rendering provider.
* 2320/2330A/2330B: for every other payer known to be involved, on primary claims too
  (no AMT*D there: that payer has not adjudicated yet); MOA when that payer reported
  claim-level remark codes (X12 RFI 1055 quotes the MOA rule: required to report a RARC at
  the claim level).
"""

from __future__ import annotations

from app.domain.submission import AttachmentData, ClaimData, OtherPayerData
from app.x12 import format as fmt
from app.x12 import loop_2400
from app.x12.seg_writer import SegmentWriter, yn

MEDICAID = "MC"
#: PWK02 codes that require PWK05 = AC and PWK06 (all except AA).
PWK_NEEDS_CONTROL = frozenset({"BM", "EL", "EM", "FT", "FX"})
MAX_ATTACHMENTS = 10
MAX_REMARKS = 5


def write_claim(w: SegmentWriter, c: ClaimData) -> None:
    """Write one claim: 2300, 2310A-D, 2320/2330 and the 2400 lines."""
    _clm(w, c)
    for qualifier, day in (("431", c.onset_date), ("439", c.accident_date),
                           ("484", c.last_menstrual_period)):
        if day is not None:
            w.seg("DTP", qualifier, "D8", fmt.d8(day))
    for attachment in c.attachments[:MAX_ATTACHMENTS]:
        _pwk(w, attachment)
    if c.amount_paid > 0:
        w.seg("AMT", "F5", fmt.amount(c.amount_paid))
    _claim_refs(w, c)
    w.note(c.note)
    if c.epsdt_referral and c.payer.filing_indicator == MEDICAID:
        code = w.text(c.epsdt_referral, 2)
        w.seg("CRC", "ZZ", "N" if code == "NU" else "Y", code)
    w.seg("HI", *(w.comp("ABF" if i else "ABK", fmt.icd(dx))
                  for i, dx in enumerate(c.diagnoses)))
    _claim_providers(w, c)
    for other in c.other_payers:
        _other_payer(w, c, other)
    for index, line in enumerate(c.lines, start=1):
        loop_2400.write_line(w, c, index, line)


def _clm(w: SegmentWriter, c: ClaimData) -> None:
    related = ""
    if c.accident_cause:
        state = w.text(c.accident_state, 2) if c.accident_cause == "AA" else ""
        related = w.comp(w.text(c.accident_cause, 3), "", "", state)
    elements = ["CLM", w.ident(c.control_number, 38), fmt.amount(c.total_charge), "", "",
                w.comp(w.text(c.place_of_service, 2), "B", w.text(c.frequency_code, 1)),
                yn(c.signature_on_file), w.text(c.assignment, 1), yn(c.benefits_assigned),
                w.text(c.release_of_information, 1), "", related]
    delay = w.text(c.delay_reason, 2)
    if delay:  # CLM12..CLM19 stay empty (CLM13-19 are not used in the 837P)
        elements += [""] * 8 + [delay]
    w.seg(*elements)


def _pwk(w: SegmentWriter, a: AttachmentData) -> None:
    transmission = w.text(a.transmission, 2)
    control = w.ident(a.control_number, 50)
    if transmission in PWK_NEEDS_CONTROL or control:
        w.seg("PWK", w.text(a.report_type, 2), transmission, "", "", "AC", control)
    else:
        w.seg("PWK", w.text(a.report_type, 2), transmission)


def clia_applies(c: ClaimData) -> bool:
    """Whether the claim bills a CLIA-covered lab test (REF*X4 / box 23 needed)."""
    return any(line.clia_covered for line in c.lines)


def _claim_refs(w: SegmentWriter, c: ClaimData) -> None:
    replaces = c.frequency_code in ("7", "8")
    w.ref("9F", c.referral_number)
    w.ref("G1", c.prior_auth_number)
    if replaces:
        w.ref("F8", c.payer_claim_number)
    if clia_applies(c):
        w.ref("X4", c.clia_number)
    w.ref("EA", c.medical_record_number)


def _claim_providers(w: SegmentWriter, c: ClaimData) -> None:
    if c.referring is not None:
        w.provider("DN", c.referring)
    rendering = c.rendering
    if rendering is not None and rendering.npi != c.billing.npi:
        w.provider("82", rendering, specialty=True)
    if c.facility_name and c.facility_address is not None:
        w.org("77", c.facility_name, "XX", c.facility_npi)
        w.addr(c.facility_address)
    supervising = c.supervising
    if supervising is not None and supervising.npi != c.billing_rendering_npi:
        w.provider("DQ", supervising)


def _other_payer(w: SegmentWriter, c: ClaimData, o: OtherPayerData) -> None:
    """2320, 2330A and 2330B for one other payer."""
    sub = o.subscriber
    w.seg("SBR", w.text(o.responsibility, 1), w.text(o.relationship, 2),
          w.ident(sub.group_number, 50), w.text(sub.group_name, 60),
          w.text(sub.insurance_type_code, 3), "", "", "", w.text(o.payer.filing_indicator, 2))
    w.cas(o.claim_adjustments)
    if o.paid is not None:
        w.seg("AMT", "D", fmt.amount(o.paid))
    if o.remaining_patient_liability is not None:
        w.seg("AMT", "EAF", fmt.amount(o.remaining_patient_liability))
    w.seg("OI", "", "", yn(c.benefits_assigned), "P", "", w.text(c.release_of_information, 1))
    remarks = [w.ident(r, 30) for r in o.remark_codes[:MAX_REMARKS]]
    if any(remarks):
        w.seg("MOA", "", "", *(r for r in remarks if r))
    w.person("IL", sub.name, "MI", sub.member_id)
    w.addr(sub.address)
    w.org("PR", o.payer.name, "PI", o.payer.payer_id)
    w.addr(o.payer.address)
    has_lines = any(a.payer_id == o.payer.payer_id for line in c.lines
                    for a in line.adjudications)
    if o.adjudication_date and not has_lines:
        w.seg("DTP", "573", "D8", fmt.d8(o.adjudication_date))
    w.ref("F8", o.payer_claim_number)
