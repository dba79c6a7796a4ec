"""Screen and CLI queries: filtered, sorted id lists and rows for pages of ids."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, Select, and_, case, func, literal, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from app.domain import rows as r
from app.domain.money import ZERO, from_cents
from app.store import tables as t

PATIENT_SORTS: dict[str, Any] = {
    "name": (t.PatientRow.last_name, t.PatientRow.first_name),
    "account": (t.PatientRow.account_number,),
    "birth_date": (t.PatientRow.birth_date,),
    "city": (t.PatientRow.city,),
}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _next_prefix(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _token_filter(token: str) -> Any:
    """One search word: a date, an account number, phone digits or a name prefix."""
    for fmt in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return t.PatientRow.birth_date == datetime.strptime(token, fmt).date()
        except ValueError:
            pass
    digits = re.sub(r"\D", "", token)
    if digits and digits == token.replace("-", "").replace("(", "").replace(")", ""):
        if len(digits) >= 4:  # phone digits anywhere (a deliberate, rarer search)
            return t.PatientRow.phone.like(f"%{digits}%")
        return _prefix_range(t.PatientRow.account_number, token)
    if any(ch.isdigit() for ch in token):  # A000123-style account number
        return _prefix_range(t.PatientRow.account_number, token)
    return or_(_prefix_range(t.PatientRow.search_name, token),
               _prefix_range(t.PatientRow.first_key, token))


def _prefix_range(column: Any, prefix: str) -> Any:
    return and_(column >= prefix, column < _next_prefix(prefix))


def _patient_filter(search: str) -> list[Any]:
    """Conditions for a search: every word must match (all use indexed ranges but phone).

    The first word matches a last-name, first-name or account prefix; ``smith, jo`` and
    ``jo smith`` both work because later words match a first or last name too.
    """
    text = search.strip().upper().replace(",", " ")
    if not text:
        return []
    tokens = text.split()
    first = tokens[0]
    conds: list[Any] = []
    if first.replace("'", "").replace("-", "").isalpha():
        conds.append(or_(_prefix_range(t.PatientRow.search_name, first),
                         _prefix_range(t.PatientRow.first_key, first),
                         _prefix_range(t.PatientRow.account_number, first)))
    else:
        conds.append(_token_filter(first))
    conds.extend(_token_filter_later(tok) for tok in tokens[1:])
    return conds


def _token_filter_later(token: str) -> Any:
    """A later word: also matches inside the name (``smith jo`` -> first name Jo...)."""
    if token.replace("'", "").replace("-", "").isalpha():
        like = _escape_like(token)
        return or_(t.PatientRow.search_name.like(f"%|{like}%", escape="\\"),
                   t.PatientRow.search_name.like(f"{like}%", escape="\\"))
    return _token_filter(token)


def patient_ids(session: Session, search: str = "", sort: str = "name",
                descending: bool = False, include_inactive: bool = True) -> list[int]:
    """Ids of matching patients in display order."""
    columns = PATIENT_SORTS.get(sort, PATIENT_SORTS["name"])
    order = [c.desc() if descending else c for c in columns]
    stmt = select(t.PatientRow.id).where(*_patient_filter(search))
    if not include_inactive:
        stmt = stmt.where(t.PatientRow.active.is_(True))
    return list(session.scalars(stmt.order_by(*order, t.PatientRow.id)))


def _balances(session: Session, patient_ids: list[int]) -> dict[int, Decimal]:
    e = t.LedgerEntryRow
    cents = type_coerce(e.amount, Integer)
    amount = func.sum(case(
        (and_(e.kind == "transfer", e.account == "patient"), cents),
        (e.kind == "transfer", -cents),
        (and_(e.account == "patient", e.kind.in_(("charge", "refund"))), cents),
        (and_(e.account == "patient", e.kind.in_(("payment", "adjustment"))), -cents),
        else_=literal(0)))
    stmt = select(e.patient_id, amount).where(e.patient_id.in_(patient_ids)).group_by(
        e.patient_id)
    return {pid: from_cents(cents or 0) for pid, cents in session.execute(stmt)}


def patient_rows(session: Session, ids: list[int]) -> list[r.PatientRow]:
    """Rows for ``ids`` in the same order (missing ids are skipped)."""
    if not ids:
        return []
    payer = aliased(t.PayerRow)
    primary = select(t.PolicyRow.patient_id, func.min(payer.name).label("payer")).join(
        payer, payer.id == t.PolicyRow.payer_id).where(
        t.PolicyRow.order == "P", t.PolicyRow.patient_id.in_(ids)).group_by(
        t.PolicyRow.patient_id)
    payers = {pid: name for pid, name in session.execute(primary)}
    balances = _balances(session, ids)
    found = {p.id: p for p in session.scalars(
        select(t.PatientRow).where(t.PatientRow.id.in_(ids)))}
    return [r.PatientRow(
        id=p.id, account_number=p.account_number,
        name=f"{p.last_name}, {p.first_name}" + (f" {p.middle_name[:1]}" if p.middle_name else ""),
        birth_date=p.birth_date, sex=p.sex, phone=p.phone, city=p.city,
        primary_payer=payers.get(p.id, "Self-pay"), balance=balances.get(p.id, ZERO))
        for i in ids if (p := found.get(i)) is not None]


def claim_amounts_stmt() -> Select[Any]:
    """Per-claim billed / paid / adjusted / patient responsibility in cents."""
    e = t.LedgerEntryRow
    payer = e.account == "payer"
    cents = type_coerce(e.amount, Integer)

    def total(cond: Any, sign: int = 1) -> Any:
        return func.coalesce(func.sum(case((cond, cents * sign), else_=literal(0))), 0)

    return select(
        e.claim_id.label("claim_id"),
        total(and_(payer, e.kind.in_(("charge", "transfer")))).label("billed"),
        (total(and_(payer, e.kind == "payment"))
         - total(and_(payer, e.kind == "refund"))).label("paid"),
        total(and_(payer, e.kind == "adjustment")).label("adjusted"),
        total(and_(e.account == "patient", e.kind == "transfer")).label("pr"),
    ).where(e.claim_id.is_not(None)).group_by(e.claim_id)


def encounter_rows(session: Session, statuses: tuple[str, ...] = (), today: date | None = None,
                   limit: int | None = None) -> list[r.EncounterRow]:
    """The coding work queue, oldest visit first."""
    today = today or date.today()
    e, p, prov = t.EncounterRow, t.PatientRow, t.ProviderRow
    pol = aliased(t.PolicyRow)
    pay = aliased(t.PayerRow)
    line_cents = type_coerce(t.ServiceLineRow.charge, Integer)
    charge = select(func.coalesce(func.sum(line_cents), 0)).where(
        t.ServiceLineRow.encounter_id == e.id).scalar_subquery()
    payer_name = select(pay.name).join(pol, pol.payer_id == pay.id).where(
        pol.patient_id == e.patient_id, pol.order == "P").limit(1).scalar_subquery()
    stmt = (select(e.id, e.date_of_service, p.id, p.last_name, p.first_name, prov.last_name,
                   prov.credential, payer_name, e.coding_status, charge)
            .join(p, p.id == e.patient_id).join(prov, prov.id == e.rendering_provider_id)
            .order_by(e.date_of_service, e.id))
    if statuses:
        stmt = stmt.where(e.coding_status.in_(statuses))
    if limit:
        stmt = stmt.limit(limit)
    return [r.EncounterRow(
        id=eid, date_of_service=dos, patient_id=pid, patient=f"{last}, {first}",
        provider=f"{plast} {cred}".strip(), payer=payer or "Self-pay", coding_status=status,
        days_since_visit=(today - dos).days, total_charge=from_cents(total or 0))
        for eid, dos, pid, last, first, plast, cred, payer, status, total in session.execute(stmt)]


def count(session: Session, table: type[t.Base]) -> int:
    """Number of rows in ``table``."""
    return session.scalar(select(func.count()).select_from(table)) or 0


_MAIN_TABLES: dict[str, type[t.Base]] = {
    "providers": t.ProviderRow, "payers": t.PayerRow, "patients": t.PatientRow,
    "policies": t.PolicyRow, "encounters": t.EncounterRow, "claims": t.ClaimRow,
    "ledger_entries": t.LedgerEntryRow}


def main_counts(session: Session) -> dict[str, int]:
    """Row counts of the practice's main tables, by name (providers ... ledger_entries)."""
    return {name: count(session, table) for name, table in _MAIN_TABLES.items()}


