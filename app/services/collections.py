"""Collections: the policy's proposals, sending accounts to the agency, agency payments.

Sending moves each open visit balance into the collections bucket with ledger entries
(``app.domain.collections`` explains them); an agency payment comes back out of the bucket as
a patient payment of the net amount plus an adjustment for the agency's fee, so the patient
balance never moves by the agency's work and the bucket always equals what is still placed.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from app.domain.base import build
from app.domain.changes import Changes
from app.domain.collections import (
    AGENCY_FEE,
    DEFAULT_LAYOUT,
    TO_COLLECTIONS,
    CollectionAccount,
    CollectionPolicy,
    LayoutField,
    Proposal,
    fee_split,
    propose,
)
from app.domain.errors import Problem, UserError, ValidationFailed
from app.domain.ledger import Account, EntryKind, GroupCode, LedgerEntry
from app.domain.money import ZERO, allocate, format_money
from app.store import collections_repo as repo
from app.store import plans_repo, repository
from app.store.database import Database, UnitOfWork

POLICY_KEY = "collections.policy"
LAYOUT_KEY = "collections.layout"
CHANGED = Changes(payments=True, patients=True)


def policy_of(session: Any) -> CollectionPolicy:
    """The stored collection policy, read in an open session."""
    text = repository.get_setting(session, POLICY_KEY)
    return CollectionPolicy.model_validate_json(text) if text else CollectionPolicy()


def get_policy(db: Database) -> CollectionPolicy:
    """The practice's collection policy (defaults until one is saved)."""
    with db.reading() as session:
        return policy_of(session)


def save_policy(db: Database, data: dict[str, Any]) -> tuple[CollectionPolicy, Changes]:
    """Save the collection policy as practice settings (fields not given keep their value).

    Raises:
        ValidationFailed: every bad field, named.
    """
    with UnitOfWork(db) as uow:
        current = policy_of(uow.session).model_dump()
        policy = build(CollectionPolicy, {**current, **data}, "Collection policy")
        repository.set_setting(uow.session, POLICY_KEY, policy.model_dump_json())
        uow.commit()
    return policy, Changes(settings=True)


def get_layout(db: Database) -> tuple[LayoutField, ...]:
    """The agency's fixed-width record layout (the default until one is saved)."""
    with db.reading() as session:
        text = repository.get_setting(session, LAYOUT_KEY)
    if not text:
        return DEFAULT_LAYOUT
    return tuple(LayoutField.model_validate(f) for f in json.loads(text))


def save_layout(db: Database, fields: list[dict[str, Any]]) -> Changes:
    """Save the agency's fixed-width layout (field, width, align, pad per column).

    Raises:
        ValidationFailed: an unknown field or a bad width, with the column number.
    """
    from app.domain.collections import EXPORT_FIELDS

    problems, layout = [], []
    for i, data in enumerate(fields, start=1):
        try:
            f = build(LayoutField, data, f"Layout column {i}")
        except ValidationFailed as exc:
            problems += exc.problems
            continue
        if f.field not in EXPORT_FIELDS:
            problems.append(Problem(f"Layout column {i}", "field",
                                    f"Unknown field; use one of {', '.join(EXPORT_FIELDS)}."))
        layout.append(f.model_dump())
    if problems or not layout:
        raise ValidationFailed(problems or [Problem("Layout", "", "Name at least one field.")])
    with UnitOfWork(db) as uow:
        repository.set_setting(uow.session, LAYOUT_KEY, json.dumps(layout))
        uow.commit()
    return Changes(settings=True)


def review_list(db: Database, today: date) -> list[Proposal]:
    """The accounts the policy proposes for collections, oldest debt first."""
    with db.reading() as session:
        return propose(policy_of(session), repo.account_facts(session), today)


def _move_to_bucket(session: Any, patient_id: int, agency: str,
                    today: date) -> CollectionAccount:
    visits = repo.open_visits(session, patient_id)
    if any(v.balance < 0 for v in visits):
        raise UserError(f"Patient account {patient_id} has a credit on a visit; apply or "
                        "refund it before sending the account to collections.")
    owed = [v for v in visits if v.balance > 0]
    total = sum((v.balance for v in owed), ZERO)
    if total <= 0:
        raise UserError(f"Patient account {patient_id} owes nothing to send to collections.")
    account_id = repo.add_account(session, patient_id, agency, today, total)
    repository.append_entries(session, [LedgerEntry(
        patient_id=patient_id, encounter_id=v.encounter_id, kind=EntryKind.ADJUSTMENT,
        account=Account.PATIENT, amount=v.balance, group_code=GroupCode.OA,
        reason_code=TO_COLLECTIONS, reference=repo.reference(account_id), posted_on=today,
        memo=f"to collections ({agency})"[:200]) for v in owed])
    return repo.get_account(session, account_id)


