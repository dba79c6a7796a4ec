"""The 837P (005010X222A1) writer: ``ClaimData`` in, X12 text out.

Claims are grouped per transaction set into one 2000A per billing provider, one 2000B per
subscriber/payer (claims of the subscriber themself sit directly under it), and one 2000C per
dependent patient. The writer formats and cleans every value but does not judge the data:
run ``check_claims`` first and ``validate_x12`` after. The claim loops live in ``loop_2300``
and ``loop_2400``; the segment primitives in ``seg_writer``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import islice

from app.domain.errors import Problem, ValidationFailed
from app.domain.progress import CancelToken, ProgressFn, no_progress
from app.domain.submission import (
    BillingProviderData,
    ClaimData,
    PayerData,
    PersonName,
    SubscriberData,
)
from app.x12 import envelope as envl
from app.x12 import format as fmt
from app.x12.envelope import Envelope
from app.x12.loop_2300 import write_claim
from app.x12.seg_writer import SegmentWriter

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


class _TransactionWriter(SegmentWriter):
    """Collects the segments of one ST..SE transaction set (header and HL loops)."""

    def __init__(self, env: Envelope) -> None:
        super().__init__(env)
        self.hl = 0
        self._header()

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

    def claim(self, c: ClaimData) -> None:
        """Write one claim (loop 2300 and everything under it)."""
        write_claim(self, c)


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
