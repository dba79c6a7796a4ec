"""Which procedure codes are CLIA-covered laboratory tests (they need a CLIA number on claims).

The curated ranges live in ``resources/codesets/clia_covered.csv``: the CPT Pathology and
Laboratory section (80047-89398) and the HCPCS Level II laboratory codes a physician office
bills (screening cytology, CBC, drug tests, provider-performed microscopy). A line with the
``QW`` modifier is a CLIA-waived test, which is still CLIA-covered: a waived lab holds a
Certificate of Waiver and reports its number (the CMS HCPCS file carries a lab certification
code for such codes, ``code-edits.md`` HCPCS layout positions 181-204). Review the list with
each annual HCPCS release.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Sequence

from app.paths import RESOURCES

_FILE = RESOURCES / "codesets" / "clia_covered.csv"
WAIVED_MODIFIER = "QW"


@functools.cache
def _ranges() -> tuple[tuple[str, str], ...]:
    with _FILE.open(encoding="utf-8", newline="") as handle:
        return tuple((r["first"].strip().upper(), r["last"].strip().upper())
                     for r in csv.DictReader(handle))


def clia_covered(code: str, modifiers: Sequence[str] = ()) -> bool:
    """Whether a line is a CLIA-covered laboratory test.

    Args:
        code: the CPT or HCPCS code (five characters).
        modifiers: the line's modifiers (``QW`` marks a CLIA-waived test).

    Returns:
        True when the claim must carry the lab's CLIA number for this line.
    """
    code = code.strip().upper()
    if WAIVED_MODIFIER in modifiers:
        return True
    return any(first <= code <= last and len(code) == len(first) and code[0] == first[0]
               for first, last in _ranges())
