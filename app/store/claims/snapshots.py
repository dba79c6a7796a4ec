"""Claim snapshots: what each claim carried when it left the practice (``claim_snapshots``).

One row per claim per submission, written in the transaction that moves the claim to
submitted (batch export, paper printing) and never changed afterwards (triggers refuse UPDATE
and DELETE). The row holds the claim-level codes in columns and the lines as a JSON array of
arrays, one per line, with the values in ``LINE_FIELDS`` order::

    [[1, 17, "99213", ["25"], 1000, 12500, [1, 2], "", "2026-10-01", null, "C0000042-1",
      "", "", null, ""]]

Money is integer cents, units and NDC quantities thousandths, dates ISO. A batch of 10,000
claims is written with one ``executemany``. The rows are not copied into the audit log: they
are themselves an append-only record (the claim's move to submitted and its batch are audited).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.base import trusted
from app.domain.claims import ClaimStatus
from app.domain.money import from_cents, to_cents
from app.domain.sent_claim import (
    SendChannel,
    SentClaim,
    SentLine,
    SentLineKey,
    shows_as_sent,
)
from app.domain.submission import ClaimData, ClaimLineData
from app.store import tables as t
from app.store.bulk_insert import insert_rows
from app.store.id_lists import in_ids
from app.store.plain_rows import plain_rows

TABLE = t.Base.metadata.tables[t.ClaimSnapshotRow.__tablename__]
MILLI = 1000
#: The order of the values of one line in ``lines_json`` (arrays: half the size and encoding
#: time of objects, for 10,000-claim batches).
LINE_FIELDS = ("line_number", "line_id", "code", "modifiers", "units_milli", "charge_cents",
               "pointers", "place_of_service", "date_from", "date_to", "line_control_number",
               "ndc", "ndc_unit", "ndc_quantity_milli", "note")


@lru_cache(maxsize=4096)
def _milli(value: Decimal) -> int:
    scaled = value * MILLI
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value} has more than three decimals")
    return int(scaled)


_cents = lru_cache(maxsize=4096)(to_cents)  # a batch repeats its charges, units and dates
_iso = lru_cache(maxsize=4096)(date.isoformat)


def _line_value(line: ClaimLineData | SentLine, line_id: int | None) -> list[Any]:
    """One line's values in ``LINE_FIELDS`` order."""
    qty = line.ndc_quantity
    return [line.line_number, line_id, line.code, list(line.modifiers), _milli(line.units),
            _cents(line.charge), list(line.pointers), line.place_of_service,
            _iso(line.date_from), _iso(line.date_to) if line.date_to else None,
            line.line_control_number, line.ndc, line.ndc_unit,
            None if qty is None else _milli(qty), line.note]


_ENCODER = json.JSONEncoder(separators=(",", ":"))  # one encoder for a whole batch


def _lines_json(values: list[list[Any]]) -> str:
    return _ENCODER.encode(values)


def _sequences(session: Session, claim_ids: Iterable[int]) -> dict[int, int]:
    s = t.ClaimSnapshotRow
    stmt = (select(s.claim_id, func.max(s.sequence)).where(in_ids(s.claim_id, claim_ids))
            .group_by(s.claim_id))
    return {claim_id: top for claim_id, top in plain_rows(session, stmt)}


def _line_ids(session: Session, claim_ids: Iterable[int]) -> dict[tuple[int, int], int]:
    c, x = t.ClaimRow, t.ServiceLineRow
    stmt = (select(c.id, x.line_number, x.id.label("line_id"))
            .join(x, x.encounter_id == c.encounter_id).where(in_ids(c.id, claim_ids)))
    session.flush()
    return {(claim_id, number): line_id for claim_id, number, line_id in
            session.connection().execute(stmt).all()}


def _first_id(session: Session) -> int:
    return (session.scalar(select(func.max(t.ClaimSnapshotRow.id))) or 0) + 1


def record_sent(session: Session, claims: Sequence[ClaimData], *, channel: SendChannel,
                sent_at: datetime, batch_id: int | None = None) -> int:
    """Freeze ``claims`` exactly as they are being sent (one row each); returns the count.

    Call it in the unit of work that moves the claims to submitted. Each claim's visit lines
    are linked by line number to their service line ids as they are now.
    """
    if not claims:
        return 0
    ids = [d.claim_id for d in claims]
    done, line_ids = _sequences(session, ids), _line_ids(session, ids)
    first = _first_id(session)
    rows: list[dict[str, Any]] = []
    for n, d in enumerate(claims):
        rows.append({
            "id": first + n, "claim_id": d.claim_id, "sequence": done.get(d.claim_id, 0) + 1,
            "control_number": d.control_number, "frequency_code": d.frequency_code,
            "payer_claim_number": d.payer_claim_number,
            "place_of_service": d.place_of_service, "diagnoses": ",".join(d.diagnoses),
            "total_charge": d.total_charge,
            "lines_json": _lines_json([_line_value(x, line_ids.get((d.claim_id,
                                                                    x.line_number)))
                                       for x in d.lines])})
    insert_rows(session, TABLE, rows, same={"sent_at": sent_at, "channel": channel.value,
                                            "batch_id": batch_id})
    return len(rows)


