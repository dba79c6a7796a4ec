"""Read text back from our PDFs with exact positions (page content only, not form XObjects).

pypdf's ``visitor_text`` merges strings on one line, so this walks the content stream itself:
ReportLab writes ``cm`` for translations and ``Tm``/``Td`` + ``Tj`` inside ``BT``/``ET``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ContentStream


@dataclass(frozen=True)
class Run:
    """One shown string: baseline start (PDF points), text, font size."""

    x: float
    y: float
    text: str
    size: float


def _mul(a: list[float], b: list[float]) -> list[float]:
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def page_runs(data: bytes) -> list[list[Run]]:
    """Every Tj string of every page, in drawing order."""
    reader = PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages:
        runs: list[Run] = []
        ctm = [1.0, 0, 0, 1.0, 0, 0]
        stack: list[list[float]] = []
        tm = [1.0, 0, 0, 1.0, 0, 0]
        size = 0.0
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"q":
                stack.append(ctm)
            elif op == b"Q":
                ctm = stack.pop()
            elif op == b"cm":
                ctm = _mul([float(v) for v in operands], ctm)
            elif op == b"BT":
                tm = [1.0, 0, 0, 1.0, 0, 0]
            elif op == b"Tm":
                tm = [float(v) for v in operands]
            elif op == b"Td":
                tm = _mul([1.0, 0, 0, 1.0, float(operands[0]), float(operands[1])], tm)
            elif op == b"Tf":
                size = float(operands[1])
            elif op == b"Tj":
                m = _mul(tm, ctm)
                text = operands[0]
                text = text.decode("latin-1") if isinstance(text, bytes) else str(text)
                runs.append(Run(m[4], m[5], text, size))
        pages.append(runs)
    return pages


def all_text(data: bytes) -> str:
    """pypdf's plain text of every page, XObjects included (for captions)."""
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)
