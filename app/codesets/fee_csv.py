"""Pure parsers for the practice fee schedule CSV and payer contract (allowed amounts) CSV.

Money is ``Decimal`` (never float). Every bad row is reported; any problem rejects the file.
Storing the rows is the caller's job.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from app.codesets.import_common import csv_rows, decoding_problem
from app.domain.errors import ImportRejected, Problem

_CODE = re.compile(r"[0-9A-Z]{5}")
_MODIFIER = re.compile(r"[0-9A-Z]{2}")
#: The largest charge or allowed amount accepted.
MAX_AMOUNT = Decimal("9999999.99")
#: Effective dates outside these years are typing errors.
EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2099, 12, 31)
FEE_COLUMNS = ("code", "modifier", "label", "charge", "effective_date")
CONTRACT_COLUMNS = ("payer_id", "code", "modifier", "allowed", "effective_date")


@dataclass(frozen=True)
class FeeRow:
    """One fee schedule line: the practice's charge for a code (+ modifier) from a date."""

    code: str
    modifier: str
    label: str
    charge: Decimal
    effective_date: dt.date
    line: int


@dataclass(frozen=True)
class ContractRow:
    """One payer contract line: the amount a payer allows for a code (+ modifier)."""

    payer_id: str
    code: str
    modifier: str
    allowed: Decimal
    effective_date: dt.date
    line: int


class _Row:
    """Field checks for one CSV row, appending problems to a shared list."""

    def __init__(self, source: str, line: int, values: dict[str, str],
                 problems: list[Problem]) -> None:
        self.source, self.line, self.values, self.problems = source, line, values, problems

    def bad(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.source, field, message, self.line))

    def text(self, field: str, required: bool = True, limit: int = 100) -> str:
        value = (self.values.get(field) or "").strip()
        if required and not value:
            self.bad(field, "is empty.")
        if len(value) > limit:
            self.bad(field, f"is longer than {limit} characters.")
        return value

    def code(self) -> str:
        value = self.text("code").upper()
        if value and not _CODE.fullmatch(value):
            self.bad("code", f"'{value[:20]}' is not a 5-character CPT or HCPCS code.")
        return value

    def modifier(self) -> str:
        value = self.text("modifier", required=False).upper()
        if value and not _MODIFIER.fullmatch(value):
            self.bad("modifier", f"'{value[:20]}' is not a 2-character modifier.")
        return value

    def money(self, field: str) -> Decimal:
        raw = self.text(field)
        cleaned = raw.replace("$", "").replace(",", "")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            if raw:
                self.bad(field, f"'{raw[:20]}' is not an amount.")
            return Decimal(0)
        if not value.is_finite() or value < 0 or value > MAX_AMOUNT or (
                value != value.quantize(Decimal("0.01"))):
            self.bad(field, f"'{raw[:20]}' must be an amount from 0 to {MAX_AMOUNT:,}, "
                     "in dollars and cents.")
            return Decimal(0)
        return value.quantize(Decimal("0.01"))

    def date(self, field: str) -> dt.date:
        raw = self.text(field)
        for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
            try:
                value = dt.datetime.strptime(raw, fmt).date()
            except ValueError:
                continue
            if not EARLIEST <= value <= LATEST:
                self.bad(field, f"'{raw}' is outside {EARLIEST.year} to {LATEST.year}.")
            return value
        if raw:
            self.bad(field, f"'{raw[:20]}' is not a date (YYYY-MM-DD or MM/DD/YYYY).")
        return dt.date.min


def _read(path: Path, columns: tuple[str, ...], optional: set[str]) -> tuple[
        list[tuple[int, dict[str, str]]], list[Problem]]:
    try:
        return _read_rows(path, columns, optional)
    except UnicodeDecodeError as exc:
        raise decoding_problem(path, exc) from None


def _cells(row: dict[str, object]) -> bool:
    """True when a row has any text (extra cells beyond the header come as a list)."""
    return any((v if isinstance(v, str) else " ".join(map(str, v or []))).strip()
               for v in row.values())


def _read_rows(path: Path, columns: tuple[str, ...], optional: set[str]) -> tuple[
        list[tuple[int, dict[str, str]]], list[Problem]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            fieldnames = reader.fieldnames or []
        except csv.Error as exc:
            raise ImportRejected([Problem(path.name, "", f"the header is not readable as CSV "
                                          f"({str(exc)[:80]}).", 1)]) from None
        header = [(h or "").strip().lower() for h in fieldnames]
        missing = [c for c in columns if c not in header and c not in optional]
        if missing:
            return [], [Problem(path.name, c, "column is missing from the header.", 1)
                        for c in missing]
        reader.fieldnames = header
        rows = []
        for row in csv_rows(reader, path.name):
            assert isinstance(row, dict)
            if _cells(row):
                rows.append((reader.line_num, row))
    if not rows:
        return [], [Problem(path.name, "", "The file has no rows.", None)]
    return rows, []


def parse_fee_schedule(path: Path) -> list[FeeRow]:
    """Parse a fee schedule CSV (code, modifier (optional), label, charge, effective_date).

    Args:
        path: the CSV file (UTF-8, header row).

    Returns:
        The rows, in file order.

    Raises:
        ImportRejected: with every problem (file name, line, column) found.
    """
    rows, problems = _read(path, FEE_COLUMNS, {"modifier"})
    result: list[FeeRow] = []
    seen: dict[tuple[str, str, dt.date], int] = {}
    for line, values in rows:
        row = _Row(path.name, line, values, problems)
        fee = FeeRow(row.code(), row.modifier(), row.text("label"), row.money("charge"),
                     row.date("effective_date"), line)
        key = (fee.code, fee.modifier, fee.effective_date)
        if key in seen:
            row.bad("code", f"duplicate of line {seen[key]} (same code, modifier and date).")
        seen.setdefault(key, line)
        result.append(fee)
    if problems:
        raise ImportRejected(problems)
    return result


def parse_payer_contract(path: Path) -> list[ContractRow]:
    """Parse a payer contract CSV (payer_id, code, modifier, allowed, effective_date).

    Args:
        path: the CSV file (UTF-8, header row).

    Returns:
        The rows, in file order.

    Raises:
        ImportRejected: with every problem (file name, line, column) found.
    """
    rows, problems = _read(path, CONTRACT_COLUMNS, {"modifier"})
    result: list[ContractRow] = []
    seen: dict[tuple[str, str, str, dt.date], int] = {}
    for line, values in rows:
        row = _Row(path.name, line, values, problems)
        item = ContractRow(row.text("payer_id"), row.code(), row.modifier(), row.money("allowed"),
                           row.date("effective_date"), line)
        key = (item.payer_id, item.code, item.modifier, item.effective_date)
        if key in seen:
            row.bad("code", f"duplicate of line {seen[key]} (same payer, code, modifier, date).")
        seen.setdefault(key, line)
        result.append(item)
    if problems:
        raise ImportRejected(problems)
    return result
