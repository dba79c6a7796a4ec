"""Appeal letter wording chosen by the denial's CARC/RARC category (data in ``resources/``).

``resources/appeal_letters.toml`` holds one table per category (medical necessity, bundling,
timely filing, authorization, coordination of benefits, non-covered, general) with the codes it
answers and its request paragraph. The biller edits the chosen text before the letter is saved.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import UserError
from app.paths import RESOURCES

APPEAL_TEMPLATES = RESOURCES / "appeal_letters.toml"
GENERAL = "general"


@dataclass(frozen=True)
class AppealTemplate:
    """One category's request paragraph and the codes that select it."""

    key: str
    title: str
    codes: tuple[str, ...]
    text: str


def load_templates(path: Path = APPEAL_TEMPLATES) -> dict[str, AppealTemplate]:
    """The templates in file order.

    Raises:
        UserError: the file is unreadable, not TOML, or a category lacks its text, or there is
            no ``general`` category.
    """
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"{Path(path).name}: cannot read the appeal letter templates ({exc}).") \
            from None
    out: dict[str, AppealTemplate] = {}
    for key, table in data.items():
        text = table.get("text") if isinstance(table, dict) else None
        if not isinstance(text, str) or not text.strip():
            raise UserError(f"{Path(path).name}: [{key}] needs a text.")
        codes = tuple(str(c).strip().upper() for c in table.get("codes", ()))
        out[key] = AppealTemplate(key, str(table.get("title", key)), codes, text.strip())
    if GENERAL not in out:
        raise UserError(f"{Path(path).name}: a [general] category is required.")
    return out


def template_for(group: str, reason: str, remarks: Iterable[str] = (),
                 templates: dict[str, AppealTemplate] | None = None) -> AppealTemplate:
    """The template for a denial: its group-CARC, then its CARC, then its RARCs, else general."""
    templates = templates if templates is not None else load_templates()
    wanted = [f"{group}-{reason}".upper(), reason.upper(),
              *(r.strip().upper() for r in remarks if r.strip())]
    for code in wanted:
        for template in templates.values():
            if code in template.codes:
                return template
    return templates[GENERAL]
