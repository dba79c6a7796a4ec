"""File names built from data (clearinghouse patterns, statement and letter names).

A name from data never chooses a folder: it is one plain file name, without path separators,
``..``, a drive or a NUL, and a pattern names only the fields it may use.
"""

from __future__ import annotations

import re
import string

#: Fields a clearinghouse file-name pattern may use.
PATTERN_FIELDS = frozenset({"date", "isa13"})
_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._()+-]{0,119}$")


def file_name_problem(name: str) -> str | None:
    """Why ``name`` is not a plain file name inside the chosen folder, or None.

    Args:
        name: the file name (no folder).

    Returns:
        A plain sentence, or None when the name is safe.
    """
    if "/" in name or "\\" in name or "\x00" in name or ":" in name:
        return "A file name cannot contain a folder, a drive or a NUL character."
    if name in (".", "..") or ".." in name:
        return "A file name cannot contain '..'."
    if not _SAFE.fullmatch(name):
        return ("A file name uses letters, digits, spaces and . _ - ( ) +, starts with a letter "
                "or digit and has at most 120 characters.")
    return None


def pattern_problem(pattern: str) -> str | None:
    """Why a file-name pattern such as ``CD837_{date}_{isa13}.txt`` is refused, or None.

    Args:
        pattern: the pattern, with ``{date}`` and ``{isa13}`` fields.

    Returns:
        A plain sentence, or None when every name it can produce is safe.
    """
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        return "The file name pattern has an unmatched '{' or '}'."
    for _, field, spec, conversion in parts:
        if field is None:
            continue
        if field not in PATTERN_FIELDS or spec or conversion:
            return "The file name pattern may use only {date} and {isa13}."
    return file_name_problem(render_pattern(pattern, date="20260101", isa13="000000001"))


def render_pattern(pattern: str, **values: str) -> str:
    """Fill a pattern's fields (``{date}``, ``{isa13}``) without ``str.format``'s attribute access.

    Args:
        pattern: the pattern.
        **values: text for each field.

    Returns:
        The file name.
    """
    out = []
    for literal, field, _, _ in string.Formatter().parse(pattern):
        out.append(literal)
        if field is not None:
            out.append(values.get(field, ""))
    return "".join(out)


def safe_file_name(name: str) -> str:
    """Return ``name`` when it is a plain file name.

    Args:
        name: the file name.

    Returns:
        The same name.

    Raises:
        ValueError: the name would leave its folder or is not a plain name.
    """
    problem = file_name_problem(name)
    if problem:
        raise ValueError(problem)
    return name
