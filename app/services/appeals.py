"""Appeal letters: gather one denial's claim, payer and remittance, render the letter, mark it.

``letter_for`` assembles the letter's content (``app.printing.appeal.AppealLetter``);
``render_letter`` writes the PDF atomically; ``write_appeal`` renders it to a temporary name,
marks the claim appealed once (``app.services.denials.record_appeal``), commits, then renames.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from app.domain.changes import Changes
from app.domain.identifiers import format_zip
from app.domain.practice import Address
from app.domain.remit_records import DenialRecord
from app.domain.remittance import ClaimPayment, ServicePayment
from app.domain.sent_claim import SentClaim
from app.printing.appeal import AppealLetter, AppealLine, AppealReason, render_appeal_letter
from app.services import denials
from app.services.appeal_templates import template_for
from app.store import remit_repo
from app.store.claims import snapshots
from app.store.claims.bundles import ClaimBundle, claim_bundle
from app.store.database import Database, UnitOfWork
from app.x12 import codes_835


def _address(address: Address | None) -> tuple[str, ...]:
    if address is None:
        return ()
    street = tuple(s for s in (address.street1, address.street2) if s)
    return (*street, f"{address.city}, {address.state} {format_zip(address.zip)}")


def _phone(digits: str) -> str:
    return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}" if len(digits) == 10 else digits


def _explain(group: str, reason: str, stored: str) -> str:
    if reason == "UNDER":
        return stored
    return codes_835.carc_explanation(reason)


def _service_line(number: int, svc: ServicePayment, dos: date) -> AppealLine:
    adjustments = "; ".join(f"{a.group}-{a.reason} {a.amount:,.2f}" for a in svc.adjustments)
    return AppealLine(number, svc.service_date or dos, svc.procedure, svc.charge, svc.allowed,
                      svc.paid, adjustments, ", ".join(svc.remark_codes))


def _lines(cb: ClaimBundle, detail: ClaimPayment | None,
           sent: SentClaim | None) -> tuple[AppealLine, ...]:
    dos = cb.bundle.encounter.date_of_service
    if detail is not None and detail.services:
        return tuple(_service_line(n, s, dos) for n, s in enumerate(detail.services, 1))
    denied = "; ".join(f"{a.group}-{a.reason} {a.amount:,.2f}"
                       for a in (detail.adjustments if detail else ()))
    if sent is not None:  # the lines the payer received, not the visit's current coding
        return tuple(AppealLine(x.line_number, x.date_from, x.procedure, x.charge, None,
                                Decimal("0.00"), denied) for x in sent.lines)
    return tuple(AppealLine(line.line_number, dos, "-".join((line.code, *line.modifiers)),
                            line.charge, None, Decimal("0.00"), denied)
                 for line in cb.bundle.encounter.lines)


def _reasons(rows: list[DenialRecord]) -> tuple[AppealReason, ...]:
    return tuple(AppealReason(f"{r.group_code}-{r.reason_code}", r.amount,
                              _explain(r.group_code, r.reason_code, r.explanation))
                 for r in rows)


def _remarks(rows: list[DenialRecord]) -> tuple[tuple[str, str], ...]:
    codes = dict.fromkeys(c.strip() for r in rows for c in r.remark_codes.split(",")
                          if c.strip())
    return tuple((code, codes_835.rarc_explanation(code)) for code in codes)


def _denial_rows(session: object, row: DenialRecord) -> list[DenialRecord]:
    """This denial first, then the others from the same remittance of the same claim."""
    others = [r for r in remit_repo.denials(session, include_done=True)  # type: ignore[arg-type]
              if r.claim_id == row.claim_id and r.id != row.id
              and r.remit_claim_id == row.remit_claim_id]
    return [row, *others]


def _detail(session: object, row: DenialRecord) -> ClaimPayment | None:
    if row.remit_claim_id is None:
        return None
    detail = remit_repo.remit_detail_json(session, row.remit_claim_id)  # type: ignore[arg-type]
    return ClaimPayment.model_validate_json(detail) if detail else None


def request_text(db: Database, denial_id: int) -> str:
    """The request paragraph for one denial, from the template its CARC/RARC category selects.

    Raises:
        KeyError: no such denial item.
    """
    with db.reading() as session:
        row = remit_repo.get_denial(session, denial_id)
        return template_for(row.group_code, row.reason_code,
                            row.remark_codes.split(",")).text


def letter_for(db: Database, denial_id: int, *, note: str = "", request: str | None = None,
               today: date | None = None) -> AppealLetter:
    """The appeal letter's content for one denial work item.

    ``request`` is the biller's edited request paragraph; None takes the category's template.

    Raises:
        KeyError: no such denial item.
    """
    with db.reading() as session:
        row = remit_repo.get_denial(session, denial_id)
        rows = _denial_rows(session, row)
        found = _Found(claim_bundle(session, row.claim_id), _reasons(rows), _remarks(rows),
                       row.owner, _detail(session, row),
                       snapshots.last_sent(session, [row.claim_id]).get(row.claim_id))
        chosen = request.strip() if request and request.strip() else template_for(
            row.group_code, row.reason_code, row.remark_codes.split(",")).text
    return _compose(found, note, chosen, today or date.today())


@dataclass(frozen=True)
class _Found:
    cb: ClaimBundle
    reasons: tuple[AppealReason, ...]
    remarks: tuple[tuple[str, str], ...]
    owner: str
    detail: ClaimPayment | None
    sent: SentClaim | None = None  # what the payer received (None: sent before snapshots)


def _compose(found: _Found, note: str, request: str, today: date) -> AppealLetter:
    cb, detail = found.cb, found.detail
    claim, bundle = cb.claim, cb.bundle
    practice, payer, patient = bundle.practice, bundle.payers[claim.payer_id], bundle.patient
    policy = next((p for p in bundle.policies if p.id == claim.policy_id), None)
    lines = _lines(cb, detail, found.sent)
    dates = [x.service_date for x in lines if x.service_date] or \
        [bundle.encounter.date_of_service]
    contact = bundle.clearinghouse.contact_name if bundle.clearinghouse else ""
    return AppealLetter(
        practice_name=practice.legal_name if practice else "",
        practice_address=_address(practice.address if practice else None),
        practice_phone=_phone(practice.phone) if practice else "",
        practice_npi=practice.npi if practice else "", practice_tin=practice.ein if practice
        else "", letter_date=today, payer_name=payer.name, payer_address=_address(payer.address),
        patient_name=f"{patient.first_name} {patient.last_name}",
        patient_birth_date=patient.birth_date, member_id=policy.member_id if policy else "",
        claim_number=claim.control_number,
        payer_claim_number=claim.payer_claim_number or (
            detail.payer_claim_control_number if detail else ""),
        service_from=min(dates), service_to=max(dates),
        billed=found.sent.total_charge if found.sent else sum(
            (x.charge for x in bundle.encounter.lines), Decimal("0.00")),
        diagnoses=found.sent.diagnoses if found.sent else bundle.encounter.diagnoses,
        reasons=found.reasons, remarks=found.remarks,
        request=request, lines=lines,
        signer=contact or "Billing office", note=note.strip())


def _render_temp(db: Database, denial_id: int, out: Path, note: str,
                 today: date | None, request: str | None = None) -> Path:
    """The letter rendered to ``out.part`` and flushed to disk (nothing left on failure)."""
    letter = letter_for(db, denial_id, note=note, request=request, today=today)
    tmp = out.with_name(out.name + ".part")
    try:
        with tmp.open("wb") as handle:
            render_appeal_letter(letter, handle)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def render_letter(db: Database, denial_id: int, out: Path, *, note: str = "",
                  request: str | None = None, today: date | None = None) -> Path:
    """Write the appeal letter PDF to ``out`` (atomically: a temporary file, then a rename)."""
    out = Path(out)
    _render_temp(db, denial_id, out, note, today, request).replace(out)
    return out


def write_appeal(db: Database, denial_id: int, out: Path, *, note: str = "",
                 request: str | None = None, today: date | None = None) -> tuple[Path, Changes]:
    """Write the letter and mark the claim appealed, together and once.

    The PDF is rendered to a temporary name; the appeal is recorded and committed; only then
    is the file renamed into place. A failure before the commit leaves no letter and nothing
    recorded; saving the same appeal again rewrites the letter and records nothing new.
    """
    out = Path(out)
    tmp = _render_temp(db, denial_id, out, note, today, request)
    try:
        with UnitOfWork(db) as uow:
            recorded = denials.record_appeal(uow.session, denial_id,
                                             note or f"appeal letter {out.name}")
            uow.commit()
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return out, Changes(claims=True) if recorded else Changes()
