"""Bulk write and read of a whole ``PracticeDocument`` (JSON import/export, demo data)."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    func,
    insert,
    select,
)
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session, selectinload

from app.domain.document import (
    MAX_AMOUNT,
    MAX_INTEGER,
    ContractRate,
    FeeScheduleEntry,
    PatientFile,
    PracticeDocument,
    TableRows,
)
from app.domain.errors import ImportRejected, Problem, UserError
from app.domain.progress import CancelToken, ProgressFn, no_progress
from app.store import mapping as m
from app.store import tables as t
from app.store.bulk_insert import insert_audited
from app.store.claims import snapshots
from app.store.claims.reader import claims_where
from app.store.types import Cents

CHUNK = 5000
#: The source named in problems found while storing; the service puts the file name in.
DOCUMENT = "practice document"


def is_empty(session: Session) -> bool:
    """True when the database holds no practice data."""
    return all(
        session.scalar(select(func.count()).select_from(tbl)) == 0
        for tbl in (t.PracticeRow, t.PatientRow, t.PayerRow)
    )


def _with_ids(session: Session, table: Table, batch: list[dict[str, Any]]) -> None:
    """Give rows without an id the next free ones (as SQLite would), so the audit names them."""
    if "id" not in table.c or all(row.get("id") is not None for row in batch):
        return
    taken = [int(row["id"]) for row in batch if row.get("id") is not None]
    next_id = max([session.scalar(select(func.max(table.c.id))) or 0, *taken]) + 1
    for row in batch:
        if row.get("id") is None:
            row["id"], next_id = next_id, next_id + 1


def _execute(session: Session, table: Any, batch: list[dict[str, Any]]) -> None:
    """Insert ``batch`` with its audit rows, as the ORM would record the same inserts.

    A constraint or value the database refuses becomes a located problem. The message names
    the table and the rule (``UNIQUE constraint failed: patients.id``), never the values,
    which may be patient data.
    """
    core: Table = table if isinstance(table, Table) else table.__table__
    with _located(core.name):
        keys = batch[0].keys() if batch else set()
        missing = sorted({k for row in batch for k in keys if k not in row})
        if missing:
            raise ImportRejected([Problem(DOCUMENT, core.name, f"the {core.name} records "
                                          f"cannot be stored together: a value is required "
                                          f"for {missing[0]}.")])
        if "id" not in core.c:  # settings: keyed by name and never audited
            session.execute(insert(core), batch)
            return
        _with_ids(session, core, batch)
        insert_audited(session, core, batch)


@contextmanager
def _located(name: str) -> Iterator[None]:
    """Turn what the database refuses while storing ``name`` records into a located problem."""
    try:
        yield
    except (DBAPIError, StatementError) as exc:
        reason = str(getattr(exc, "orig", None) or type(exc).__name__).splitlines()[0][:160]
        raise ImportRejected([Problem(DOCUMENT, name, f"the {name} records cannot be stored "
                                      f"together: {reason}.")]) from None
    except (OverflowError, ArithmeticError, TypeError, ValueError) as exc:
        raise ImportRejected([Problem(DOCUMENT, name, f"a value in the {name} records cannot "
                                      f"be stored ({type(exc).__name__}).")]) from None


def _insert(session: Session, table: type[t.Base], rows: Iterable[dict[str, Any]],
            cancel: CancelToken | None) -> int:
    batch: list[dict[str, Any]] = []
    count = 0
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            _execute(session, table, batch)
            count += len(batch)
            batch = []
            if cancel:
                cancel.check()
    if batch:
        _execute(session, table, batch)
        count += len(batch)
    return count


def _row_values(row_cls: type[t.Base], record: Any, to_row: Any) -> dict[str, Any]:
    row = row_cls()
    to_row(record, row)
    values = {c.key: getattr(row, c.key) for c in row_cls.__table__.columns}
    values["id"] = record.id
    if hasattr(record, "version"):
        values["version"] = max(record.version, 1)
    return values


def _patient_rows(files: tuple[PatientFile, ...]) -> dict[type[t.Base], list[dict[str, Any]]]:
    out: dict[type[t.Base], list[dict[str, Any]]] = {
        t.PatientRow: [], t.PolicyRow: [], t.EligibilityRow: [], t.PriorAuthRow: []}
    for f in files:
        out[t.PatientRow].append(_row_values(t.PatientRow, f.patient, m.patient_to_row))
        for p in f.policies:
            p = p.model_copy(update={"patient_id": f.patient.id})
            out[t.PolicyRow].append(_row_values(t.PolicyRow, p, m.policy_to_row))
        for e in f.eligibility_checks:
            out[t.EligibilityRow].append(e.model_dump())
        for a in f.prior_auths:
            a = a.model_copy(update={"patient_id": f.patient.id})
            out[t.PriorAuthRow].append(_row_values(t.PriorAuthRow, a, m.auth_to_row))
    return out


def write_document(session: Session, doc: PracticeDocument, *,
                   progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> None:
    """Insert every record of ``doc`` keeping its ids (the database must be empty).

    Every row is audited as an ORM insert would be, in the caller's transaction, except
    what is never audited anywhere: ``settings`` (``audit.AUDITED_SKIP``; the control-number
    counters live there) and the sent-claim snapshots, themselves an append-only record
    guarded by triggers (see ``app.store.claims.snapshots``).
    """
    steps = 8
    progress(0, steps, "Practice setup")
    _insert(session, t.PracticeRow, [_row_values(t.PracticeRow, doc.practice,
                                                 m.practice_to_row)], cancel)
    if doc.clearinghouse:
        _insert(session, t.ClearinghouseRow, [_row_values(
            t.ClearinghouseRow, doc.clearinghouse, m.clearinghouse_to_row)], cancel)
    _insert(session, t.ProviderRow,
            (_row_values(t.ProviderRow, p, m.provider_to_row) for p in doc.providers), cancel)
    _insert(session, t.PayerRow,
            (_row_values(t.PayerRow, p, m.payer_to_row) for p in doc.payers), cancel)
    progress(1, steps, "Patients")
    for table, rows in _patient_rows(doc.patients).items():
        _insert(session, table, rows, cancel)
    progress(3, steps, "Encounters")
    _insert(session, t.EncounterRow, ({**m.encounter_values(e), "version": max(e.version, 1)}
                                      for e in doc.encounters), cancel)
    _insert(session, t.DiagnosisRow, ({"encounter_id": e.id, "position": i + 1, "code": code}
                                      for e in doc.encounters
                                      for i, code in enumerate(e.diagnoses)), cancel)
    _insert(session, t.ServiceLineRow, ({**m.line_values(x), "encounter_id": e.id}
                                        for e in doc.encounters for x in e.lines), cancel)
    progress(5, steps, "Claims")
    _insert(session, t.ClaimRow, ({**m.claim_values(c), "version": max(c.version, 1)}
                                  for c in doc.claims), cancel)
    _insert(session, t.ClaimHistoryRow, (h.model_dump() for h in doc.claim_history), cancel)
    write_workflow(session, doc.workflow, WORKFLOW_BEFORE_LEDGER)
    progress(6, steps, "Ledger")
    now = datetime.now()
    _insert(session, t.LedgerEntryRow, ({**m.entry_values(e), "created_at": e.created_at or now}
                                        for e in doc.ledger), cancel)
    progress(7, steps, "Fee schedule")
    _insert(session, t.FeeScheduleRow, (f.model_dump() for f in doc.fee_schedule), cancel)
    _insert(session, t.PayerContractRow, (c.model_dump() for c in doc.contracts), cancel)
    write_workflow(session, doc.workflow, WORKFLOW_AFTER_LEDGER)
    with _located("claim_snapshots"):
        snapshots.write_snapshots(session, doc.sent_claims)  # after the batches they name
    progress(steps, steps, "Done")


#: Workflow tables in foreign-key order; the first two come before the ledger.
WORKFLOW_BEFORE_LEDGER = ("remittance_files", "payments")
WORKFLOW_AFTER_LEDGER = ("remit_claims", "provider_adjustments", "denials", "remit_holds",
                         "credit_balances", "refund_tasks", "provider_queries",
                         "favorite_codes", "findings", "finding_overrides", "statements",
                         "settings", "imported_files", "batches", "batch_claims",
                         "acknowledgments", "deposits", "deposit_items", "payment_plans",
                         "collection_accounts", "patient_payments",
                         "patient_payment_entries", "patient_payment_voids", "visit_note_files")


def _cell_problem(column: Any, value: Any) -> str | None:
    """Why a workflow cell cannot be stored in ``column``, or None when it can."""
    if value is None:
        return None
    kind = type(column.type)
    if kind is Cents:
        if isinstance(value, bool | float) or not isinstance(value, str | int | Decimal):
            return "must be an amount written as a decimal string."
        try:
            amount = Decimal(str(value).strip())
        except ArithmeticError:
            return "is not an amount."
        if not amount.is_finite() or abs(amount) > MAX_AMOUNT:
            return f"must be an amount up to {MAX_AMOUNT:,}."
        if amount != amount.quantize(Decimal("0.01")):
            return "has fractions of a cent."
        return None
    if kind is Integer:
        if isinstance(value, bool) or not isinstance(value, int):
            return "must be a whole number."
        return None if -MAX_INTEGER - 1 <= value <= MAX_INTEGER else "is too large a number."
    if kind in (String, Text):
        return None if isinstance(value, str) else "must be text."
    if kind is LargeBinary:
        try:
            base64.b64decode(value, validate=True)
        except (TypeError, ValueError):
            return "must be base64 text."
        return None
    parse = datetime.fromisoformat if kind is DateTime else date.fromisoformat
    try:
        parse(value)
    except (TypeError, ValueError):
        return "must be an ISO date." if kind is Date else "must be an ISO date and time."
    return None


def workflow_problems(sections: tuple[TableRows, ...]) -> list[tuple[str, str]]:
    """Every workflow cell that its table cannot hold, as ``(JSON path, message)``.

    Args:
        sections: the document's ``workflow`` tables.

    Returns:
        One entry per unknown table, unknown column or unstorable value.
    """
    known = WORKFLOW_BEFORE_LEDGER + WORKFLOW_AFTER_LEDGER
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for i, section in enumerate(sections):
        where = f"$.workflow[{i}]"
        if section.table not in known or section.table in seen:
            what = "is repeated" if section.table in seen else "is not a ClaimDesk table"
            out.append((f"{where}.table", f"'{section.table[:40]}' {what}."))
            continue
        seen.add(section.table)
        columns = t.Base.metadata.tables[section.table].columns
        for j, row in enumerate(section.rows):
            for key, value in row.items():
                path = f"{where}.rows[{j}].{key[:40]}"
                column = columns.get(key)
                problem = "is not a column of this table." if column is None else (
                    _cell_problem(column, value))
                if problem:
                    out.append((path, problem))
    return out


def _json_value(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _column_value(column: Any, value: Any) -> Any:
    if value is None:
        return None
    kind = type(column.type)
    if kind is Cents:
        return Decimal(str(value))
    if kind is DateTime:
        return datetime.fromisoformat(value)
    if kind is Date:
        return date.fromisoformat(value)
    if kind is LargeBinary:
        return base64.b64decode(value)
    return value


def read_workflow(session: Session) -> tuple[TableRows, ...]:
    """Every workflow table as verbatim rows (ids kept)."""
    out = []
    for name in WORKFLOW_BEFORE_LEDGER + WORKFLOW_AFTER_LEDGER:
        table = t.Base.metadata.tables[name]
        order = list(table.primary_key.columns)
        rows = session.execute(select(table).order_by(*order)).mappings()
        out.append(TableRows(table=name, rows=tuple(
            {k: _json_value(v) for k, v in row.items()} for row in rows)))
    return tuple(out)


def write_workflow(session: Session, sections: tuple[TableRows, ...],
                   names: tuple[str, ...]) -> None:
    """Insert the workflow tables named in ``names`` from ``sections``."""
    by_name = {s.table: s for s in sections}
    for name in names:
        section = by_name.get(name)
        if section is None or not section.rows:
            continue
        table = t.Base.metadata.tables[name]
        rows = [{c.name: _column_value(c, r.get(c.name)) for c in table.columns if c.name in r}
                for r in section.rows]
        if name == "deposits":  # closed after their items (triggers refuse items otherwise)
            rows = [{**r, "state": "open"} for r in rows]
        _execute(session, table, rows)
    closed = [r["id"] for r in getattr(by_name.get("deposits"), "rows", ())
              if r.get("state") == "closed"]
    if "deposits" in names and closed:
        deposits = t.Base.metadata.tables["deposits"]
        session.execute(deposits.update().where(deposits.c.id.in_(closed))
                        .values(state="closed"))


def _children(session: Session, row_cls: Any, key: str) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for row in session.scalars(select(row_cls).order_by(row_cls.id)):
        grouped.setdefault(getattr(row, key), []).append(row)
    return grouped


def read_document(session: Session) -> PracticeDocument:
    """Read the whole practice into one document (ids kept, stable order)."""
    practice = session.scalars(select(t.PracticeRow)).first()
    if practice is None:
        raise UserError("The database has no practice set up; there is nothing to export.")
    ch = session.scalars(select(t.ClearinghouseRow)).first()
    policies = _children(session, t.PolicyRow, "patient_id")
    auths = _children(session, t.PriorAuthRow, "patient_id")
    checks = _children(session, t.EligibilityRow, "policy_id")
    files = []
    for row in session.scalars(select(t.PatientRow).order_by(t.PatientRow.id)):
        pols = policies.get(row.id, [])
        files.append(PatientFile(
            patient=m.patient_to_domain(row),
            policies=tuple(m.policy_to_domain(p) for p in pols),
            eligibility_checks=tuple(m.eligibility_to_domain(c) for p in pols
                                     for c in checks.get(p.id, [])),
            prior_auths=tuple(m.auth_to_domain(a) for a in auths.get(row.id, []))))
    return PracticeDocument(
        practice=m.practice_to_domain(practice),
        clearinghouse=m.clearinghouse_to_domain(ch) if ch else None,
        providers=tuple(m.provider_to_domain(r) for r in _all(session, t.ProviderRow)),
        payers=tuple(m.payer_to_domain(r) for r in _all(session, t.PayerRow)),
        patients=tuple(files),
        encounters=tuple(m.encounter_to_domain(r) for r in session.scalars(
            select(t.EncounterRow).order_by(t.EncounterRow.id).options(
                selectinload(t.EncounterRow.diagnoses), selectinload(t.EncounterRow.lines)))),
        claims=tuple(claims_where(session, trusted=False)),
        claim_history=tuple(m.history_to_domain(r) for r in _all(session, t.ClaimHistoryRow)),
        ledger=tuple(m.entry_to_domain(r) for r in _all(session, t.LedgerEntryRow)),
        fee_schedule=tuple(FeeScheduleEntry(code=r.code, modifier=r.modifier, label=r.label,
                                            charge=r.charge, effective_date=r.effective_date,
                                            ended=r.ended)
                           for r in _all(session, t.FeeScheduleRow)),
        contracts=tuple(ContractRate(payer_id=r.payer_id, code=r.code, modifier=r.modifier,
                                     allowed=r.allowed, effective_date=r.effective_date,
                                     ended=r.ended)
                        for r in _all(session, t.PayerContractRow)),
        workflow=read_workflow(session),
        sent_claims=snapshots.all_snapshots(session),
    )


def _all(session: Session, row_cls: Any) -> list[Any]:
    return list(session.scalars(select(row_cls).order_by(row_cls.id)))
