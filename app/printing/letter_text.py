"""Small text helpers shared by the printed letters and statements."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

__all__ = ["block", "escape", "phone"]


def phone(digits: str) -> str:
    """``(217) 555-0100`` for ten digits; anything else as given."""
    return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}" if len(digits) == 10 else digits


def block(lines: Sequence[str], style: ParagraphStyle) -> Paragraph:
    """Lines of plain text as one paragraph, one line each (markup escaped)."""
    return Paragraph("<br/>".join(escape(line) for line in lines), style)
