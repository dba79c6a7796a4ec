"""Identifier and date checks: NPI, EIN, ZIP, phone, state, dates.

Each ``check_*`` returns an error message, or ``None`` when the value is valid.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI".split()
)


def npi_check_digit(first_nine: str) -> int:
    """The Luhn check digit of an NPI, computed with the ``80840`` card prefix."""
    total = 24  # the Luhn contribution of the 80840 prefix
    for index, char in enumerate(reversed(first_nine)):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


@lru_cache(maxsize=4096)
def check_npi(value: str) -> str | None:
    """Validate a National Provider Identifier (10 digits, Luhn with 80840)."""
    if not re.fullmatch(r"\d{10}", value or ""):
        return "NPI must be exactly 10 digits."
    if npi_check_digit(value[:9]) != int(value[9]):
        return "NPI check digit is wrong; re-check the number on the NPPES record."
    return None


def make_npi(first_nine: str) -> str:
    """Complete nine digits into a valid NPI (used for synthetic demo providers)."""
    return first_nine + str(npi_check_digit(first_nine))


def normalize_ein(value: str) -> str:
    """Strip the hyphen from an EIN (``37-1234567`` -> ``371234567``)."""
    return (value or "").replace("-", "").strip()


def check_ein(value: str) -> str | None:
    """Validate an Employer Identification Number (9 digits, hyphen optional)."""
    if not re.fullmatch(r"\d{2}-?\d{7}", (value or "").strip()):
        return "EIN must be 9 digits (for example 37-1234567)."
    if normalize_ein(value)[:2] in {"00", "07", "08", "09", "17", "18", "19", "28", "29", "49",
                                     "69", "70", "78", "79", "89", "96", "97"}:
        return "EIN prefix is not one the IRS assigns."
    return None


def normalize_zip(value: str) -> str:
    """Digits only: ``62701-1234`` -> ``627011234``."""
    return re.sub(r"\D", "", value or "")


def check_zip(value: str, *, require_plus4: bool = False) -> str | None:
    """Validate a ZIP (5 digits) or ZIP+4 (9 digits, hyphen optional)."""
    text = (value or "").strip()
    if not re.fullmatch(r"\d{5}(-?\d{4})?", text):
        return "ZIP must be 5 digits or ZIP+4 (12345-6789)."
    if require_plus4 and len(normalize_zip(text)) != 9:
        return "The billing provider needs a ZIP+4 (nine digits) on electronic claims."
    return None


def format_zip(value: str) -> str:
    """Display form: ``62701`` or ``62701-1234``."""
    digits = normalize_zip(value)
    return f"{digits[:5]}-{digits[5:]}" if len(digits) == 9 else digits


def normalize_phone(value: str) -> str:
    """Digits only, without a leading US country code."""
    digits = re.sub(r"\D", "", value or "")
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def check_phone(value: str) -> str | None:
    """Validate a 10-digit US phone number (punctuation allowed)."""
    if len(normalize_phone(value)) != 10:
        return "Phone must have 10 digits (area code first)."
    return None


def check_state(value: str) -> str | None:
    """Validate a two-letter US state or territory code."""
    if (value or "").upper() not in US_STATES:
        return "State must be a two-letter US postal code (IL, NY, ...)."
    return None


def check_taxonomy(value: str) -> str | None:
    """Validate a NUCC taxonomy code shape (10 characters ending in X)."""
    if not re.fullmatch(r"[0-9A-Z]{9}X", (value or "").upper()):
        return "Taxonomy must be a 10-character NUCC code ending in X (207Q00000X)."
    return None


def check_birth_date(value: date, today: date | None = None) -> str | None:
    """A date of birth must not be in the future nor more than 125 years ago."""
    today = today or date.today()
    if value > today:
        return "Date of birth is in the future."
    if today.year - value.year > 125:
        return "Date of birth is more than 125 years ago."
    return None


def check_service_date(value: date, today: date | None = None) -> str | None:
    """A date of service must not be in the future."""
    if value > (today or date.today()):
        return "Date of service is in the future."
    return None


def check_date_range(start: date | None, end: date | None) -> str | None:
    """An end date must not come before its start date."""
    if start and end and end < start:
        return "End date is before the start date."
    return None
