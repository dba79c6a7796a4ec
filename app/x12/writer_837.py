"""The 837P (005010X222A1) writer: ``ClaimData`` in, X12 text out.

Claims are grouped per transaction set into one 2000A per billing provider, one 2000B per
subscriber/payer (claims of the subscriber themself sit directly under it), and one 2000C per
dependent patient. The writer formats and cleans every value but does not judge the data:
run ``check_claims`` first and ``validate_x12`` after.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import islice

from app.domain.errors import Problem, ValidationFailed
from app.domain.practice import Address
from app.domain.progress import CancelToken, ProgressFn, no_progress
from app.domain.submission import (
    BillingProviderData,
    CasAdjustment,
    ClaimData,
    ClaimLineData,
    OtherPayerData,
    PayerData,
    PersonName,
    SubscriberData,
)
from app.x12 import envelope as envl
from app.x12 import format as fmt
from app.x12.envelope import Envelope

MAX_CLAIMS_PER_HL = 100
_SELF = "18"

# billing provider -> (subscriber, payer, patient is subscriber) -> patient key -> claims
_SubKey = tuple[SubscriberData, PayerData, bool]
_Groups = dict[BillingProviderData, dict[_SubKey, dict[object, list[ClaimData]]]]


def write_837(
    claims: Sequence[ClaimData],
    env: Envelope,
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    max_claims_per_st: int = 5000,
) -> str:
    """Write claims as one 837P interchange (one ISA/GS; one ST per ``max_claims_per_st``).

    Args:
        claims: the claims to send, in the order they should appear.
        env: control numbers, ids, date and delimiters.
        progress: called as ``progress(done, total, label)`` while writing.
        cancel: checked before every claim.
        max_claims_per_st: split into several transaction sets above this many claims.

    Returns:
        The interchange text.

    Raises:
        ValidationFailed: there are no claims.
        Cancelled: the token was cancelled.
    """
    if not claims:
        raise ValidationFailed([Problem("837 batch", "", "There are no claims to send.")])
    if max_claims_per_st < 1:
        raise ValueError("max_claims_per_st must be at least 1")
    total = len(claims)
    done = [0]

    def tick() -> None:
        if cancel is not None:
            cancel.check()
        done[0] += 1
        if done[0] % 200 == 0:
            progress(done[0], total, "Writing claims")

    chunks = [claims[i:i + max_claims_per_st] for i in range(0, total, max_claims_per_st)]
    parts = [envl.isa(env), envl.gs(env)]
    parts += [_write_set(env, index, chunk, tick) for index, chunk in enumerate(chunks)]
    parts += [envl.ge(env, len(chunks)), envl.iea(env)]
    progress(total, total, "Writing claims")
    return "".join(parts)


def _write_set(env: Envelope, index: int, claims: Sequence[ClaimData],
               tick: Callable[[], None]) -> str:
    writer = _TransactionWriter(env)
    for billing, subscribers in _group(claims).items():
        parent = writer.billing_provider(billing)
        for key, patients in subscribers.items():
            _write_subscriber(writer, parent, key, patients, tick)
    return writer.finish(index)


def _write_subscriber(writer: _TransactionWriter, parent: str, key: _SubKey,
                      patients: dict[object, list[ClaimData]], tick: Callable[[], None]) -> None:
    sub, payer, is_self = key
    if is_self:
        for chunk in _chunks(patients[None]):
            writer.subscriber(parent, sub, payer, chunk[0])
            for claim in chunk:
                tick()
                writer.claim(claim)
        return
    sub_hl = writer.subscriber(parent, sub, payer, None)
    for claims in patients.values():
        for chunk in _chunks(claims):
            writer.patient(sub_hl, chunk[0])
            for claim in chunk:
                tick()
                writer.claim(claim)


def _group(claims: Sequence[ClaimData]) -> _Groups:
    groups: _Groups = {}
    for claim in claims:
        is_self = claim.patient_is_subscriber
        sub_key = (claim.subscriber, claim.payer, is_self)
        patient_key = None if is_self else (claim.patient, claim.relationship)
        by_sub = groups.setdefault(claim.billing, {})
        by_sub.setdefault(sub_key, {}).setdefault(patient_key, []).append(claim)
    return groups


def _chunks(items: list[ClaimData], size: int = MAX_CLAIMS_PER_HL) -> list[list[ClaimData]]:
    it = iter(items)
    return list(iter(lambda: list(islice(it, size)), []))


class _TransactionWriter:
    """Collects the segments of one ST..SE transaction set."""

    def __init__(self, env: Envelope) -> None:
        self.env = env
        self.e = env.element
        self.c = env.component
        self.x = env.forbidden
        self.hl = 0
        self.out: list[str] = []
        self._header()

    # -- primitives ---------------------------------------------------------------------------
    def seg(self, *elements: str) -> None:
        """Append one segment, dropping trailing empty elements.

        Values never hold a separator (every helper removes them), so stripping trailing
        separators drops exactly the trailing empty elements.
        """
        self.out.append(self.e.join(elements).rstrip(self.e))

    def comp(self, *parts: str) -> str:
        """A composite element, dropping trailing empty components."""
        return self.c.join(parts).rstrip(self.c)

    def text(self, value: str | None, max_len: int | None = None) -> str:
        """Clean free text for this envelope's delimiters."""
        return fmt.clean(value, max_len, extra=self.x)

    def ident(self, value: str | None, max_len: int = 80) -> str:
        """Clean an identifier for this envelope's delimiters."""
        return fmt.identifier(value, max_len, extra=self.x)

    def next_hl(self) -> str:
        """The next HL01 value."""
        self.hl += 1
        return str(self.hl)

    # -- header, 1000A/B --------------------------------------------------------------------
    def _header(self) -> None:
        env = self.env
        created = env.created
        self.out.append("")  # placeholder for ST, filled in finish()
        self.seg("BHT", "0019", "00", self.ident(env.bht03, 30), fmt.d8(created.date()),
                 created.strftime("%H%M"), "CH")
        self.seg("NM1", "41", "2", fmt.org_name(env.submitter_name), "", "", "", "", "46",
                 self.ident(env.sender_id))
        email = self.text(env.contact_email, 256)
        self.seg("PER", "IC", self.text(env.contact_name, 60), "TE", fmt.phone(env.contact_phone),
                 "EM" if email else "", email)
        self.seg("NM1", "40", "2", fmt.org_name(env.receiver_name), "", "", "", "", "46",
                 self.ident(env.receiver_id))

    def finish(self, index: int) -> str:
        """Close the transaction set and return its text (ST..SE)."""
        term = self.env.terminator
        self.out[0] = envl.st(self.env, index).removesuffix(term)
        body = term.join(self.out) + term
        return body + envl.se(self.env, index, len(self.out) + 1)

    # -- names and addresses ------------------------------------------------------------------
    def person(self, code: str, name: PersonName, qualifier: str = "", ident: str = "") -> None:
        """An NM1 for a person (entity type 1)."""
        last, suffix = fmt.split_suffix(name.last, name.suffix)
        self.seg("NM1", code, "1", last[:60], fmt.name_part(name.first, 35),
                 fmt.name_part(name.middle, 25), "", suffix, qualifier if ident else "",
                 self.ident(ident))

    def org(self, code: str, name: str, qualifier: str = "", ident: str = "") -> None:
        """An NM1 for an organization (entity type 2)."""
        self.seg("NM1", code, "2", fmt.org_name(name), "", "", "", "",
                 qualifier if ident else "", self.ident(ident))

    def addr(self, a: Address | None) -> None:
        """N3 and N4 from an ``Address`` (nothing when ``None``)."""
        if a is not None:
            self.seg("N3", self.text(a.street1, 55), self.text(a.street2, 55))
            self.seg("N4", self.text(a.city, 30), self.text(a.state, 2), fmt.digits(a.zip))

    # -- 2000A / 2010AA / 2010AB ------------------------------------------------------------
    def billing_provider(self, b: BillingProviderData) -> str:
        """Write 2000A, 2010AA and (when given) 2010AB; return the 2000A HL number."""
        hl = self.next_hl()
        self.seg("HL", hl, "", "20", "1")
        if b.taxonomy:
            self.seg("PRV", "BI", "PXC", self.ident(b.taxonomy, 50))
        if b.is_organization:
            self.org("85", b.name, "XX", b.npi)
        else:
            self.person("85", _split_person(b.name), "XX", b.npi)
        self.addr(b.address)
        self.seg("REF", "EI", fmt.digits(b.ein))
        if b.phone and fmt.phone(b.phone) != fmt.phone(self.env.contact_phone):
            self.seg("PER", "IC", fmt.org_name(b.name), "TE", fmt.phone(b.phone))
        if b.pay_to_address is not None:
            self.seg("NM1", "87", "2")
            self.addr(b.pay_to_address)
        return hl

    # -- 2000B / 2010BA / 2010BB, 2000C / 2010CA --------------------------------------------
    def subscriber(self, parent: str, sub: SubscriberData, payer: PayerData,
                   self_claim: ClaimData | None) -> str:
        """Write 2000B with 2010BA/2010BB and return its HL number.

        ``self_claim`` is given when the patient is the subscriber (SBR02 = 18, no 2000C).
        """
        hl = self.next_hl()
        self.seg("HL", hl, parent, "22", "0" if self_claim else "1")
        self.seg("SBR", self.text(sub.responsibility, 1), _SELF if self_claim else "",
                 self.ident(sub.group_number, 50), self.text(sub.group_name, 60),
                 self.text(sub.insurance_type_code, 3), "", "", "",
                 self.text(payer.filing_indicator, 2))
        self.person("IL", sub.name, "MI", sub.member_id)
        address, dob, sex = sub.address, sub.birth_date, sub.sex
        if self_claim is not None:
            pat = self_claim.patient
            address = address or pat.address
            dob, sex = (dob, sex) if dob else (pat.birth_date, pat.sex)
        self.addr(address)
        if dob is not None:
            self.seg("DMG", "D8", fmt.d8(dob), _sex(sex))
        self.org("PR", payer.name, "PI", payer.payer_id)
        self.addr(payer.address)
        return hl

    def patient(self, parent: str, claim: ClaimData) -> None:
        """Write 2000C and 2010CA for a dependent patient."""
        pat = claim.patient
        self.seg("HL", self.next_hl(), parent, "23", "0")
        self.seg("PAT", self.text(claim.relationship, 2))
        self.person("QC", pat.name)
        self.addr(pat.address)
        self.seg("DMG", "D8", fmt.d8(pat.birth_date), _sex(pat.sex))

    def _ref(self, qualifier: str, value: str) -> None:
        cleaned = self.ident(value, 50)
        if cleaned:
            self.seg("REF", qualifier, cleaned)

    def _note(self, value: str) -> None:
        cleaned = self.text(value, 80)
        if cleaned:
            self.seg("NTE", "ADD", cleaned)

    # -- 2300 -----------------------------------------------------------------------------------
    def claim(self, c: ClaimData) -> None:
        """Write one claim: 2300, 2310A-C, 2320/2330 and the 2400 lines."""
        related = ""
        if c.accident_cause:
            state = self.text(c.accident_state, 2) if c.accident_cause == "AA" else ""
            related = self.comp(self.text(c.accident_cause, 3), "", "", state)
        self.seg("CLM", self.ident(c.control_number, 38), fmt.amount(c.total_charge), "", "",
                 self.comp(self.text(c.place_of_service, 2), "B", self.text(c.frequency_code, 1)),
                 _yn(c.signature_on_file), self.text(c.assignment, 1),
                 _yn(c.benefits_assigned), self.text(c.release_of_information, 1), "", related)
        if c.onset_date:
            self.seg("DTP", "431", "D8", fmt.d8(c.onset_date))
        if c.accident_date:
            self.seg("DTP", "439", "D8", fmt.d8(c.accident_date))
        if c.amount_paid > 0:
            self.seg("AMT", "F5", fmt.amount(c.amount_paid))
        self._claim_refs(c)
        self._note(c.note)
        self.seg("HI", *(self.comp("ABF" if i else "ABK", fmt.icd(dx))
                         for i, dx in enumerate(c.diagnoses)))
        self._claim_providers(c)
        for other in c.other_payers:
            self._other_payer(c, other)
        for index, line in enumerate(c.lines, start=1):
            self._line(c, index, line)

    def _claim_refs(self, c: ClaimData) -> None:
        replaces = c.frequency_code in ("7", "8")
        for qualifier, value in (("9F", c.referral_number), ("G1", c.prior_auth_number),
                                 ("F8", c.payer_claim_number if replaces else ""),
                                 ("EA", c.medical_record_number)):
            self._ref(qualifier, value)

    def _claim_providers(self, c: ClaimData) -> None:
        if c.referring is not None:
            self.person("DN", c.referring.name, "XX", c.referring.npi)
        rendering = c.rendering
        if rendering is not None and rendering.npi != c.billing.npi:
            self.person("82", rendering.name, "XX", rendering.npi)
            if rendering.taxonomy:
                self.seg("PRV", "PE", "PXC", self.ident(rendering.taxonomy, 50))
        if c.facility_name and c.facility_address is not None:
            self.org("77", c.facility_name, "XX", c.facility_npi)
            self.addr(c.facility_address)

    # -- 2320 / 2330A / 2330B -------------------------------------------------------------------
    def _other_payer(self, c: ClaimData, o: OtherPayerData) -> None:
        sub = o.subscriber
        self.seg("SBR", self.text(o.responsibility, 1), self.text(o.relationship, 2),
                 self.ident(sub.group_number, 50), self.text(sub.group_name, 60),
                 self.text(sub.insurance_type_code, 3), "", "", "",
                 self.text(o.payer.filing_indicator, 2))
        self.cas(o.claim_adjustments)
        if o.paid is not None:
            self.seg("AMT", "D", fmt.amount(o.paid))
        if o.remaining_patient_liability is not None:
            self.seg("AMT", "EAF", fmt.amount(o.remaining_patient_liability))
        self.seg("OI", "", "", _yn(c.benefits_assigned), "P", "",
                 self.text(c.release_of_information, 1))
        self.person("IL", sub.name, "MI", sub.member_id)
        self.addr(sub.address)
        self.org("PR", o.payer.name, "PI", o.payer.payer_id)
        self.addr(o.payer.address)
        has_lines = any(a.payer_id == o.payer.payer_id for line in c.lines
                        for a in line.adjudications)
        if o.adjudication_date and not has_lines:
            self.seg("DTP", "573", "D8", fmt.d8(o.adjudication_date))
        self._ref("F8", o.payer_claim_number)

    def cas(self, adjustments: Sequence[CasAdjustment]) -> None:
        """CAS segments: one per group code, at most six reason triplets each."""
        by_group: dict[str, list[CasAdjustment]] = {}
        for adj in adjustments:
            by_group.setdefault(adj.group, []).append(adj)
        for group, items in by_group.items():
            for start in range(0, len(items), 6):
                elements = ["CAS", self.text(group, 2)]
                for adj in items[start:start + 6]:
                    qty = fmt.quantity(adj.quantity) if adj.quantity is not None else ""
                    elements += [self.text(adj.reason, 5), fmt.amount(adj.amount), qty]
                self.seg(*elements)

    # -- 2400 / 2410 / 2430 ---------------------------------------------------------------------
    def procedure(self, code: str, modifiers: Sequence[str]) -> str:
        """The ``HC:code:mod...`` composite."""
        return self.comp("HC", self.ident(code, 48), *(self.ident(m, 2) for m in modifiers))

    def _line(self, c: ClaimData, index: int, line: ClaimLineData) -> None:
        self.seg("LX", str(index))
        pos = line.place_of_service if line.place_of_service != c.place_of_service else ""
        self.seg("SV1", self.procedure(line.code, line.modifiers), fmt.amount(line.charge), "UN",
                 fmt.quantity(line.units), self.text(pos, 2), "",
                 self.comp(*(str(p) for p in line.pointers)), "",
                 "Y" if line.emergency else "")
        self.seg("DTP", "472", *fmt.date_period(line.date_from, line.date_to))
        self._ref("6R", line.line_control_number)
        self._note(line.note)
        if line.ndc:
            ndc = fmt.ndc11(line.ndc) or fmt.digits(line.ndc)
            self.seg("LIN", "", "N4", ndc)
            qty = line.ndc_quantity if line.ndc_quantity is not None else line.units
            self.seg("CTP", "", "", "", fmt.quantity(qty), self.text(line.ndc_unit or "UN", 2))
        for adj in line.adjudications:
            self.seg("SVD", self.ident(adj.payer_id), fmt.amount(adj.paid),
                     self.procedure(adj.code, adj.modifiers), "", fmt.quantity(adj.units))
            self.cas(adj.adjustments)
            self.seg("DTP", "573", "D8", fmt.d8(adj.adjudication_date))


def _yn(flag: bool) -> str:
    return "Y" if flag else "N"


def _sex(value: str) -> str:
    code = (value or "U").strip().upper()[:1]
    return code if code in ("F", "M") else "U"


def _split_person(name: str) -> PersonName:
    """``Last, First Middle`` or ``First Middle Last`` as name parts."""
    if "," in name:
        last, _, rest = name.partition(",")
        first, _, middle = rest.strip().partition(" ")
        return PersonName(last=last.strip(), first=first, middle=middle)
    words = name.split()
    if len(words) < 2:
        return PersonName(last=name)
    return PersonName(last=words[-1], first=words[0], middle=" ".join(words[1:-1]))
