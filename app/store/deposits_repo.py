"""The one store writer (and reader) of deposits and their items.

Every change to a deposit goes through this module, which refuses changing a closed deposit;
the database refuses it a second time (triggers of migration 0012d), and refuses closing a
deposit whose items do not add up to its bank slip amount.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.deposits import (
    EFT_METHODS,
    Deposit,
    DepositItem,
    DepositKind,
    PaymentMethod,
    check_close,
    check_open,
    eft_key,
)
from app.domain.errors import NotFound, UserError
from app.domain.ledger import EntryKind
from app.store import tables as t
from app.store.id_lists import in_ids


def _items(session: Session, deposit_ids: list[int]) -> dict[int, list[DepositItem]]:
    if not deposit_ids:
        return {}
    rows = session.execute(
        select(t.DepositItemRow, t.PaymentRow.payer_name, t.PaymentRow.trace_number,
               t.LedgerEntryRow.reference, t.PatientRow.account_number,
               t.LedgerEntryRow.account)
        .outerjoin(t.PaymentRow, t.PaymentRow.id == t.DepositItemRow.payment_id)
        .outerjoin(t.LedgerEntryRow, t.LedgerEntryRow.id == t.DepositItemRow.ledger_entry_id)
        .outerjoin(t.PatientRow, t.PatientRow.id == t.LedgerEntryRow.patient_id)
        .where(in_ids(t.DepositItemRow.deposit_id, deposit_ids))
        .order_by(t.DepositItemRow.id))
    out: dict[int, list[DepositItem]] = defaultdict(list)
    for row, payer, trace, ref, account, side in rows:
        label = (f"{payer} {trace}".strip() if row.payment_id is not None
                 else f"{side} {account} {ref}".strip())
        out[row.deposit_id].append(DepositItem(
            id=row.id, deposit_id=row.deposit_id, method=PaymentMethod(row.method),
            amount=row.amount, payment_id=row.payment_id,
            ledger_entry_id=row.ledger_entry_id, label=label))
    return out


def _deposit(row: t.DepositRow, items: list[DepositItem]) -> Deposit:
    return Deposit(id=row.id, kind=DepositKind(row.kind), deposit_date=row.deposit_date,
                   reference=row.reference, state=row.state, slip_amount=row.slip_amount,
                   closed_at=row.closed_at, items=tuple(items))


def list_deposits(session: Session, *, open_only: bool = False,
                  ids: Iterable[int] | None = None) -> list[Deposit]:
    """Deposits, newest first, with their items (two queries)."""
    stmt = select(t.DepositRow).order_by(t.DepositRow.deposit_date.desc(),
                                         t.DepositRow.id.desc())
    if open_only:
        stmt = stmt.where(t.DepositRow.state == "open")
    if ids is not None:
        stmt = stmt.where(in_ids(t.DepositRow.id, sorted(set(ids))))
    rows = list(session.scalars(stmt))
    items = _items(session, [r.id for r in rows])
    return [_deposit(r, items.get(r.id, [])) for r in rows]


def get(session: Session, deposit_id: int) -> Deposit:
    """One deposit with its items.

    Raises:
        NotFound: no deposit has that id.
    """
    found = list_deposits(session, ids=[deposit_id])
    if not found:
        raise NotFound(f"There is no deposit {deposit_id}.")
    return found[0]


def create(session: Session, kind: DepositKind, deposit_date: date, reference: str = "",
           key: str | None = None) -> int:
    """A new open deposit; returns its id."""
    row = t.DepositRow(kind=kind.value, deposit_date=deposit_date, reference=reference[:50],
                       eft_key=key, state="open", note="", created_at=datetime.now())
    session.add(row)
    session.flush()
    return row.id


def _where_deposited(session: Session, column: str, value: int) -> int | None:
    col = getattr(t.DepositItemRow, column)
    return session.scalar(select(t.DepositItemRow.deposit_id).where(col == value))


def _insert(session: Session, deposit_id: int, method: PaymentMethod, amount: Decimal,
            **source: int) -> int:
    check_open(get(session, deposit_id))
    (column, value), = source.items()
    earlier = _where_deposited(session, column, value)
    if earlier is not None:
        raise UserError(f"That payment is already in deposit {earlier}.")
    row = t.DepositItemRow(deposit_id=deposit_id, method=method.value, amount=amount,
                           added_at=datetime.now(), **source)
    session.add(row)
    _flush(session)
    return row.id


def add_era_payment(session: Session, deposit_id: int, payment_id: int,
                    method: PaymentMethod = PaymentMethod.EFT) -> int:
    """Put an ERA payment (BPR02 amount) in an open deposit; returns the item id.

    Raises:
        NotFound: no such payment or deposit.
        UserError: the deposit is closed, or the payment is already in a deposit.
    """
    payment = session.get(t.PaymentRow, payment_id)
    if payment is None:
        raise NotFound(f"There is no ERA payment {payment_id}.")
    return _insert(session, deposit_id, method, payment.amount, payment_id=payment_id)


def add_ledger_payment(session: Session, deposit_id: int, entry_id: int,
                       method: PaymentMethod) -> int:
    """Put a ledger payment entry (a patient payment, or its void) in an open deposit.

    Raises:
        NotFound: no such entry or deposit.
        UserError: not a payment entry, the deposit is closed, or already deposited.
    """
    entry = session.get(t.LedgerEntryRow, entry_id)
    if entry is None:
        raise NotFound(f"There is no ledger entry {entry_id}.")
    if entry.kind != EntryKind.PAYMENT.value or entry.payment_id is not None:
        raise UserError(f"Ledger entry {entry_id} is not a payment that can be deposited "
                        "(ERA payments are deposited as a whole).")
    return _insert(session, deposit_id, method, entry.amount, ledger_entry_id=entry_id)


def remove_item(session: Session, item_id: int) -> None:
    """Take a payment out of its (open) deposit.

    Raises:
        NotFound: no such item.
        UserError: the deposit is closed.
    """
    row = session.get(t.DepositItemRow, item_id)
    if row is None:
        raise NotFound(f"There is no deposit item {item_id}.")
    check_open(get(session, row.deposit_id))
    session.delete(row)
    _flush(session)


def close(session: Session, deposit_id: int, slip_amount: Decimal) -> Deposit:
    """Close a deposit whose items add up to ``slip_amount``.

    Raises:
        UserError: closed already, empty, or the total differs from the slip.
    """
    deposit = get(session, deposit_id)
    check_close(deposit, slip_amount)
    row = session.get(t.DepositRow, deposit_id)
    assert row is not None
    row.slip_amount, row.state, row.closed_at = slip_amount, "closed", datetime.now()
    _flush(session)
    return get(session, deposit_id)


def _flush(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        raise UserError(f"The database refused the deposit change: {exc.orig}") from None


def file_era_payments(session: Session, payment_ids: Iterable[int] | None = None) -> list[int]:
    """Put undeposited EFT payments of 835s into the deposit of their trace (made if needed).

    Checks (BPR04 CHK) and zero payments are left for the user to deposit by choice.

    Args:
        session: the open write session.
        payment_ids: only these ERA payments (default: every undeposited one).

    Returns:
        The ids of the deposits that received a payment.
    """
    stmt = (select(t.PaymentRow).outerjoin(t.DepositItemRow,
                                           t.DepositItemRow.payment_id == t.PaymentRow.id)
            .where(t.DepositItemRow.id.is_(None)).order_by(t.PaymentRow.id))
    if payment_ids is not None:
        stmt = stmt.where(in_ids(t.PaymentRow.id, sorted(set(payment_ids))))
    touched: list[int] = []
    for pay in list(session.scalars(stmt)):
        if pay.method.upper() not in EFT_METHODS or pay.amount == 0:
            continue
        key = eft_key(pay.payer_trace_id, pay.trace_number)
        row = session.scalar(select(t.DepositRow).where(t.DepositRow.eft_key == key))
        if row is not None and row.state == "closed":
            continue
        deposit_id = row.id if row is not None else create(
            session, DepositKind.EFT, pay.payment_date or pay.posted_at.date(),
            pay.trace_number, key)
        add_era_payment(session, deposit_id, pay.id)
        touched.append(deposit_id)
    return touched


def deposited_by(session: Session, *, payment_ids: Iterable[int] = (),
                 entry_ids: Iterable[int] = ()) -> tuple[dict[int, DepositItem],
                                                         dict[int, DepositItem]]:
    """Which deposit items hold these ERA payments and ledger entries (two maps)."""
    pids, eids = sorted(set(payment_ids)), sorted(set(entry_ids))
    rows = list(session.scalars(select(t.DepositItemRow).where(
        in_ids(t.DepositItemRow.payment_id, pids)
        | in_ids(t.DepositItemRow.ledger_entry_id, eids))))
    def item(r: t.DepositItemRow) -> DepositItem:
        return DepositItem(id=r.id, deposit_id=r.deposit_id, method=PaymentMethod(r.method),
                           amount=r.amount, payment_id=r.payment_id,
                           ledger_entry_id=r.ledger_entry_id)
    return ({r.payment_id: item(r) for r in rows if r.payment_id is not None},
            {r.ledger_entry_id: item(r) for r in rows if r.ledger_entry_id is not None})


def undeposited(session: Session) -> tuple[list[tuple[int, str, date, Decimal, str]],
                                            list[tuple[int, str, date, Decimal]]]:
    """Payments in no deposit yet.

    Returns:
        ERA payments as ``(payment id, "payer trace", date, amount, BPR04 method)`` and ledger
        payment entries as ``(entry id, "patient|payer ACCOUNT reference", posted on, amount)``
        (payer payments keyed without an ERA, such as paper EOBs, are deposited by entry).
    """
    era = session.execute(
        select(t.PaymentRow.id, t.PaymentRow.payer_name, t.PaymentRow.trace_number,
               t.PaymentRow.payment_date, t.PaymentRow.posted_at, t.PaymentRow.amount,
               t.PaymentRow.method)
        .outerjoin(t.DepositItemRow, t.DepositItemRow.payment_id == t.PaymentRow.id)
        .where(t.DepositItemRow.id.is_(None)).order_by(t.PaymentRow.id))
    entries = session.execute(
        select(t.LedgerEntryRow.id, t.PatientRow.account_number, t.LedgerEntryRow.reference,
               t.LedgerEntryRow.posted_on, t.LedgerEntryRow.amount, t.LedgerEntryRow.account)
        .join(t.PatientRow, t.PatientRow.id == t.LedgerEntryRow.patient_id)
        .outerjoin(t.DepositItemRow, t.DepositItemRow.ledger_entry_id == t.LedgerEntryRow.id)
        .where(t.DepositItemRow.id.is_(None), t.LedgerEntryRow.kind == "payment",
               t.LedgerEntryRow.payment_id.is_(None))
        .order_by(t.LedgerEntryRow.posted_on, t.LedgerEntryRow.id))
    return ([(i, f"{name} {trace}".strip(), pdate or posted.date(), amount, method)
             for i, name, trace, pdate, posted, amount, method in era],
            [(i, f"{side} {account} {ref}".strip(), on, amount)
             for i, account, ref, on, amount, side in entries])
