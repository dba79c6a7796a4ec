"""Element formatting for X12: cleaned text, names, amounts, dates and identifiers.

Every value written into an 837 goes through one of these helpers so that no delimiter, control
character or non-ASCII letter ever reaches the file.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

#: Characters never allowed inside data: the ClaimDesk delimiters.
DELIMITERS = "*:^~"
_CENT = Decimal("0.01")
_SPACES = re.compile(r"\s+")
_NOT_CODE = re.compile(r"[^A-Z0-9]")
_NOT_DIGIT = re.compile(r"\D")
_NDC11 = re.compile(r"\d{11}")
_PLAIN_ID = re.compile(r"[A-Z0-9-]+")
_NAME_DROP = re.compile(r"[^A-Z0-9 \-&]")
_ORG_DROP = re.compile(r"[^A-Z0-9 \-&/#]")
_SUFFIXES = ("JR", "SR", "II", "III", "IV", "V")
# Letters that Unicode does not decompose into an ASCII base letter.
_SPECIAL = str.maketrans({"Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe",
                          "ß": "ss", "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Þ": "TH",
                          "þ": "th", "ı": "i", "\u2019": "'", "\u2018": "'", "\u2013": "-",
                          "\u2014": "-"})


@lru_cache(maxsize=16)
def _table(extra: str) -> dict[int, None]:
    drop = set(DELIMITERS + extra) | {chr(c) for c in range(32)} | {chr(127)}
    return {ord(c): None for c in drop}


def ascii_fold(value: str) -> str:
    """Transliterate to ASCII: ``PEÑA`` -> ``PENA``; letters with no ASCII form are dropped."""
    if value.isascii():
        return value
    decomposed = unicodedata.normalize("NFKD", value.translate(_SPECIAL))
    return decomposed.encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=8192)
def clean(value: str | None, max_len: int | None = None, *, extra: str = "") -> str:
    """Clean free text for an X12 element.

    Upper-cases, transliterates to ASCII, removes the delimiters ``* : ^ ~`` (plus ``extra``)
    and control characters, collapses whitespace and cuts to ``max_len``.

    Args:
        value: the text as entered (``None`` gives ``""``).
        max_len: the element's maximum length, if any.
        extra: further characters to remove (alternative delimiters).
    """
    if not value:
        return ""
    text = ascii_fold(value).upper().translate(_table(extra))
    text = _SPACES.sub(" ", text).strip()
    return text[:max_len].rstrip() if max_len else text


@lru_cache(maxsize=8192)
def name_part(value: str | None, max_len: int | None = None) -> str:
    """Clean one part of a person's name: letters, digits, space and hyphen only.

    Periods, commas and apostrophes are removed (``O'Brien`` -> ``OBRIEN``,
    ``St. John`` -> ``ST JOHN``).
    """
    text = clean((value or "").replace(",", " ").replace(".", " "))
    text = _NAME_DROP.sub("", text.replace("&", ""))
    text = _SPACES.sub(" ", text).strip(" -")
    return text[:max_len].rstrip() if max_len else text


def org_name(value: str | None, max_len: int = 60) -> str:
    """Clean an organization name (NM103): no periods or commas, ``&`` kept."""
    text = clean((value or "").replace(",", " ").replace(".", ""))
    text = _SPACES.sub(" ", _ORG_DROP.sub("", text)).strip()
    return text[:max_len].rstrip()


@lru_cache(maxsize=8192)
def split_suffix(last: str, suffix: str) -> tuple[str, str]:
    """Move a generational suffix written into the last name to its own element.

    ``("Smith Jr.", "")`` -> ``("SMITH", "JR")``. Both results are cleaned.
    """
    last_clean = name_part(last)
    suffix_clean = name_part(suffix, 10)
    if not suffix_clean:
        head, _, tail = last_clean.rpartition(" ")
        if head and tail in _SUFFIXES:
            return head, tail
    return last_clean, suffix_clean


@lru_cache(maxsize=8192)
def amount(value: Decimal) -> str:
    """Format money for an R element: cents, no trailing zeros (``110.00`` -> ``110``)."""
    text = f"{Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP):f}"
    return _trim(text)


@lru_cache(maxsize=1024)
def quantity(value: Decimal) -> str:
    """Format a quantity (units, NDC quantity) without insignificant zeros (``1.50`` -> ``1.5``)."""
    return _trim(f"{Decimal(value):f}")


def _trim(text: str) -> str:
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@lru_cache(maxsize=8192)
def d8(value: date) -> str:
    """A D8 date: ``CCYYMMDD``."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def date_period(start: date, end: date | None = None) -> tuple[str, str]:
    """The DTP format qualifier and value: ``("D8", day)`` or ``("RD8", "from-to")``."""
    if end is None or end == start:
        return "D8", d8(start)
    return "RD8", f"{d8(start)}-{d8(end)}"


def ndc11(value: str) -> str | None:
    """An NDC as 11 digits (5-4-2), or ``None`` when it cannot be converted.

    Hyphenated 10-digit forms (4-4-2, 5-3-2, 5-4-1) are zero-filled in the short segment;
    11 digits are kept; 10 digits without hyphens are ambiguous and refused.
    """
    text = (value or "").strip().replace(" ", "")
    if _NDC11.fullmatch(text):
        return text
    parts = text.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    widths = (5, 4, 2)
    if any(len(p) > w or not p for p, w in zip(parts, widths, strict=True)):
        return None
    padded = [p.zfill(w) for p, w in zip(parts, widths, strict=True)]
    if sum(len(p) for p in parts) != 10 and sum(len(p) for p in parts) != 11:
        return None
    return "".join(padded)


def icd(code: str) -> str:
    """An ICD-10-CM code as X12 wants it: upper case, no dot or spaces (``J06.9`` -> ``J069``)."""
    return _NOT_CODE.sub("", ascii_fold(code or "").upper())


def digits(value: str | None) -> str:
    """Digits only (ZIP, EIN, member ids typed with punctuation)."""
    return _NOT_DIGIT.sub("", value or "")


def phone(value: str | None) -> str:
    """A 10-digit phone number: digits only, without the US ``1`` prefix."""
    text = digits(value)
    return text[1:] if len(text) == 11 and text.startswith("1") else text


@lru_cache(maxsize=16384)
def identifier(value: str | None, max_len: int = 80, *, extra: str = "") -> str:
    """Clean an identifier (member id, CLM01, REF02): cleaned text without spaces."""
    if value and _PLAIN_ID.fullmatch(value) and not any(ch in value for ch in extra):
        return value[:max_len]  # already clean (most control numbers and member ids)
    return clean(value, extra=extra).replace(" ", "")[:max_len]