# coding work queue (paged) ----------------------------------------------------------------

def _primary_payer_name(encounter: Any) -> Any:
    pol = aliased(t.PolicyRow)
    pay = aliased(t.PayerRow)
    return (select(pay.name).join(pol, pol.payer_id == pay.id)
            .where(pol.patient_id == encounter.patient_id, pol.order == "P")
            .order_by(pol.id).limit(1).scalar_subquery())


def _coding_queue_order(sort: str, descending: bool) -> list[Any]:
    e, p, prov = t.EncounterRow, t.PatientRow, t.ProviderRow
    if sort == "days":  # days since the visit: the date of service the other way round
        sort, descending = "date", not descending
    columns: dict[str, tuple[Any, ...]] = {
        "date": (e.date_of_service,), "patient": (p.last_name, p.first_name),
        "provider": (prov.last_name, prov.first_name), "status": (e.coding_status,),
        "payer": (func.coalesce(_primary_payer_name(e), "Self-pay"),)}
    chosen = columns.get(sort, columns["date"])
    return [c.desc() if descending else c for c in chosen] + [e.id]


def coding_queue_ids(session: Session, statuses: tuple[str, ...] = (), search: str = "",
                     provider_id: int | None = None, sort: str = "date",
                     descending: bool = False) -> list[int]:
    """Ids of queued encounters in display order (status, patient search and provider filters).

    ``sort`` is ``date``, ``days``, ``patient``, ``provider``, ``payer`` or ``status``.
    """
    e, p, prov = t.EncounterRow, t.PatientRow, t.ProviderRow
    stmt = (select(e.id).join(p, p.id == e.patient_id)
            .join(prov, prov.id == e.rendering_provider_id)
            .where(*_patient_filter(search)))
    if statuses:
        stmt = stmt.where(e.coding_status.in_(statuses))
    if provider_id is not None:
        stmt = stmt.where(e.rendering_provider_id == provider_id)
    return list(session.scalars(stmt.order_by(*_coding_queue_order(sort, descending))))


