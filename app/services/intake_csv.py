"""CSV and Excel adapter: rows of patients, coverage and visit charges, mapped by column.

One row is one charge line (with its patient and visit columns repeated), or a patient alone.
A mapping names, for each ClaimDesk field, the column that holds it; without one the columns
are recognised by their usual header names. Every problem names the file, the line (the
header is line 1) and the column.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from app.domain.errors import Problem, UserError
from app.domain.intake import (
    ImportAddress,
    ImportCoverage,
    ImportDocument,
    ImportLine,
    ImportPatient,
    ImportVisit,
)

#: ClaimDesk field -> header names recognised without a saved mapping.
FIELDS: dict[str, tuple[str, ...]] = {
    "mrn": ("mrn", "account", "account number", "patient id", "chart number", "patient mrn"),
    "last_name": ("last name", "patient last name", "surname", "family name"),
    "first_name": ("first name", "patient first name", "given name"),
    "middle_name": ("middle name", "middle"),
    "birth_date": ("dob", "birth date", "date of birth", "birthdate"),
    "sex": ("sex", "gender"),
    "address1": ("address", "address1", "street", "address line 1"),
    "address2": ("address2", "address line 2"),
    "city": ("city",), "state": ("state",), "zip": ("zip", "zip code", "postal code"),
    "phone": ("phone", "home phone", "phone number"),
    "email": ("email", "e-mail"),
    "payer": ("payer id", "payer", "insurance", "insurance id", "carrier"),
    "member_id": ("member id", "policy number", "subscriber id", "insurance member id"),
    "group_number": ("group", "group number"),
    "coverage_order": ("coverage order", "priority", "insurance order"),
    "visit_id": ("visit id", "encounter id", "visit number", "encounter"),
    "date_of_service": ("dos", "date of service", "service date", "visit date"),
    "rendering_npi": ("rendering npi", "provider npi", "npi"),
    "referring_npi": ("referring npi",),
    "place_of_service": ("pos", "place of service"),
    "diagnoses": ("diagnoses", "diagnosis", "icd10", "icd-10", "dx"),
    "code": ("cpt", "code", "procedure", "procedure code", "cpt/hcpcs", "hcpcs"),
    "modifiers": ("modifiers", "modifier", "mod"),
    "units": ("units", "qty", "quantity"),
    "charge": ("charge", "amount", "fee", "charges"),
    "pointers": ("pointers", "dx pointers", "diagnosis pointer"),
}
_ORDERS = {"1": "P", "P": "P", "PRIMARY": "P", "2": "S", "S": "S", "SECONDARY": "S",
           "3": "T", "T": "T", "TERTIARY": "T"}
_MAX_FIELD = 100_000


def _norm(header: str) -> str:
    return re.sub(r"[\s_]+", " ", header.strip().lower().lstrip("\ufeff"))


def auto_mapping(headers: list[str]) -> dict[str, str]:
    """ClaimDesk field -> column, from the usual header names."""
    found: dict[str, str] = {}
    normal = {_norm(h): h for h in headers}
    for name, options in FIELDS.items():
        for option in (name.replace("_", " "), *options):
            if option in normal:
                found[name] = normal[option]
                break
    return found


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV, TSV or .xlsx file (values as text)."""
    if path.suffix.lower() == ".xlsx":
        return _xlsx_rows(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_bytes().decode("cp1252", errors="replace")
    except OSError as exc:
        raise UserError(f"Cannot read {path.name}: {exc.strerror}.") from None
    delimiter = "\t" if path.suffix.lower() == ".tsv" or text[:500].count("\t") > \
        text[:500].count(",") else ","
    csv.field_size_limit(_MAX_FIELD)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise UserError(f"{path.name}: the file is not readable CSV ({exc}).") from None
    if not rows:
        raise UserError(f"{path.name}: the file is empty.")
    return rows[0], rows[1:]


def _xlsx_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise UserError(f"{path.name}: not a readable Excel workbook "
                        f"({type(exc).__name__}).") from None
    sheet = book.worksheets[0]
    rows = [["" if v is None else _cell(v) for v in row]
            for row in sheet.iter_rows(values_only=True)]
    book.close()
    if not rows:
        raise UserError(f"{path.name}: the first sheet is empty.")
    return [str(h) for h in rows[0]], rows[1:]


def _cell(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return format(Decimal(str(value)), "f")
    return str(value)


def parse_date(text: str) -> date | None:
    """ISO, US (MM/DD/YYYY) or compact (YYYYMMDD) dates; None when not a date."""
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%Y%m%d", "%m-%d-%Y", "%m/%d/%y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def read(path: Path, mapping: dict[str, str] | None = None) -> ImportDocument:
    """Read ``path`` (CSV/TSV/XLSX) with ``mapping`` (ClaimDesk field -> column)."""
    headers, rows = read_rows(path)
    cols = mapping or auto_mapping(headers)
    doc = ImportDocument(source_system="csv", files=[path.name])
    index = {h: i for i, h in enumerate(headers)}
    missing = [c for c in cols.values() if c not in index]
    if missing:
        doc.problems.append(Problem(path.name, ", ".join(missing), "The mapping names "
                                    "columns the file does not have.", line=1))
        return doc
    if "mrn" not in cols:
        doc.problems.append(Problem(path.name, "mrn", "No column holds the patient's MRN or "
                                    "account number; map one.", line=1))
        return doc
    seen_lines: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {f: (row[index[c]].strip() if index[c] < len(row) else "")
                  for f, c in cols.items()}
        _row(doc, values, path.name, number, seen_lines)
    return doc


def _row(doc: ImportDocument, v: dict[str, str], name: str, line: int,
         seen_lines: dict[str, int]) -> None:
    where = f"{name}: line {line}"

    def bad(field: str, message: str) -> None:
        doc.problems.append(Problem(name, field, message, line=line))

    key = v.get("mrn", "")
    if not key:
        bad("mrn", "The row has no MRN/account.")
        return
    dob = parse_date(v.get("birth_date", "")) if v.get("birth_date") else None
    if v.get("birth_date") and dob is None:
        bad("birth_date", f"{v['birth_date'][:20]!r} is not a date.")
    if v.get("last_name") or v.get("first_name"):
        sex = v.get("sex", "").upper()[:1]
        doc.patients.append(ImportPatient(
            key=key, source=where, last_name=v.get("last_name", ""),
            first_name=v.get("first_name", ""), middle_name=v.get("middle_name", ""),
            birth_date=dob, sex=sex if sex in ("F", "M") else "U",
            address=ImportAddress(v.get("address1", ""), v.get("address2", ""),
                                  v.get("city", ""), v.get("state", ""),
                                  re.sub(r"\D", "", v.get("zip", ""))),
            phone=re.sub(r"\D", "", v.get("phone", ""))[-10:], email=v.get("email", "")))
    if v.get("payer") and v.get("member_id"):
        order = _ORDERS.get(v.get("coverage_order", "P").upper() or "P")
        if order is None:
            bad("coverage_order", "Use 1/2/3 or primary/secondary/tertiary.")
        else:
            doc.coverages.append(ImportCoverage(
                patient_key=key, source=where, payer_ref=v["payer"],
                member_id=v["member_id"], order=order, group_number=v.get("group_number", "")))
    if v.get("code") or v.get("visit_id") or v.get("date_of_service"):
        _visit_row(doc, v, key, where, bad, seen_lines)


def _visit_row(doc: ImportDocument, v: dict[str, str], key: str, where: str, bad: Any,
               seen_lines: dict[str, int]) -> None:
    dos = parse_date(v.get("date_of_service", ""))
    if dos is None:
        bad("date_of_service", f"{v.get('date_of_service', '')[:20]!r} is not a date.")
        return
    visit_key = v.get("visit_id") or f"{key}/{dos.isoformat()}"
    lines: tuple[ImportLine, ...] = ()
    if v.get("code"):
        units = _decimal(v.get("units") or "1", "units", bad)
        charge = _decimal(v["charge"], "charge", bad) if v.get("charge") else None
        pointers = _pointers(v.get("pointers", ""), bad)
        if units is None or (v.get("charge") and charge is None) or pointers is None:
            return
        mods = tuple(m for m in re.split(r"[\s,;:]+", v.get("modifiers", "").upper()) if m)
        base = f"{visit_key}/{v['code'].upper()}/{'-'.join(mods)}"
        seen_lines[base] = seen_lines.get(base, 0) + 1
        lines = (ImportLine(f"{base}#{seen_lines[base]}", where, v["code"], mods, units,
                            charge, pointers),)
    dx = tuple(d for d in re.split(r"[\s,;|]+", v.get("diagnoses", "")) if d)
    doc.visits.append(ImportVisit(
        key=visit_key, patient_key=key, source=where, date_of_service=dos,
        rendering_npi=v.get("rendering_npi", ""), referring_npi=v.get("referring_npi", ""),
        place_of_service=v.get("place_of_service", ""), diagnoses=dx, lines=lines))


def _decimal(text: str, field: str, bad: Any) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "").replace("$", ""))
        if not value.is_finite() or abs(value) >= Decimal("10000000"):
            raise InvalidOperation
        return value
    except InvalidOperation:
        bad(field, f"{text[:20]!r} is not a usable number.")
        return None


def _pointers(text: str, bad: Any) -> tuple[int, ...] | None:
    out = []
    for part in re.split(r"[\s,;]+", text.strip().upper()):
        if not part:
            continue
        if part.isdigit() and 1 <= int(part) <= 12:
            out.append(int(part))
        elif all(c in "ABCDEFGHIJKL" for c in part):
            out.extend("ABCDEFGHIJKL".index(c) + 1 for c in part)
        else:
            bad("pointers", f"{part[:10]!r} is not a diagnosis pointer (A-L or 1-12).")
            return None
    return tuple(out)
