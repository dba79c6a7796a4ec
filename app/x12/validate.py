"""Run pyx12 on X12 text and turn its findings into ``Problem`` lists."""

from __future__ import annotations

import io
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyx12.params
import pyx12.x12n_document

from app.domain.errors import Problem

_LOGGER = "pyx12"
_MAX_NON_ASCII = 5
_ISA_LENGTH = 106
_NOT_X12 = "This is not a readable X12 file (the ISA header must be exactly 106 characters)."


def validate_x12(text: str, source: str, *, exclude_codes: tuple[str, ...] = ()) -> list[Problem]:
    """Validate X12 text against pyx12's implementation-guide maps.

    Non-ASCII text is refused before pyx12 runs (pyx12 crashes on it).

    Args:
        text: the whole interchange.
        source: the file name or label used in each ``Problem``.
        exclude_codes: pyx12 external code lists to skip (``"remark_code"`` for 835s).

    Returns:
        Every problem pyx12 found; an empty list means the file is valid.
    """
    if not text.strip():
        return [Problem(source, "", "The file is empty.")]
    problems = _non_ascii(text, source) or _bad_isa(text, source)
    if problems:
        return problems
    param = pyx12.params.params()
    if exclude_codes:
        param.set("exclude_external_codes", ",".join(exclude_codes))
    with _temp_file(text) as path, _captured_log() as log:
        report = io.StringIO()
        try:
            ok = pyx12.x12n_document.x12n_document(
                param=param, src_file=path, fd_997=None, fd_html=None, fd_json=report)
        except Exception as exc:  # pyx12 raises on some malformed input instead of reporting
            return [Problem(source, "", f"The X12 checker stopped: {type(exc).__name__}: {exc}")]
    problems = _from_json(report.getvalue(), source)
    if not ok and not problems:
        messages = log or ["The file is not valid X12."]
        problems = [Problem(source, "", _plain(m, path)) for m in messages]
    return problems


def _bad_isa(text: str, source: str) -> list[Problem]:
    """Refuse what pyx12 would refuse (and leak a file handle on): a missing or bent ISA."""
    isa = text.lstrip()[:_ISA_LENGTH]
    parts = isa.split(isa[3]) if len(isa) == _ISA_LENGTH else []
    if isa.startswith("ISA") and len(parts) == 17 and len(parts[16]) == 2:
        return []
    return [Problem(source, "ISA", _NOT_X12)]


def _non_ascii(text: str, source: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        for col, char in enumerate(line, start=1):
            if ord(char) > 127:
                problems.append(Problem(
                    source, f"column {col}",
                    f"Character {char!r} is not plain ASCII; X12 files must contain only "
                    "ASCII (write PENA, not PEÑA).", line=number))
                if len(problems) >= _MAX_NON_ASCII:
                    return problems
                break
    return problems


@contextmanager
def _temp_file(text: str) -> Iterator[str]:
    handle, path = tempfile.mkstemp(suffix=".x12", prefix="claimdesk-")
    try:
        with os.fdopen(handle, "w", encoding="ascii", newline="") as out:
            out.write(text)
        yield path
    finally:
        os.unlink(path)


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _captured_log() -> Iterator[list[str]]:
    logger = logging.getLogger(_LOGGER)
    handler = _ListHandler()
    old_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate


def _plain(message: str, path: str) -> str:
    if "does not look like an X12 data file" in message:
        return _NOT_X12
    return message.replace(f'"{path}"', "the file")


def _from_json(raw: str, source: str) -> list[Problem]:
    if not raw.strip():
        return []
    doc = json.loads(raw)
    problems: list[Problem] = []
    for isa in doc.get("interchanges", []):
        problems += _errors(isa, source, "ISA/IEA")
        for group in isa.get("groups", []):
            problems += _errors(group, source, "GS/GE")
            for st in group.get("transactions", []):
                problems += _errors(st, source, f"ST {st.get('trn_set_control_num') or ''}")
                for seg in st.get("segments", []):
                    problems += _segment(seg, source)
    return problems


def _errors(node: dict[str, Any], source: str, field: str) -> list[Problem]:
    return [Problem(source, field.strip(), f"{e['err_str']} (code {e['err_cde']})",
                    line=node.get("cur_line"))
            for e in node.get("errors", [])]


def _segment(seg: dict[str, Any], source: str) -> list[Problem]:
    seg_id = seg.get("seg_id") or ""
    line = seg.get("cur_line")
    problems = [Problem(source, seg_id, _message(e), line=line) for e in seg.get("errors", [])]
    for ele in seg.get("elements", []):
        field = f"{seg_id}{int(ele.get('ele_pos') or 0):02d}"
        if ele.get("subele_pos"):
            field += f"-{int(ele['subele_pos'])}"
        problems += [Problem(source, field, _message(e), line=line)
                     for e in ele.get("errors", [])]
    return problems


def _message(err: dict[str, Any]) -> str:
    text = f"{err['err_str']} (code {err['err_cde']})"
    value = err.get("err_val")
    if value and str(value) not in text:
        text += f"; value {value!r}"
    return text