def coding_queue_rows(session: Session, ids: list[int], today: date | None = None
                      ) -> list[tuple[r.EncounterRow, str]]:
    """Queue rows with each encounter's coding note, in the order of ``ids`` (missing skipped)."""
    if not ids:
        return []
    today = today or date.today()
    e, p, prov = t.EncounterRow, t.PatientRow, t.ProviderRow
    line_cents = type_coerce(t.ServiceLineRow.charge, Integer)
    charge = select(func.coalesce(func.sum(line_cents), 0)).where(
        t.ServiceLineRow.encounter_id == e.id).scalar_subquery()
    stmt = (select(e.id, e.date_of_service, p.id, p.last_name, p.first_name, prov.last_name,
                   prov.credential, _primary_payer_name(e), e.coding_status, charge,
                   e.coding_note)
            .join(p, p.id == e.patient_id).join(prov, prov.id == e.rendering_provider_id)
            .where(e.id.in_(ids)))
    found = {}
    for eid, dos, pid, last, first, plast, cred, payer, status, total, note in \
            session.execute(stmt):
        found[eid] = (r.EncounterRow(
            id=eid, date_of_service=dos, patient_id=pid, patient=f"{last}, {first}",
            provider=f"{plast} {cred}".strip(), payer=payer or "Self-pay", coding_status=status,
            days_since_visit=(today - dos).days, total_charge=from_cents(total or 0)),
            note or "")
    return [found[i] for i in ids if i in found]
