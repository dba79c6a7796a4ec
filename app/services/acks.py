"""Which of our batches and claims an acknowledgment applies to (999 and 277CA).

The plan functions only decide: they return the claims to accept or reject with the reason,
the batch statuses and what could not be matched; ``services.batches`` writes the statuses.

A 999 applies to a batch only when its whole envelope answers that batch: the 999's ISA and GS
sender and receiver are ours reversed, AK101 is our GS01 (HC), AK102 our GS06, AK103 our GS08,
and every AK202 one of the batch's ST02 (AK201 837, AK203 our ST03). Anything else is named as
unmatched and changes nothing: a 999 from another trading partner, or for another kind of file,
never rejects one of our batches.

A 277CA status follows the TR3's categories (``domain.acks.category_disposition``): A0
forwarded, A1 received, A2 accepted and A5 split do not reject; A3, A4, A6, A7 and A8 do. A
rejection at the information receiver (2200B) or billing provider (2200C) level covers every
claim beneath it: the claims listed under it, or when none are listed, every claim of the batch
its trace (BHT03) names (of that billing provider, for the provider level).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from app.domain.acks import Ack277, Ack999, ClaimAck277, Disposition, LevelStatus277
from app.domain.batches import BatchRecord
from app.store import batch_repo
from app.store.claims.reader import read_claims
from app.store.remit_repo import find_claim
from app.x12 import versions
from app.x12.ack_identity import TA1_MEANING, Ta1
from app.x12.acks import SentHeader, claims_by_billing_provider, sent_header

_BHT03 = re.compile(r"CDB(\d{1,9})")


@dataclass(frozen=True)
class AckAction:
    """Accept or reject one claim, and why."""

    claim_id: int
    accept: bool
    reason: str
    payer_claim_number: str = ""


@dataclass
class AckPlan:
    """What an acknowledgment means for our claims and batches."""

    actions: list[AckAction] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    batch_status: dict[int, str] = field(default_factory=dict)

    def add(self, action: AckAction) -> None:
        """Add ``action``; for a claim already planned, a rejection wins over an acceptance."""
        for i, earlier in enumerate(self.actions):
            if earlier.claim_id == action.claim_id:
                if earlier.accept and not action.accept:
                    self.actions[i] = action
                return
        self.actions.append(action)


# -- 999 ------------------------------------------------------------------------------------------
def plan_999(session: Any, acks: list[Ack999]) -> AckPlan:
    """The claims each 999 transaction set accepts or rejects, for the batches it matches."""
    plan = AckPlan()
    for ack in acks:
        _plan_one_999(session, ack, plan)
    return plan


def _group_name(ack: Ack999) -> str:
    return (f"999 for group {ack.group_control_number or '?'} ({ack.functional_id or '?'} "
            f"{ack.version or '?'}) from {ack.sender_id or '?'}")


def envelope_mismatches(ack: Ack999, sent: SentHeader) -> list[str]:
    """Why ``ack`` does not answer the batch ``sent`` (empty: it does)."""
    isa, gs = sent.interchange, sent.group
    checks = [
        ("its ISA sender", (ack.sender_qualifier, ack.sender_id),
         (isa.receiver_qualifier, isa.receiver_id), "the receiver we sent the batch to"),
        ("its ISA receiver", (ack.receiver_qualifier, ack.receiver_id),
         (isa.sender_qualifier, isa.sender_id), "our sender id"),
        ("its GS sender", (ack.gs_sender,), (gs.receiver_id,), "our GS receiver"),
        ("its GS receiver", (ack.gs_receiver,), (gs.sender_id,), "our GS sender"),
        ("AK101", (ack.functional_id,), (gs.functional_id,), "our GS01"),
        ("AK103", (ack.version,), (gs.version,), "our GS08"),
    ]
    return [f"{label} {':'.join(got)} is not {what} {':'.join(want)}"
            for label, got, want, what in checks if got != want]


def _plan_one_999(session: Any, ack: Ack999, plan: AckPlan) -> None:
    name = _group_name(ack)
    if ack.functional_id != "HC":
        what = versions.FUNCTIONAL_IDS.get(ack.functional_id, "another kind of file")
        plan.unmatched.append(f"{name}: it acknowledges {what}, not an 837 claim batch.")
        return
    gs06 = ack.group_control_number
    batch = batch_repo.batch_by_gs06(session, int(gs06)) if gs06.isdigit() else None
    sent = sent_header(batch.content, batch.file_name) if batch is not None else None
    if batch is None or sent is None:
        plan.unmatched.append(f"{name}: no batch we sent has group control number {gs06}.")
        return
    wrong = envelope_mismatches(ack, sent)
    if wrong:
        plan.unmatched.append(f"{name}: batch {batch.file_name} has GS06 {gs06}, but "
                              f"{'; '.join(wrong)}. Nothing was changed.")
        return
    plan.batch_status[batch.id] = "accepted" if ack.accepted else "rejected"
    if not ack.transactions:
        _whole_group(session, ack, batch, plan)
    for ts in ack.transactions:
        claim_ids = (batch_repo.batch_claims(session, batch.id, ts.control_number)
                     if ts.set_id == "837" and ts.version in ("", sent.transaction_version)
                     else [])
        if not claim_ids:
            plan.unmatched.append(f"{name}: transaction set {ts.set_id} {ts.control_number} "
                                  f"({ts.version or 'no version'}) is not in batch "
                                  f"{batch.file_name}.")
            continue
        for claim_id in claim_ids:
            plan.add(_ts_action(claim_id, ts.accepted, ts.control_number,
                                "; ".join(e.message for e in ts.errors) or ts.message, gs06))


def _ts_action(claim_id: int, accepted: bool, st02: str, detail: str,
               gs06: str) -> AckAction:
    if accepted:
        return AckAction(claim_id, True, f"999: transaction set {st02} of group {gs06} "
                         "accepted by the clearinghouse")
    return AckAction(claim_id, False, f"999 rejected the file: {detail}")


def _whole_group(session: Any, ack: Ack999, batch: BatchRecord, plan: AckPlan) -> None:
    """A 999 without AK2 loops: its AK9 verdict covers every transaction set of the group."""
    claim_ids = batch_repo.batch_claims(session, batch.id)
    for claim_id in claim_ids:
        plan.add(_ts_action(claim_id, ack.accepted, "(whole group)", ack.message,
                            ack.group_control_number))
    plan.notes.append(f"{_group_name(ack)}: the group verdict ({ack.group_status.value}) "
                      f"applies to all {len(claim_ids)} claims of batch {batch.file_name}.")


# -- 277CA ----------------------------------------------------------------------------------------
def plan_277(session: Any, ack: Ack277) -> AckPlan:
    """The claims the 277CA accepts or rejects, claim by claim and level by level.

    A claim is found by its CLM01 (2200D TRN02) and, when the 2200B trace names a batch we
    sent, must be one of that batch's claims: a claim of another batch is reported, not
    applied.
    """
    plan = AckPlan()
    for level in ack.levels:
        _plan_level(session, level, plan)
    traced: dict[str, tuple[str, set[int]] | None] = {}
    for item in ack.claims:
        _plan_claim(session, item, plan, traced)
    return plan


def _traced_batch(session: Any, trace: str, cache: dict[str, tuple[str, set[int]] | None],
                  ) -> tuple[str, set[int]] | None:
    """(file name, claim ids) of the batch a 2200B trace (our BHT03) names, if any."""
    if trace not in cache:
        batch = _batch_of_trace(session, trace)
        cache[trace] = (batch.file_name, set(batch_repo.batch_claims(session, batch.id))
                        ) if batch is not None else None
    return cache[trace]


def _batch_of_trace(session: Any, trace: str) -> Any:
    match = _BHT03.fullmatch(trace)
    batch = batch_repo.batch_by_isa13(session, int(match.group(1))) if match else None
    sent = sent_header(batch.content, batch.file_name) if batch is not None else None
    return batch if sent is not None and sent.bht03 == trace else None


def _plan_claim(session: Any, item: ClaimAck277, plan: AckPlan,
                traced: dict[str, tuple[str, set[int]] | None]) -> None:
    claim = find_claim(session, item.patient_control_number, "")
    if claim is None:
        plan.unmatched.append(f"claim {item.patient_control_number}")
        return
    batch = _traced_batch(session, item.receiver_trace, traced) if item.receiver_trace else None
    if batch is not None and (claim.id or 0) not in batch[1]:
        plan.unmatched.append(
            f"claim {item.patient_control_number}: the 277CA lists it under batch {batch[0]} "
            f"(trace {item.receiver_trace}), which did not carry it; not applied.")
        return
    main = item.statuses[0]
    code = f"{main.category}:{main.code}"
    disposition = item.disposition
    if disposition is Disposition.ACCEPTED:
        when = item.status_date.strftime("%m/%d/%Y") if item.status_date else "today"
        verb = {"A0": "forwarded to another entity", "A1": "received",
                "A5": "split by the payer"}.get(main.category, "accepted by the payer")
        plan.add(AckAction(claim.id or 0, True, f"277CA: {verb} on {when} ({code})",
                           item.payer_claim_number))
    elif disposition is Disposition.REJECTED:
        plan.add(AckAction(claim.id or 0, False, f"277CA {code}: {main.message}"))
    else:
        plan.notes.append(f"claim {item.patient_control_number}: 277CA {code} "
                          f"({disposition.value}): {main.message} Status not changed.")


def _plan_level(session: Any, level: LevelStatus277, plan: AckPlan) -> None:
    main = level.statuses[0]
    code = f"{main.category}:{main.code}"
    if level.disposition is not Disposition.REJECTED:
        plan.notes.append(f"277CA {level.description}: {code} {main.message}")
        return
    numbers, scope = list(level.claims), "the claims listed under it"
    if not numbers:
        numbers, scope = _batch_claims_covered(session, level)
    if not numbers:
        plan.unmatched.append(f"277CA rejection at the {level.description} ({code}): no batch "
                              f"we sent matches trace {level.receiver_trace or level.trace!r}.")
        return
    reason = (f"277CA {code} at the {level.description} level: {main.message} "
              f"(applies to {scope})")
    found = 0
    for number in numbers:
        claim = find_claim(session, number, "")
        if claim is not None:
            found += 1
            plan.add(AckAction(claim.id or 0, False, reason))
    plan.notes.append(f"277CA rejection at the {level.description} ({code}) applied to "
                      f"{found} claim(s): {scope}.")


def _batch_claims_covered(session: Any, level: LevelStatus277) -> tuple[list[str], str]:
    """Our claim numbers a level names through its batch trace (BHT03), and the scope."""
    batch = _batch_of_trace(session, level.receiver_trace or level.trace)
    if batch is None:
        return [], ""
    if level.level == "19":
        numbers = claims_by_billing_provider(batch.content, batch.file_name).get(
            level.identifier, [])
        return numbers, (f"every claim of batch {batch.file_name} billed by NPI "
                         f"{level.identifier}")
    ids = batch_repo.batch_claims(session, batch.id)
    numbers = [c.control_number for c in read_claims(session, ids, trusted=True)]
    return numbers, f"every claim of batch {batch.file_name}"


# -- TA1 ------------------------------------------------------------------------------------------
def ta1_notes(session: Any, ta1s: list[Ta1]) -> list[str]:
    """What a TA1-only interchange says: each TA1's verdict on the interchange it names."""
    notes = [f"This is {TA1_MEANING}."]
    for ta1 in ta1s:
        batch = (batch_repo.batch_by_isa13(session, int(ta1.interchange))
                 if ta1.interchange.isdigit() else None)
        which = f"batch {batch.file_name}" if batch is not None else "an interchange"
        note = f", note code {ta1.note}" if ta1.note else ""
        notes.append(f"TA104 {ta1.code}: {which} (ISA13 {ta1.interchange}) was {ta1.verdict}"
                     f"{note}. No claim status was changed.")
    return notes
