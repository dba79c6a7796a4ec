"""SQL behind the billing panel's claim list: filtered, sorted id lists, page rows, totals.

Days left to file are ``payer.timely_filing_days - (today - date of service)`` for claims the
payer has not received yet (draft, ready, on hold, rejected); other claims have none.
"Has errors" means the claim's latest scrub run stored an error finding.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Integer, Select, case, cast, func, literal, select
from sqlalchemy.orm import Session

from app.domain.money import from_cents
from app.store import tables as t
from app.store.id_lists import in_ids
from app.store.queries import claim_amounts_stmt

#: Statuses in which the payer has not received the claim yet (timely filing still runs).
UNFILED = ("draft", "ready", "on_hold", "rejected")

C, E, P, PAY, F = t.ClaimRow, t.EncounterRow, t.PatientRow, t.PayerRow, t.FindingRow


def _days_left(today: date) -> Any:
    age = cast(func.julianday(literal(today.isoformat())) - func.julianday(E.date_of_service),
               Integer)
    return case((C.status.in_(UNFILED), PAY.timely_filing_days - age), else_=None)


def _has_errors() -> Any:
    latest = select(func.max(F.run_id)).where(F.claim_id == C.id).correlate(C).scalar_subquery()
    return select(func.count()).select_from(F).where(
        F.claim_id == C.id, F.run_id == latest, F.severity == "error").correlate(
        C).scalar_subquery() > 0


def _base(amounts: Any, today: date) -> Select[Any]:
    return (select(C.id).join(E, E.id == C.encounter_id).join(P, P.id == E.patient_id)
            .join(PAY, PAY.id == C.payer_id)
            .outerjoin(amounts, amounts.c.claim_id == C.id)
            .add_columns(_days_left(today).label("days_left")))


def _balance(amounts: Any) -> Any:
    return (func.coalesce(amounts.c.billed, 0) - func.coalesce(amounts.c.paid, 0)
            - func.coalesce(amounts.c.adjusted, 0) - func.coalesce(amounts.c.pr, 0))


def _sorts(amounts: Any, today: date) -> dict[str, tuple[Any, ...]]:
    return {
        "control_number": (C.control_number,),
        "patient": (P.last_name, P.first_name),
        "payer": (PAY.name,),
        "status": (C.status,),
        "date_of_service": (E.date_of_service,),
        "billed": (func.coalesce(amounts.c.billed, 0),),
        "balance": (_balance(amounts),),
        "days_left": (func.coalesce(_days_left(today), 100_000),),
    }


def _where(stmt: Select[Any], today: date, *, status: str | None = None,
           payer_code: str | None = None, provider_id: int | None = None,
           dos_from: date | None = None, dos_to: date | None = None,
           max_days_left: int | None = None, has_errors: bool | None = None) -> Select[Any]:
    if status:
        stmt = stmt.where(C.status == status)
    if payer_code:
        stmt = stmt.where(PAY.payer_id == payer_code)
    if provider_id is not None:
        stmt = stmt.where(E.rendering_provider_id == provider_id)
    if dos_from is not None:
        stmt = stmt.where(E.date_of_service >= dos_from)
    if dos_to is not None:
        stmt = stmt.where(E.date_of_service <= dos_to)
    if max_days_left is not None:
        stmt = stmt.where(_days_left(today) <= max_days_left)
    if has_errors is not None:
        stmt = stmt.where(_has_errors() if has_errors else ~_has_errors())
    return stmt


def claim_ids(session: Session, today: date, sort: str = "date_of_service",
              descending: bool = True, **filters: Any) -> list[int]:
    """Ids of the claims matching ``filters`` (see ``_where``), in SQL order."""
    amounts = claim_amounts_stmt().subquery()
    columns = _sorts(amounts, today).get(sort) or _sorts(amounts, today)["date_of_service"]
    order = [c.desc() if descending else c.asc() for c in columns]
    stmt = _where(_base(amounts, today), today, **filters).order_by(
        *order, C.id.desc() if descending else C.id.asc())
    return [row[0] for row in session.execute(stmt)]


def claim_totals(session: Session, today: date, **filters: Any) -> dict[str, Any]:
    """Count and money totals of the filtered set (one aggregate query)."""
    amounts = claim_amounts_stmt().subquery()
    inner = _where(_base(amounts, today).add_columns(
        func.coalesce(amounts.c.billed, 0).label("billed"),
        func.coalesce(amounts.c.paid, 0).label("paid"),
        func.coalesce(amounts.c.adjusted, 0).label("adjusted"),
        func.coalesce(amounts.c.pr, 0).label("pr")), today, **filters).subquery()
    row = session.execute(select(
        func.count(), func.sum(inner.c.billed), func.sum(inner.c.paid),
        func.sum(inner.c.adjusted), func.sum(inner.c.pr))).one()
    billed, paid, adjusted, pr = (from_cents(v or 0) for v in row[1:])
    return {"count": int(row[0]), "billed": billed, "paid": paid, "adjusted": adjusted,
            "patient_responsibility": pr, "balance": billed - paid - adjusted - pr}


def claim_rows(session: Session, ids: list[int], today: date) -> list[dict[str, Any]]:
    """One dict per claim in ``ids`` (same order; missing ids are skipped)."""
    if not ids:
        return []
    amounts = claim_amounts_stmt().where(in_ids(t.LedgerEntryRow.claim_id, ids)).subquery()
    prov = t.ProviderRow
    stmt = (select(C.id, C.control_number, C.status, C.submitted_on, P.id, P.last_name,
                   P.first_name, PAY.payer_id, PAY.name, E.date_of_service, prov.last_name,
                   prov.credential, amounts.c.billed, amounts.c.paid, amounts.c.adjusted,
                   amounts.c.pr, _days_left(today), _has_errors())
            .join(E, E.id == C.encounter_id).join(P, P.id == E.patient_id)
            .join(PAY, PAY.id == C.payer_id).join(prov, prov.id == E.rendering_provider_id)
            .outerjoin(amounts, amounts.c.claim_id == C.id).where(in_ids(C.id, ids)))
    found = {}
    for (cid, control, status, submitted, pid, last, first, code, pname, dos, plast, cred,
         billed, paid, adjusted, pr, days_left, errors) in session.execute(stmt):
        money = [from_cents(v or 0) for v in (billed, paid, adjusted, pr)]
        found[cid] = {
            "id": cid, "control_number": control, "status": status, "submitted_on": submitted,
            "patient_id": pid, "patient": f"{last}, {first}", "payer_id": code, "payer": pname,
            "date_of_service": dos, "provider": f"{plast} {cred}".strip(), "billed": money[0],
            "paid": money[1], "adjusted": money[2], "patient_responsibility": money[3],
            "balance": money[0] - money[1] - money[2] - money[3],
            "days_left": days_left, "has_errors": bool(errors)}
    return [found[i] for i in ids if i in found]


def claim_context(session: Session, claim_id: int) -> dict[str, Any] | None:
    """The records a claim draws from: patient, encounter, payer, policy, providers."""
    row = session.execute(
        select(C.id, C.encounter_id, C.policy_id, C.payer_id, E.patient_id,
               E.rendering_provider_id, E.referring_provider_id, E.date_of_service,
               PAY.timely_filing_days)
        .join(E, E.id == C.encounter_id).join(PAY, PAY.id == C.payer_id)
        .where(C.id == claim_id)).one_or_none()
    if row is None:
        return None
    keys = ("claim_id", "encounter_id", "policy_id", "payer_id", "patient_id",
            "rendering_provider_id", "referring_provider_id", "date_of_service",
            "timely_filing_days")
    return dict(zip(keys, row, strict=True))

