"""What kind of procedure code a line carries (E/M, surgery, lab, drug...), by code shape.

CPT descriptors are licensed, so these tests use only code ranges.
"""

from __future__ import annotations

import re

#: E/M code ranges (office, hospital, consults, ED, nursing facility, home, preventive).
EM_RANGES: tuple[tuple[int, int], ...] = (
    (99202, 99215), (99221, 99239), (99242, 99255), (99281, 99285), (99291, 99292),
    (99304, 99316), (99341, 99350), (99381, 99397), (99401, 99404), (99411, 99412),
    (99429, 99429), (99460, 99463),
)
#: Codes in procedure ranges that do not make an E/M need modifier 25 (venipuncture, ECG,
#: pulse oximetry).
NOT_PROCEDURES = frozenset({"36415", "36416", "93000", "93005", "93010", "94760", "94761"})
#: Modifiers 59 and the X{EPSU} modifiers: never on an E/M code.
DISTINCT_SERVICE = frozenset({"59", "XE", "XP", "XS", "XU"})
#: Repeat-procedure modifiers: not NCCI bypass modifiers.
REPEAT = frozenset({"76", "77"})

_CPT = re.compile(r"^(\d{5}|\d{4}[FTU])$")
_HCPCS = re.compile(r"^[A-V]\d{4}$")


def is_cpt(code: str) -> bool:
    """A CPT code: five digits, or four digits and F (category II), T (III) or U (PLA)."""
    return bool(_CPT.match(code))


def is_hcpcs(code: str) -> bool:
    """A HCPCS Level II code: a letter A-V and four digits."""
    return bool(_HCPCS.match(code))


def is_em(code: str) -> bool:
    """An evaluation and management code."""
    if not code.isdigit():
        return False
    number = int(code)
    return any(low <= number <= high for low, high in EM_RANGES)


def is_time_code(code: str) -> bool:
    """A code billed in minutes (anesthesia 00100-01999), where fractional units occur."""
    return code.isdigit() and 100 <= int(code) <= 1999


def is_procedure(code: str) -> bool:
    """A procedure that makes a same-day E/M need modifier 25.

    Surgery (10000-69999) and medicine (91000-99199) codes; labs (8xxxx), vaccines and their
    administration (90xxx), E/M codes and drugs (J-codes) are not procedures here.
    """
    if not code.isdigit() or code in NOT_PROCEDURES or is_em(code):
        return False
    number = int(code)
    return 10000 <= number <= 69999 or 91000 <= number <= 99199


def is_drug(code: str) -> bool:
    """A drug code that needs an NDC on the line (HCPCS J-codes)."""
    return code.startswith("J") and is_hcpcs(code)


#: The CMS place-of-service codes (the 52 codes of the CMS POS code set).
CMS_PLACES_OF_SERVICE = frozenset(
    "01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 31 32 "
    "33 34 41 42 49 50 51 52 53 54 55 56 57 58 60 61 62 65 66 71 72 81 99".split())
