"""The pyx12 structure pass over an 835, and where ClaimDesk's own check overrules it.

pyx12's 835 map (``835.5010.X221.A1.xml``) is stricter than the TR3 in two places real payer
files trip over, so its verdict is adjusted here:

* **Repeated PLB.** The TR3 lets the provider-level adjustment segment repeat (``standards/
  x12-835.md`` section 2.6: "up to six adjustments per segment, segment repeats"); pyx12's map
  puts PLB in a footer loop used once and reports "Loop FOOTER exceeded max count". That error
  is dropped: ClaimDesk's parser checks PLB itself (after the last claim, before SE) and every
  PLB amount takes part in the transaction balance.
* **Trailing spaces and long descriptive text.** pyx12 refuses an element with trailing
  spaces. On an element that carries money or identity (amounts, dates, TRN, CLP01/07, ids,
  line control numbers) this stays an error; elsewhere (a payer's additional id, a contact
  name) the value is read trimmed and the refusal becomes a warning shown in the preview. The
  same goes for a name, address or contact longer than the TR3's maximum.

Values from name, id and address segments are kept out of the messages (they may be personal).
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pyx12.params
import pyx12.x12n_document

from app.domain.errors import Problem
from app.x12.segments import Lexed, problem

_log = logging.getLogger(__name__)

#: Elements that carry money, dates or identity: never relaxed.
_STRICT = frozenset({
    "BPR02", "BPR03", "BPR16", "TRN02", "TRN03", "CLP01", "CLP02", "CLP03", "CLP04", "CLP05",
    "CLP07", "SVC01", "SVC02", "SVC03", "SVC05", "SVC06", "SVC07", "AMT02", "QTY02", "DTM02",
    "N104", "NM109", "LQ02", "MOA03", "MOA04", "MOA05", "MOA06", "MOA07",
    *(f"CAS{i:02d}" for i in range(1, 20)), *(f"PLB{i:02d}" for i in range(1, 15)),
})
#: REF qualifiers whose value identifies a line or a claim (REF02 stays strict).
_STRICT_REF = frozenset({"6R", "F8", "1K", "EA", "BB", "G1", "9A", "9C", "TJ", "EV"})
_TRAILING = "unnecessary trailing spaces"
_TOO_LONG = "is too long"
#: Descriptive text elements (names, addresses, contacts) where an over-long value is a warning.
_DESCRIPTIVE = frozenset({"N102", "N301", "N302", "N401", "PER02", "PER04", "PER06", "PER08",
                          "NM103", "NM104", "NM105", "NM107", "RDM02", "RDM03"})
#: Segments whose values may be personal (names, member ids): kept out of messages.
_PERSONAL = frozenset({"NM1", "REF", "N3", "N4", "PER"})
_PLB_LOOP = "Loop FOOTER exceeded max count"


def check_structure(lexed: Lexed, source: str) -> list[Problem]:
    """Validate the segments with pyx12's 835 map; return errors and warnings.

    No 999 is generated (pyx12's 999 writer crashes on 835s, which have no ST03) and the
    ``remark_code`` external list is excluded (pyx12's RARC list is out of date). The text must
    be ASCII: pyx12 raises on anything else, so callers check first.

    Args:
        lexed: the file as returned by ``segments.lex``.
        source: file name for the problems.

    Returns:
        One problem per pyx12 error, ``field`` as ``CLP03``, ``SVC01-2`` or a segment id;
        relaxed ones (see the module notes) with severity ``warning``.
    """
    delims = lexed.delimiters
    newline = "" if delims.segment in "\r\n" else "\n"
    text = "".join(f"{raw}{delims.segment}{newline}" for raw in lexed.raw)
    param = pyx12.params.params()
    param.set("exclude_external_codes", "remark_code")
    errors = io.StringIO()
    try:
        pyx12.x12n_document.x12n_document(param=param, src_file=io.StringIO(text),
                                          fd_997=None, fd_html=None, fd_json=errors)
    except Exception as exc:  # pyx12 raises on some malformed input instead of reporting
        _log.warning("pyx12 failed on %s: %r", source, exc)
        return [problem(source, f"The structure check could not read the file ({exc}).")]
    if not errors.getvalue():
        return [problem(source, "The structure check produced no result.")]
    doc = json.loads(errors.getvalue())
    found: list[Problem] = []
    for field, line, message in _walk_pyx12(doc):
        seg_id = lexed.segment_id(line)
        if seg_id == "PLB" and _PLB_LOOP in message:
            continue  # the TR3 lets PLB repeat (module notes)
        if _relaxed(lexed, line, field, message):
            found.append(problem(source, _warning_text(field, message), line=line,
                                 segment_id=seg_id, field=field, severity="warning"))
            continue
        if seg_id in _PERSONAL and line is not None:
            message = _scrubbed(message, _value(lexed, line, field))
        found.append(problem(source, f"Structure check: {message}", line=line,
                             segment_id=seg_id, field=field))
    return found


def _value(lexed: Lexed, line: int, field: str) -> str:
    """The raw value of ``field`` (``NM103``, ``SVC01-2``) in segment ``line``."""
    element, _, component = field[len(lexed.segment_id(line)):].partition("-")
    if not element.isdigit():
        return ""
    seg = lexed.segment(line - 1)
    return seg.comp(int(element), int(component)) if component.isdigit() else seg.el(
        int(element))


def _scrubbed(message: str, value: str) -> str:
    """``message`` without ``value`` (names and member ids stay out of messages)."""
    return message.replace(value, "...") if len(value) > 1 else message


def _warning_text(field: str, message: str) -> str:
    """Our own words for a relaxed pyx12 error, without the value (it may be personal)."""
    if _TRAILING in message:
        return (f"Structure check: {field} ends with spaces the TR3 does not allow; it carries "
                "no money or identity, so it is read without them.")
    return (f"Structure check: {field} is longer than the TR3 allows; it carries no money or "
            "identity, so it is read as sent.")


def _relaxed(lexed: Lexed, line: int | None, field: str, message: str) -> bool:
    """Whether a pyx12 error is only a trailing space on an element without money or identity."""
    element = field.split("-")[0]
    if line is not None and _TOO_LONG in message and element in _DESCRIPTIVE:
        return True
    if _TRAILING not in message or line is None:
        return False
    if element in _STRICT:
        return False
    if element == "REF02":
        return lexed.segment(line - 1).el(1) not in _STRICT_REF
    return True


def _walk_pyx12(doc: dict[str, Any]) -> Iterator[tuple[str, int | None, str]]:
    """Yield (field, segment number, message) for every error in pyx12's JSON output."""
    for isa in doc.get("interchanges", []):
        yield from (("ISA", isa.get("cur_line"), e["err_str"]) for e in isa["errors"])
        for gs in isa.get("groups", []):
            yield from (("GS", gs.get("cur_line"), e["err_str"]) for e in gs["errors"])
            for st in gs.get("transactions", []):
                yield from (("ST", st.get("cur_line"), e["err_str"]) for e in st["errors"])
                for seg in st.get("segments", []):
                    yield from _segment_errors(seg)


def _segment_errors(seg: dict[str, Any]) -> Iterator[tuple[str, int | None, str]]:
    """Errors of one segment and of its elements, from pyx12's JSON output."""
    seg_id, line = seg.get("seg_id") or "", seg.get("cur_line")
    yield from ((seg_id, line, e["err_str"]) for e in seg.get("errors", []))
    for ele in seg.get("elements", []):
        field = f"{seg_id}{ele.get('ele_pos') or 0:02d}"
        if ele.get("subele_pos"):
            field += f"-{ele['subele_pos']}"
        yield from ((field, line, e["err_str"]) for e in ele.get("errors", []))