def send_to_collections(db: Database, patient_ids: list[int], today: date,
                        ) -> tuple[list[CollectionAccount], Changes]:
    """Send accounts to the agency: their balances move to the collections bucket, all or none.

    An active payment plan of the patient is cancelled (the agency collects now).

    Raises:
        UserError: an account is already with the agency, owes nothing, or has a credit.
    """
    with UnitOfWork(db) as uow:
        policy = policy_of(uow.session)
        placed = {a.patient_id for a in repo.accounts(uow.session, state="sent")}
        out = []
        for pid in patient_ids:
            if pid in placed:
                raise UserError(f"Patient account {pid} is already with the agency.")
            out.append(_move_to_bucket(uow.session, pid, policy.agency, today))
            for plan in plans_repo.plans(uow.session, patient_ids=[pid]):
                plans_repo.set_plan_state(uow.session, plan.id, "cancelled")
        uow.commit()
    return out, CHANGED


def collection_accounts(db: Database, state: str | None = "sent") -> list[CollectionAccount]:
    """Accounts with the agency (or all with ``state=None``), with their bucket."""
    with db.reading() as session:
        return repo.accounts(session, state=state)


def _entry(account: CollectionAccount, visit: int | None, on: date, kind: EntryKind,
           amount: Decimal, memo: str, reason: str = "") -> LedgerEntry:
    return LedgerEntry(patient_id=account.patient_id, encounter_id=visit, kind=kind,
                       account=Account.PATIENT, amount=amount,
                       group_code=GroupCode.OA if kind == EntryKind.ADJUSTMENT else None,
                       reason_code=reason, reference=repo.reference(account.id),
                       posted_on=on, memo=memo[:200])


def _agency_entries(account: CollectionAccount, bucket: dict[int | None, Decimal],
                    gross: Decimal, fee: Decimal, on: date) -> list[LedgerEntry]:
    visits = sorted(bucket, key=lambda e: (e is None, e or 0))
    parts = allocate(gross, [bucket[v] for v in visits])
    fees = allocate(fee, parts) if fee else [ZERO] * len(parts)
    out = []
    for visit, part, part_fee in zip(visits, parts, fees, strict=True):
        if not part:
            continue
        out.append(_entry(account, visit, on, EntryKind.ADJUSTMENT, -part,
                          "back from collections", TO_COLLECTIONS))
        if part - part_fee:
            out.append(_entry(account, visit, on, EntryKind.PAYMENT, part - part_fee,
                              f"collected by {account.agency}"))
        if part_fee:
            out.append(_entry(account, visit, on, EntryKind.ADJUSTMENT, part_fee,
                              f"fee of {account.agency}", AGENCY_FEE))
    return out


def post_agency_payment(db: Database, account_id: int, gross: Decimal, on: date, *,
                        net: Decimal | None = None) -> tuple[list[LedgerEntry], Changes]:
    """Post what the agency collected against the bucket, net of its fee.

    Args:
        db: the practice database.
        account_id: the collection account.
        gross: what the agency collected from the patient.
        on: the posting date.
        net: what the agency remitted (default: gross less the policy's fee percent).

    Returns:
        The ledger entries posted (the net payment entry can go in a deposit), and changes.

    Raises:
        UserError: the amount is not above 0, exceeds the bucket, or net exceeds gross.
    """
    with UnitOfWork(db) as uow:
        account = repo.get_account(uow.session, account_id)
        if gross <= 0 or gross > account.bucket:
            raise UserError(f"The agency amount must be above 0 and at most "
                            f"{format_money(account.bucket)} still in collections.")
        fee, net_amount = fee_split(gross, policy_of(uow.session).fee_percent)
        if net is not None:
            if not ZERO <= net <= gross:
                raise UserError("The net remitted must be between 0 and the gross collected.")
            fee, net_amount = gross - net, net
        bucket = repo.bucket_by_visit(uow.session, account_id)
        saved = repository.append_entries(
            uow.session, _agency_entries(account, bucket, gross, fee, on))
        if gross == account.bucket:
            repo.set_state(uow.session, account_id, "closed")
        uow.commit()
    assert net_amount + fee == gross
    return saved, CHANGED
