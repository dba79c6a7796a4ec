"""Appeal letter wording follows the denial's CARC/RARC category and can be edited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.domain.errors import UserError
from app.services import appeals
from app.services.appeal_templates import load_templates, template_for
from app.store.database import Database
from tests.printing.pdftext import all_text
from tests.services.test_sent_claims import denied  # noqa: F401 - fixture


@pytest.mark.parametrize(("group", "reason", "remarks", "key"), [
    ("CO", "50", (), "medical_necessity"), ("CO", "97", (), "bundling"),
    ("CO", "236", (), "bundling"), ("CO", "29", (), "timely_filing"),
    ("CO", "197", (), "authorization"), ("CO", "15", (), "authorization"),
    ("CO", "22", (), "coordination_of_benefits"), ("CO", "96", (), "non_covered"),
    ("CO", "204", (), "non_covered"), ("CO", "16", (), "general"),
    ("CO", "16", ("N115",), "medical_necessity"),
])
def test_each_category_gets_its_own_text(group: str, reason: str, remarks: tuple[str, ...],
                                         key: str) -> None:
    assert template_for(group, reason, remarks).key == key


def test_only_the_bundling_text_speaks_of_bundling() -> None:
    for key, template in load_templates().items():
        assert ("bundl" in template.text.lower() or "included in another" in
                template.text.lower()) == (key == "bundling"), key


def test_a_broken_template_file_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "appeal_letters.toml"
    bad.write_text("[bundling]\ncodes = ['CO-97']\n")
    with pytest.raises(UserError, match="appeal_letters.toml.*bundling"):
        load_templates(bad)
    bad.write_text("[bundling\n")
    with pytest.raises(UserError, match="appeal_letters.toml"):
        load_templates(bad)


def test_medical_necessity_letter_and_edited_text(demo_db: Database, denied: dict[str, Any],  # noqa: F811
                                                  tmp_path: Path) -> None:
    default = appeals.request_text(demo_db, denied["denial"])  # the demo denial is CO-50
    assert "medically necessary" in default and "bundl" not in default
    plain = appeals.render_letter(demo_db, denied["denial"], tmp_path / "a.pdf")
    text = " ".join(all_text(plain.read_bytes()).split())
    assert "reconsider the medical-necessity determination" in text and "bundled" not in text
    edited = appeals.render_letter(demo_db, denied["denial"], tmp_path / "b.pdf",
                                   request="Records from Dr. Lee enclosed; please reprocess.")
    text = " ".join(all_text(edited.read_bytes()).split())
    assert "Records from Dr. Lee enclosed" in text
    assert "reconsider the medical-necessity determination" not in text
