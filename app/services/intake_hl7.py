"""HL7 v2 adapter (python-hl7): ADT patients with IN1 coverage, DFT^P03 charges, SIU visits.

One file may hold many messages (newline or CR separated, MLLP framing, FHS/BHS batches).
Every problem names the file, the message number and the field (``PID-7``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import hl7

from app.domain.errors import Problem, UserError
from app.domain.intake import (
    ImportAddress,
    ImportCoverage,
    ImportDocument,
    ImportLine,
    ImportPatient,
    ImportSubscriber,
    ImportVisit,
)
from app.services import hl7_lite

ADT_EVENTS = {"A04", "A08", "A28", "A31", "A01", "A05"}
_RELATIONSHIP = {"SEL": "18", "SPO": "01", "CHD": "19", "EMC": "G8", "EME": "20",
                 "EMR": "20", "DOM": "53", "18": "18", "01": "01", "19": "19", "20": "20",
                 "53": "53", "G8": "G8"}
_ORDER = {"1": "P", "2": "S", "3": "T"}
_MAX_BYTES = 200 * 1024 * 1024


def split_messages(text: str) -> list[str]:
    """The messages of an HL7 file: one per MSH, batch envelopes dropped."""
    text = text.lstrip("\ufeff").replace("\x0b", "").replace("\x1c", "")
    text = text.replace("\r\n", "\r").replace("\n", "\r")
    messages: list[list[str]] = []
    for segment in text.split("\r"):
        segment = segment.strip()
        if not segment or segment[:3] in ("FHS", "BHS", "BTS", "FTS"):
            continue
        if segment.startswith("MSH"):
            messages.append([segment])
        elif messages:
            messages[-1].append(segment)
    return ["\r".join(m) for m in messages]


def read(path: Path) -> ImportDocument:
    """Read every message of ``path`` into an import document."""
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise UserError(f"{path.name}: the file is larger than 200 MB; split it.")
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Cannot read {path.name}: {exc.strerror}.") from None
    text = raw.decode("utf-8", errors="replace")
    doc = ImportDocument(source_system="", files=[path.name])
    messages = split_messages(text)
    if not messages:
        doc.problems.append(Problem(path.name, "MSH", "No HL7 message (MSH segment) found."))
    for number, body in enumerate(messages, start=1):
        where = f"{path.name}: message {number}"
        try:
            _message(doc, hl7_lite.parse(body) or hl7.parse(body), where)
        except (IndexError, KeyError, ValueError, TypeError, AttributeError) as exc:
            name = type(exc).__name__
            doc.problems.append(Problem(where, "", f"The message cannot be read ({name}); "
                                        "check its segments."))
    if not doc.source_system:
        doc.source_system = "hl7"
    return doc


def _f(seg: Any, field: int, comp: int = 1, rep: int = 1) -> str:
    """Field ``field``, component ``comp`` of repetition ``rep`` as text ('' when absent)."""
    try:
        value = seg[field]
    except IndexError:
        return ""
    try:
        value = value[rep - 1]
    except (IndexError, TypeError):
        return str(value) if comp == 1 and rep == 1 else ""
    if isinstance(value, str):
        return value.strip() if comp == 1 else ""
    try:
        part = value[comp - 1]
    except (IndexError, TypeError):
        return ""
    return str(part[0] if not isinstance(part, str) and len(part) else part).strip()


def _reps(seg: Any, field: int) -> int:
    try:
        value = seg[field]
    except IndexError:
        return 0
    return len(value) if not isinstance(value, str) else 1


def _date(text: str, where: str, field: str, problems: list[Problem]) -> date | None:
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(\d*)([.+-].*)?", text)
    try:
        if match is None:
            raise ValueError
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        problems.append(Problem(where, field, f"{text!r} is not a date (YYYYMMDD)."))
        return None


def _segments(msg: Any, name: str) -> list[Any]:
    return [s for s in msg if str(s[0]) == name]


def _message(doc: ImportDocument, msg: Any, where: str) -> None:
    msh = msg.segment("MSH")
    kind, event = _f(msh, 9, 1), _f(msh, 9, 2)
    control = _f(msh, 10) or where
    if not doc.source_system:
        sender = "/".join(x for x in (_f(msh, 3), _f(msh, 4)) if x)
        doc.source_system = f"hl7:{sender}" if sender else "hl7"
    pids = _segments(msg, "PID")
    if not pids:
        doc.problems.append(Problem(where, "PID", "The message has no PID segment."))
        return
    patient = _patient(pids[0], where, doc.problems)
    if patient is None:
        return
    stamp = re.sub(r"\D", "", _f(msh, 7).split("+")[0].split("-")[0])[:14]
    patient = replace(patient, as_of=stamp.ljust(14, "0") if stamp else "")
    if kind == "ADT" and event in ADT_EVENTS or kind in ("DFT", "SIU"):
        doc.patients.append(patient)
    if kind == "ADT" and event not in ADT_EVENTS:
        doc.problems.append(Problem(where, "MSH-9", f"ADT^{event} is not imported (patients "
                                    "come from A04, A08, A28 and A31).", severity="warning"))
        return
    for seg in _segments(msg, "IN1"):
        cov = _coverage(seg, patient.key, f"{where}, IN1", doc.problems)
        if cov is not None:
            doc.coverages.append(cov)
    if kind == "DFT":
        _charges(doc, msg, patient.key, where, control)
    elif kind == "SIU":
        _schedule(doc, msg, patient.key, where, event)
    elif kind != "ADT":
        doc.problems.append(Problem(where, "MSH-9", f"{kind}^{event} messages are not "
                                    "imported (ADT, DFT and SIU are).", severity="warning"))


def _patient(pid: Any, where: str, problems: list[Problem]) -> ImportPatient | None:
    key = ""
    for rep in range(1, _reps(pid, 3) + 1):
        if _f(pid, 3, 5, rep) in ("MR", "PI", "PT", "AN"):
            key = _f(pid, 3, 1, rep)
            break
    key = key or _f(pid, 3, 1) or _f(pid, 18, 1) or _f(pid, 2, 1)
    if not key:
        problems.append(Problem(f"{where}, PID", "PID-3", "The patient has no identifier "
                                "(MRN)."))
        return None
    sex = _f(pid, 8).upper()
    return ImportPatient(
        key=key, source=f"{where}, PID", last_name=_f(pid, 5, 1), first_name=_f(pid, 5, 2),
        middle_name=_f(pid, 5, 3),
        birth_date=_date(_f(pid, 7), f"{where}, PID", "PID-7", problems),
        sex=sex if sex in ("F", "M") else "U",
        address=ImportAddress(_f(pid, 11, 1), _f(pid, 11, 2), _f(pid, 11, 3),
                              _f(pid, 11, 4), re.sub(r"\D", "", _f(pid, 11, 5))),
        phone=_phone(pid, 13), email=_f(pid, 13, 4))


def _phone(seg: Any, field: int) -> str:
    text = _f(seg, field, 1)
    if not text and _f(seg, field, 7):
        text = _f(seg, field, 6) + _f(seg, field, 7)
    digits = re.sub(r"\D", "", text)
    return digits[-10:] if len(digits) >= 10 else ""


def _coverage(seg: Any, patient_key: str, where: str,
              problems: list[Problem]) -> ImportCoverage | None:
    payer = _f(seg, 3, 1) or _f(seg, 4, 1)
    member = _f(seg, 36) or _f(seg, 49, 1)
    if not payer or not member:
        problems.append(Problem(where, "IN1-3" if not payer else "IN1-36",
                                "The coverage names no payer id." if not payer else
                                "The coverage has no policy (member) number."))
        return None
    rel = _RELATIONSHIP.get(_f(seg, 17, 1).upper(), "18" if not _f(seg, 17, 1) else "G8")
    subscriber = None
    if rel != "18":
        subscriber = ImportSubscriber(_f(seg, 16, 1), _f(seg, 16, 2),
                                      _date(_f(seg, 18), where, "IN1-18", problems),
                                      _f(seg, 43).upper())
    return ImportCoverage(
        patient_key=patient_key, source=where, payer_ref=payer, member_id=member,
        order=_ORDER.get(_f(seg, 22), "P" if _f(seg, 1) in ("", "1") else "S"),
        group_number=_f(seg, 8), group_name=_f(seg, 9, 1), relationship=rel,
        subscriber=subscriber,
        effective_date=_date(_f(seg, 12), where, "IN1-12", problems),
        termination_date=_date(_f(seg, 13), where, "IN1-13", problems))


def _visit_key(msg: Any, fallback: str) -> tuple[str, Any]:
    pv1 = (_segments(msg, "PV1") or [None])[0]
    key = _f(pv1, 19, 1) if pv1 is not None else ""
    return key or fallback, pv1


def _charges(doc: ImportDocument, msg: Any, patient_key: str, where: str,
             control: str) -> None:
    key, pv1 = _visit_key(msg, f"msg-{control}")
    dx = tuple(_f(s, 3, 1) for s in _segments(msg, "DG1") if _f(s, 3, 1))
    lines: list[ImportLine] = []
    day: date | None = None
    npi = _f(pv1, 7, 1) if pv1 is not None else ""
    for number, ft1 in enumerate(_segments(msg, "FT1"), start=1):
        spot = f"{where}, FT1 {number}"
        if _f(ft1, 6).upper() not in ("", "CG"):
            continue  # credits, payments and adjustments are posted in ClaimDesk
        day = day or _date(_f(ft1, 4, 1), spot, "FT1-4", doc.problems)
        code = (_f(ft1, 25, 1) or _f(ft1, 7, 1)).upper()
        if not code:
            doc.problems.append(Problem(spot, "FT1-7", "The charge has no procedure code."))
            continue
        dx += tuple(_f(ft1, 19, 1, r) for r in range(1, _reps(ft1, 19) + 1)
                    if _f(ft1, 19, 1, r))
        npi = npi or _f(ft1, 20, 1)
        units = _number(_f(ft1, 10) or "1", spot, "FT1-10", doc.problems)
        amount = _f(ft1, 11, 1)
        charge = _number(amount, spot, "FT1-11", doc.problems) if amount else None
        mods = tuple(_f(ft1, 26, 1, r) for r in range(1, _reps(ft1, 26) + 1)
                     if _f(ft1, 26, 1, r))
        line_key = f"{key}/{_f(ft1, 2) or f'{control}-{number}'}"
        if units is not None:
            lines.append(ImportLine(line_key, spot, code, mods, units, charge))
    if pv1 is not None and not day:
        day = _date(_f(pv1, 44, 1), f"{where}, PV1", "PV1-44", doc.problems)
    doc.visits.append(ImportVisit(
        key=key, patient_key=patient_key, source=where, date_of_service=day,
        rendering_npi=npi, referring_npi=_f(pv1, 8, 1) if pv1 is not None else "",
        diagnoses=tuple(dict.fromkeys(dx)), lines=tuple(lines)))


def _number(text: str, where: str, field: str, problems: list[Problem]) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ""))
        if not value.is_finite() or abs(value) >= Decimal("10000000"):
            raise InvalidOperation
        return value
    except InvalidOperation:
        problems.append(Problem(where, field, f"{text[:20]!r} is not a usable number."))
        return None


def _schedule(doc: ImportDocument, msg: Any, patient_key: str, where: str, event: str) -> None:
    sch = (_segments(msg, "SCH") or [None])[0]
    if sch is None:
        doc.problems.append(Problem(where, "SCH", "The scheduling message has no SCH."))
        return
    if event in ("S15", "S17", "S26"):
        doc.problems.append(Problem(where, "MSH-9", "A cancelled or deleted appointment is "
                                    "not imported.", severity="warning"))
        return
    key = _f(sch, 2, 1) or _f(sch, 1, 1)
    ais = (_segments(msg, "AIS") or [None])[0]
    start = _f(ais, 4, 1) if ais is not None else ""
    start = start or _f(sch, 11, 4) or _f(sch, 16, 1)
    aip = (_segments(msg, "AIP") or [None])[0]
    key2, pv1 = _visit_key(msg, key)
    doc.visits.append(ImportVisit(
        key=key or key2, patient_key=patient_key, source=where,
        date_of_service=_date(start, f"{where}, SCH", "SCH-11", doc.problems),
        rendering_npi=(_f(aip, 3, 1) if aip is not None else "") or
        (_f(pv1, 7, 1) if pv1 is not None else "")))
