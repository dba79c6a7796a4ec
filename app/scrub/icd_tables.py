"""ICD-10-CM helpers for the coding rules: code references in notes, sex and age tables.

Note texts come from the tabular list (``type 1 diabetes mellitus (E10.-)``,
``hypothyroidism, acquired (E00-E03.-)``, ``trypanosomiasis (B56.-, B57.-)``); inherited
notes end with the ancestor that carries them in brackets (``... (E10.-) [E11]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CODE = r"[A-Z]\d[0-9A-Z](?:\.?[0-9A-Z]{1,4})?"
_REF = re.compile(rf"^({_CODE})\.?-?(?:\s*-\s*({_CODE})\.?-?)?$")
_PARENS = re.compile(r"\(([^()]*)\)")
#: The ancestor a note was inherited from: ``[E11]``, ``[I10-I1A]``, ``[4]`` (a chapter).
_ANCESTOR_TAG = re.compile(r"\s*\[(\d+|[A-Z]\d[0-9A-Z.]*(-[A-Z]\d[0-9A-Z.]*)?)\]\s*$")


def bare(code: str) -> str:
    """Upper case without the dot: ``e11.9`` -> ``E119``."""
    return code.strip().upper().replace(".", "")


def dotted(code: str) -> str:
    """With the dot after the third character: ``E754`` -> ``E75.4``."""
    key = bare(code)
    return key if len(key) <= 3 else f"{key[:3]}.{key[3:]}"


def strip_tag(text: str) -> str:
    """A note text without its trailing ancestor tag."""
    return _ANCESTOR_TAG.sub("", text or "")


@dataclass(frozen=True)
class CodeRef:
    """A code or code range named in a note; matches the codes below it too."""

    start: str
    end: str

    def matches(self, code: str) -> bool:
        """Whether ``code`` (with or without dot) falls under this reference."""
        key = bare(code)
        if key.startswith(self.start) or key.startswith(self.end):
            return True
        return self.start <= key <= self.end

    def __str__(self) -> str:
        start, end = dotted(self.start), dotted(self.end)
        return start if start == end else f"{start}-{end}"


def _parse_token(token: str) -> CodeRef | None:
    match = _REF.match(token.strip().upper())
    if not match:
        return None
    start = bare(match.group(1))
    end = bare(match.group(2)) if match.group(2) else start
    return CodeRef(start, end) if start <= end else None


def code_refs(text: str) -> list[CodeRef]:
    """The codes and ranges a note text names.

    Codes in parentheses count; a text without parentheses may name bare tokens that carry a
    dot or dash (``E11.-``, ``K21.9``). Words such as "B12" in a description are not taken, nor
    qualified ranges such as ``(E08-E13 with .42)``.

    Args:
        text: one note text.

    Returns:
        The references, in order; unparsable parts are skipped.
    """
    text = strip_tag(text)
    refs = [ref for group in _PARENS.findall(text) for part in group.split(",")
            if (ref := _parse_token(part)) is not None]
    if refs or "(" in text:
        return refs
    tokens = re.split(r"[\s,;]+", text)
    return [ref for token in tokens if ("." in token or "-" in token)
            and (ref := _parse_token(token.strip("()[]:"))) is not None]


def note_mentions(texts: tuple[str, ...], code: str) -> str:
    """The first note text naming ``code`` (or a range holding it), or ``""``."""
    for text in texts:
        if any(ref.matches(code) for ref in code_refs(text)):
            return strip_tag(text)
    return ""


#: Code prefixes (no dot) valid for one sex only, from the MCE sex-conflict lists (abridged).
SEX_TABLE: tuple[tuple[str, str, str], ...] = (
    ("O", "F", "pregnancy, childbirth and the puerperium"),
    ("Z33", "F", "pregnant state"), ("Z34", "F", "supervision of normal pregnancy"),
    ("Z36", "F", "antenatal screening"), ("Z37", "F", "outcome of delivery"),
    ("Z39", "F", "postpartum care"), ("Z3A", "F", "weeks of gestation"),
    ("Z0141", "F", "gynecological examination"), ("Z124", "F", "cervical cancer screening"),
    ("C51", "F", "female genital cancer"), ("C52", "F", "female genital cancer"),
    ("C53", "F", "female genital cancer"), ("C54", "F", "female genital cancer"),
    ("C55", "F", "female genital cancer"), ("C56", "F", "female genital cancer"),
    ("C57", "F", "female genital cancer"), ("C58", "F", "female genital cancer"),
    ("D25", "F", "uterine leiomyoma"), ("D26", "F", "benign uterine neoplasm"),
    ("D27", "F", "benign ovarian neoplasm"),
    ("C60", "M", "male genital cancer"), ("C61", "M", "prostate cancer"),
    ("C62", "M", "testicular cancer"), ("C63", "M", "male genital cancer"),
    ("D29", "M", "benign male genital neoplasm"), ("Z125", "M", "prostate cancer screening"),
)
_RANGES_SEX: tuple[tuple[str, str, str, str], ...] = (
    ("N40", "N53", "M", "male genital organs"),
    ("N70", "N98", "F", "female pelvic and genital organs"),
)


def required_sex(code: str) -> tuple[str, str] | None:
    """The sex a diagnosis requires (``F`` or ``M``) and why, or ``None``."""
    key = bare(code)
    for prefix, sex, why in SEX_TABLE:
        if key.startswith(prefix):
            return sex, why
    for low, high, sex, why in _RANGES_SEX:
        if low <= key[:3] <= high:
            return sex, why
    return None


#: Age edits: code prefix (no dot), lowest and highest age in years, what the code is.
AGE_TABLE: tuple[tuple[str, int, int, str], ...] = (
    ("P", 0, 0, "a perinatal condition (newborn)"),
    ("Z38", 0, 0, "a liveborn infant"),
    ("Z0011", 0, 0, "a newborn examination"),
    ("Z0012", 0, 17, "a routine child health examination"),
    ("Z000", 18, 124, "a general adult medical examination"),
    ("O", 9, 64, "a maternity diagnosis"),
    ("Z3A", 9, 64, "a maternity diagnosis"),
)


def age_limits(code: str) -> tuple[int, int, str] | None:
    """(lowest age, highest age, what the code is) for an age-edited code, or ``None``."""
    key = bare(code)
    for prefix, low, high, what in AGE_TABLE:
        if key.startswith(prefix):
            return low, high, what
    return None
