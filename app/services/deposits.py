"""Deposits: group payments as they go to the bank, and close them against the bank slip.

ERA payments paid by EFT join the deposit of their trace (BPR/TRN) automatically when the 835
is posted (``file_era_payments``, also callable for earlier ERAs); paper checks from payers and
patient payments (ledger entries of kind payment) are added by choice. Membership is by id
(``payments.id`` or ``ledger_entries.id``), so any screen that records a payment on the ledger
can deposit it without changes here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.changes import Changes
from app.domain.deposits import Deposit, DepositKind, PaymentMethod
from app.store import deposits_repo as repo
from app.store.database import Database, UnitOfWork

CHANGED = Changes(payments=True)


@dataclass(frozen=True)
class UndepositedPayment:
    """A payment in no deposit yet: an ERA payment or a ledger payment entry."""

    source: str  # "era" or "ledger"
    id: int
    label: str
    received_on: date
    amount: Decimal
    method: str = ""


def list_deposits(db: Database, *, open_only: bool = False) -> list[Deposit]:
    """Deposits, newest first, each with its items and total."""
    with db.reading() as session:
        return repo.list_deposits(session, open_only=open_only)


def get_deposit(db: Database, deposit_id: int) -> Deposit:
    """One deposit with its items.

    Raises:
        NotFound: no deposit has that id.
    """
    with db.reading() as session:
        return repo.get(session, deposit_id)


def undeposited(db: Database) -> list[UndepositedPayment]:
    """Payments not in any deposit yet (ERA payments first, then patient payments)."""
    with db.reading() as session:
        era, entries = repo.undeposited(session)
    return ([UndepositedPayment("era", i, label, on, amount, method)
             for i, label, on, amount, method in era]
            + [UndepositedPayment("ledger", i, label, on, amount) for i, label, on, amount
               in entries])


def open_deposit(db: Database, kind: DepositKind, deposit_date: date,
                 reference: str = "") -> tuple[Deposit, Changes]:
    """Start a new, empty deposit (a day's checks and cash, a card settlement...)."""
    with UnitOfWork(db) as uow:
        deposit_id = repo.create(uow.session, kind, deposit_date, reference)
        deposit = repo.get(uow.session, deposit_id)
        uow.commit()
    return deposit, CHANGED


def add_payments(db: Database, deposit_id: int, *, era_payment_ids: Iterable[int] = (),
                 entry_ids: Iterable[int] = (),
                 method: PaymentMethod = PaymentMethod.CHECK) -> tuple[Deposit, Changes]:
    """Put payments in an open deposit, all or none.

    Args:
        db: the practice database.
        deposit_id: the open deposit.
        era_payment_ids: ERA payments (a payer's paper check posted from an 835, or an EFT
            chosen by hand).
        entry_ids: ledger payment entries (patient payments and their voids).
        method: how the ledger payments were made (cash, check, card...); ERA payments
            are recorded as a check when ``check`` is chosen, else as an EFT.

    Raises:
        NotFound: a payment or the deposit does not exist.
        UserError: the deposit is closed, or a payment is in a deposit already.
    """
    method = PaymentMethod(method)
    era_method = PaymentMethod.CHECK if method == PaymentMethod.CHECK else PaymentMethod.EFT
    with UnitOfWork(db) as uow:
        for pid in era_payment_ids:
            repo.add_era_payment(uow.session, deposit_id, pid, era_method)
        for eid in entry_ids:
            repo.add_ledger_payment(uow.session, deposit_id, eid, method)
        deposit = repo.get(uow.session, deposit_id)
        uow.commit()
    return deposit, CHANGED


def remove_item(db: Database, item_id: int) -> Changes:
    """Take a payment out of its open deposit.

    Raises:
        NotFound: no such item.
        UserError: its deposit is closed.
    """
    with UnitOfWork(db) as uow:
        repo.remove_item(uow.session, item_id)
        uow.commit()
    return CHANGED


def close_deposit(db: Database, deposit_id: int, slip_amount: Decimal,
                  ) -> tuple[Deposit, Changes]:
    """Close a deposit against its bank slip; a closed deposit never changes again.

    Raises:
        NotFound: no such deposit.
        UserError: it is closed already, empty, or its total differs from the slip (the
            message gives both amounts and the difference).
    """
    with UnitOfWork(db) as uow:
        deposit = repo.close(uow.session, deposit_id, slip_amount)
        uow.commit()
    return deposit, CHANGED


def file_era_payments(db: Database) -> tuple[list[int], Changes]:
    """Put every undeposited EFT payment of earlier 835s into its trace's deposit.

    Returns:
        The deposits that received payments, and the changes.
    """
    with UnitOfWork(db) as uow:
        touched = repo.file_era_payments(uow.session)
        uow.commit()
    return sorted(set(touched)), CHANGED if touched else Changes()