def _sent_line(values: list[Any]) -> SentLine:
    v = dict(zip(LINE_FIELDS, values, strict=True))
    qty = v["ndc_quantity_milli"]
    return trusted(
        SentLine, line_number=v["line_number"], line_id=v["line_id"], code=v["code"],
        modifiers=tuple(v["modifiers"]),
        units=Decimal(v["units_milli"]).scaleb(-3).normalize(),
        charge=from_cents(v["charge_cents"]), pointers=tuple(v["pointers"]),
        place_of_service=v["place_of_service"], date_from=date.fromisoformat(v["date_from"]),
        date_to=date.fromisoformat(v["date_to"]) if v["date_to"] else None,
        line_control_number=v["line_control_number"], ndc=v["ndc"], ndc_unit=v["ndc_unit"],
        ndc_quantity=None if qty is None else Decimal(qty).scaleb(-3).normalize(),
        note=v["note"])


def _to_domain(row: Any) -> SentClaim:
    return trusted(
        SentClaim, id=row.id, claim_id=row.claim_id, sequence=row.sequence,
        sent_at=row.sent_at, channel=SendChannel(row.channel), batch_id=row.batch_id,
        control_number=row.control_number, frequency_code=row.frequency_code,
        payer_claim_number=row.payer_claim_number, place_of_service=row.place_of_service,
        diagnoses=tuple(c for c in row.diagnoses.split(",") if c),
        lines=tuple(_sent_line(v) for v in json.loads(row.lines_json)))


def submissions(session: Session, claim_ids: Iterable[int]) -> dict[int, list[SentClaim]]:
    """Every submission of each claim, oldest first (claims never sent are left out)."""
    stmt = (select(TABLE).where(in_ids(TABLE.c.claim_id, claim_ids))
            .order_by(TABLE.c.claim_id, TABLE.c.sequence))
    out: dict[int, list[SentClaim]] = defaultdict(list)
    for row in plain_rows(session, stmt):
        out[row.claim_id].append(_to_domain(row))
    return dict(out)


def last_sent(session: Session, claim_ids: Iterable[int]) -> dict[int, SentClaim]:
    """The latest submission of each claim that was sent."""
    return {claim_id: sent[-1] for claim_id, sent in submissions(session, claim_ids).items()}


def shown_as_sent(session: Session, claim_ids: Iterable[int]) -> dict[int, SentClaim]:
    """The latest submission of each claim that shows as sent in its current status.

    Claims still being worked on (draft, ready, held, rejected) are left out: they show the
    visit's current coding (``app.domain.sent_claim.shows_as_sent``).
    """
    working = [s.value for s in ClaimStatus if not shows_as_sent(s)]
    stmt = (select(TABLE).join(t.ClaimRow.__table__, t.ClaimRow.id == TABLE.c.claim_id)
            .where(in_ids(TABLE.c.claim_id, claim_ids), t.ClaimRow.status.not_in(working))
            .order_by(TABLE.c.claim_id, TABLE.c.sequence))
    out: dict[int, Any] = {}
    for row in plain_rows(session, stmt):
        out[row.claim_id] = row
    return {claim_id: _to_domain(row) for claim_id, row in out.items()}


def voided_originals(session: Session, claim_ids: Iterable[int]) -> dict[int, SentClaim]:
    """For each void claim (frequency 8) among ``claim_ids``: its original's last submission."""
    c = t.ClaimRow
    stmt = select(c.id, c.original_claim_id).where(
        in_ids(c.id, claim_ids), c.frequency_code == "8", c.original_claim_id.is_not(None))
    session.flush()
    originals: dict[int, int] = {void_id: original for void_id, original in
                                 session.connection().execute(stmt).all() if original}
    if not originals:
        return {}
    sent = last_sent(session, originals.values())
    return {void_id: sent[o] for void_id, o in originals.items() if o in sent}


def sent_line_keys(session: Session,
                   claim_ids: Iterable[int]) -> dict[int, tuple[SentLineKey, ...]]:
    """The lines of each claim's latest submission, as 835 line matching needs them."""
    stmt = (select(TABLE.c.claim_id, TABLE.c.lines_json)
            .where(in_ids(TABLE.c.claim_id, claim_ids))
            .order_by(TABLE.c.claim_id, TABLE.c.sequence))
    latest = {claim_id: text for claim_id, text in plain_rows(session, stmt)}
    return {claim_id: tuple(SentLineKey(v[0], v[1], v[2], tuple(v[3])) for v in json.loads(text))
            for claim_id, text in latest.items()}


def all_snapshots(session: Session) -> tuple[SentClaim, ...]:
    """Every snapshot in id order (the practice document)."""
    return tuple(_to_domain(r) for r in plain_rows(session, select(TABLE).order_by(TABLE.c.id)))


def _row_values(sent: SentClaim) -> dict[str, Any]:
    return {"id": sent.id, "claim_id": sent.claim_id, "sequence": sent.sequence,
            "sent_at": sent.sent_at, "channel": sent.channel.value,
            "batch_id": sent.batch_id, "control_number": sent.control_number,
            "frequency_code": sent.frequency_code,
            "payer_claim_number": sent.payer_claim_number,
            "place_of_service": sent.place_of_service, "diagnoses": ",".join(sent.diagnoses),
            "total_charge": sent.total_charge,
            "lines_json": _lines_json([_line_value(x, x.line_id) for x in sent.lines])}


def write_snapshots(session: Session, snapshots: Sequence[SentClaim]) -> None:
    """Insert snapshots as given (document import, demo data); ids are kept or assigned."""
    if not snapshots:
        return
    first = _first_id(session)
    rows = [_row_values(s) for s in snapshots]
    for n, row in enumerate(rows):
        if row["id"] is None:
            row["id"] = first + n
    insert_rows(session, TABLE, rows)
