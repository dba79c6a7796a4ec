"""FHIR R4 adapter (fhir.resources, R4B models) for Bundles, single resources and NDJSON.

Patient, Coverage, Encounter, Condition, Procedure and ChargeItem are read; NDJSON is what a
bulk export writes.

Every resource is validated by its FHIR model first; a problem names the file and the JSON
path (``$.entry[3].resource.birthDate``, or ``line 12: $.birthDate`` in NDJSON).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

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

NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi"
ICD10_SYSTEMS = ("http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10")
PROCEDURE_SYSTEMS = ("http://www.ama-assn.org/go/cpt", "urn:oid:2.16.840.1.113883.6.285",
                     "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets")
KINDS = ("Patient", "Coverage", "Encounter", "Condition", "Procedure", "ChargeItem",
         "Practitioner", "Organization")
_RELATIONSHIP = {"self": "18", "spouse": "01", "child": "19", "common": "53", "other": "G8",
                 "parent": "G8", "injured": "G8"}
_SEX = {"female": "F", "male": "M"}
_MAX_BYTES = 500 * 1024 * 1024


def _resources(path: Path) -> Iterator[tuple[str, Any]]:
    """(JSON path, resource dict) for every resource in the file."""
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise UserError(f"{path.name}: the file is larger than 500 MB; split it.")
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise UserError(f"Cannot read {path.name}: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise UserError(f"{path.name}: FHIR JSON must be UTF-8.") from None
    stripped = text.strip()
    if path.suffix.lower() == ".ndjson" or ("\n{" in stripped and stripped.startswith("{")
                                            and not _is_one_json(stripped)):
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield f"line {number}: $", _loads(line, path.name, f"line {number}")
        return
    data = _loads(text, path.name, "")
    if isinstance(data, dict) and data.get("resourceType") == "Bundle":
        for i, entry in enumerate(data.get("entry") or []):
            if isinstance(entry, dict):
                yield f"$.entry[{i}].resource", entry.get("resource")
    else:
        yield "$", data


def _is_one_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _loads(text: str, name: str, where: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except RecursionError:
        raise UserError(f"{name}{': ' + where if where else ''}: the JSON is nested too "
                        "deeply.") from None
    except ValueError as exc:
        raise UserError(f"{name}{': ' + where if where else ''}: not valid JSON "
                        f"({str(exc)[:80]}).") from None


def read(path: Path) -> ImportDocument:
    """Read a FHIR Bundle, resource or NDJSON file into an import document."""
    return read_many([path], path.name)


def read_many(paths: list[Path], name: str) -> ImportDocument:
    """Read files whose resources refer to each other (a bulk export: NDJSON per type).

    With several files every location names its file (``Encounter.ndjson: line 3: $``)
    and ``name`` (the folder) is the problems' source.
    """
    doc = ImportDocument(source_system="fhir", files=[p.name for p in paths])
    found: dict[str, list[tuple[str, Any]]] = {k: [] for k in KINDS}
    for path in paths:
        prefix = f"{path.name}: " if len(paths) > 1 else ""
        for where, raw in _resources(path):
            _resource(doc, found, name, prefix + where, raw)
    _build(doc, found, name)
    return doc


def _resource(doc: ImportDocument, found: dict[str, list[tuple[str, Any]]], name: str,
              where: str, raw: Any) -> None:
    kind = raw.get("resourceType") if isinstance(raw, dict) else None
    if kind not in found:
        if kind is None:
            doc.problems.append(Problem(name, f"{where}.resourceType", "Not a FHIR resource."))
        return
    try:
        model = get_fhir_model_class(kind).model_validate(_plain(raw))
    except (ValidationError, ValueError, TypeError) as exc:
        doc.problems.extend(_problems(exc, name, where))
        return
    found[kind].append((where, model))


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral() else int(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _problems(exc: Exception, name: str, where: str) -> list[Problem]:
    if not isinstance(exc, ValidationError):
        return [Problem(name, where, "The resource is not valid FHIR R4.")]
    out = []
    for err in exc.errors()[:20]:
        path = where + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"])
        out.append(Problem(name, path, str(err["msg"]).removeprefix("Value error, ")[:200]))
    return out


def _ref(reference: Any) -> str:
    text = getattr(reference, "reference", None) or ""
    return text.rsplit("/", 1)[-1]


def _ident(identifiers: Any, system: str | None = None, type_code: str | None = None) -> str:
    for item in identifiers or []:
        codes = [c.code for c in (item.type.coding or [])] if item.type else []
        if (system is None or item.system == system) and (type_code is None or
                                                          type_code in codes):
            return str(item.value or "")
    return ""


def _code(concept: Any, systems: tuple[str, ...]) -> str:
    for coding in (getattr(concept, "coding", None) or []):
        if coding.system in systems and coding.code:
            return str(coding.code)
    return ""


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", value):
        return date.fromisoformat(value[:10])
    return None


def _build(doc: ImportDocument, found: dict[str, list[tuple[str, Any]]], name: str) -> None:
    npi_of = {m.id: _ident(m.identifier, NPI_SYSTEM) for _, m in found["Practitioner"]}
    payer_of = {m.id: (_ident(m.identifier) or str(m.name or "")) for _, m in
                found["Organization"]}
    keys: dict[str, str] = {}
    for where, p in found["Patient"]:
        key = _ident(p.identifier, type_code="MR") or _ident(p.identifier) or str(p.id or "")
        if not key:
            doc.problems.append(Problem(name, f"{where}.identifier", "The patient has no "
                                        "identifier (MRN)."))
            continue
        keys[str(p.id)] = key
        doc.patients.append(_patient(p, key, f"{name}: {where}"))
    for where, c in found["Coverage"]:
        _coverage(doc, c, keys, payer_of, f"{name}: {where}", name, where)
    visits: dict[str, dict[str, Any]] = {}
    for where, e in found["Encounter"]:
        pkey = keys.get(_ref(e.subject))
        if pkey is None:
            doc.problems.append(Problem(name, f"{where}.subject", "The encounter's patient is "
                                        "not in this file."))
            continue
        npi = ""
        for part in e.participant or []:
            npi = npi or npi_of.get(_ref(part.individual), "")
        start = e.period.start if e.period else None
        visits[str(e.id)] = {"key": _ident(e.identifier) or str(e.id), "patient": pkey,
                             "where": f"{name}: {where}", "day": _day(start), "npi": npi,
                             "dx": [], "lines": []}
    _codes(doc, found, visits, name)
    for v in visits.values():
        doc.visits.append(ImportVisit(v["key"], v["patient"], v["where"], v["day"],
                                      rendering_npi=v["npi"], diagnoses=tuple(v["dx"]),
                                      lines=tuple(v["lines"])))


def _patient(p: Any, key: str, where: str) -> ImportPatient:
    name = (p.name or [None])[0]
    given = list(name.given or []) if name else []
    addr = (p.address or [None])[0]
    lines = list(addr.line or []) if addr else []
    phone = next((t.value for t in (p.telecom or []) if t.system == "phone"), "") or ""
    email = next((t.value for t in (p.telecom or []) if t.system == "email"), "") or ""
    return ImportPatient(
        key=key, source=where, last_name=str(name.family or "") if name else "",
        first_name=given[0] if given else "", middle_name=given[1] if len(given) > 1 else "",
        birth_date=_day(p.birthDate), sex=_SEX.get(str(p.gender or ""), "U"),
        address=ImportAddress(lines[0] if lines else "", lines[1] if len(lines) > 1 else "",
                              str(addr.city or "") if addr else "",
                              str(addr.state or "") if addr else "",
                              re.sub(r"\D", "", str(addr.postalCode or "")) if addr else ""),
        phone=re.sub(r"\D", "", str(phone))[-10:], email=str(email))


def _coverage(doc: ImportDocument, c: Any, keys: dict[str, str], payer_of: dict[Any, str],
              where: str, name: str, path: str) -> None:
    pkey = keys.get(_ref(c.beneficiary))
    if pkey is None:
        doc.problems.append(Problem(name, f"{path}.beneficiary", "The coverage's patient is "
                                    "not in this file."))
        return
    payor = (c.payor or [None])[0]
    payer = payer_of.get(_ref(payor), "") or str(getattr(payor, "display", "") or "")
    if payor is not None and getattr(payor, "identifier", None) is not None:
        payer = payer or str(payor.identifier.value or "")
    member = str(c.subscriberId or "") or _ident(c.identifier)
    if not payer or not member:
        doc.problems.append(Problem(name, f"{path}.{'payor' if not payer else 'subscriberId'}",
                                    "The coverage needs its payer and member id."))
        return
    rel_code = _code(c.relationship, ("http://terminology.hl7.org/CodeSystem/"
                                      "subscriber-relationship",)) or "self"
    rel = _RELATIONSHIP.get(rel_code, "G8")
    order = {1: "P", 2: "S", 3: "T"}.get(int(c.order or 1), "P")
    group = next((str(g.value) for g in (c.class_fhir or []) if _code(
        g.type, ("http://terminology.hl7.org/CodeSystem/coverage-class",)) == "group"), "")
    period = c.period
    subscriber = ImportSubscriber("", "", None) if rel != "18" else None
    doc.coverages.append(ImportCoverage(
        patient_key=pkey, source=where, payer_ref=payer, member_id=member, order=order,
        group_number=group, relationship=rel, subscriber=subscriber,
        effective_date=_day(period.start) if period else None,
        termination_date=_day(period.end) if period else None))


def _codes(doc: ImportDocument, found: dict[str, list[tuple[str, Any]]],
           visits: dict[str, dict[str, Any]], name: str) -> None:
    for _where, cond in found["Condition"]:
        visit = visits.get(_ref(cond.encounter))
        code = _code(cond.code, ICD10_SYSTEMS)
        if visit is not None and code:
            visit["dx"].append(code)
    for kind in ("Procedure", "ChargeItem"):
        for where, item in found[kind]:
            ref = item.encounter if kind == "Procedure" else item.context
            visit = visits.get(_ref(ref))
            code = _code(item.code, PROCEDURE_SYSTEMS)
            if visit is None or not code:
                if visit is None:
                    field = "encounter" if kind == "Procedure" else "context"
                    doc.problems.append(Problem(name, f"{where}.{field}",
                                                "The item's encounter is not in this file."))
                continue
            units = Decimal(str(item.quantity.value)) if kind == "ChargeItem" and \
                item.quantity and item.quantity.value else Decimal("1")
            charge = None
            if kind == "ChargeItem" and item.priceOverride and item.priceOverride.value:
                charge = Decimal(str(item.priceOverride.value))
            if kind == "Procedure" and any(ln.code == code for ln in visit["lines"]):
                continue  # the ChargeItem for the same code carries the charge
            visit["lines"] = [ln for ln in visit["lines"] if not (
                kind == "ChargeItem" and ln.code == code and ln.charge is None)]
            visit["lines"].append(ImportLine(f"{visit['key']}/{kind}/{item.id or code}",
                                             f"{name}: {where}", code, (), units, charge))
