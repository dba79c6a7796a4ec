"""Clearinghouse settings: the 837 envelope and file fields, with their validation messages."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.services import settings
from app.ui.changes import ChangeBus
from app.ui.settings.practice_forms import ClearinghouseForm, clearinghouse_problems


@pytest.fixture
def form(demo_db: Any, qtbot: Any) -> ClearinghouseForm:
    widget = ClearinghouseForm(demo_db, ChangeBus())
    qtbot.addWidget(widget)
    widget.resize(900, 900)
    widget.show()
    widget.load()
    return widget


def set_text(form: ClearinghouseForm, path: str, text: str) -> None:
    widget = form.binder.widget(path)
    widget.setText(text)


def test_new_fields_load_and_save(form: ClearinghouseForm, demo_db: Any, qtbot: Any) -> None:
    b = form.binder
    assert b.widget("file_pattern").text() == "CD837_{date}_{isa13}.txt"
    assert b.widget("max_claims_per_file").value() == 5000
    set_text(form, "gs_sender", "sfm42")
    set_text(form, "file_pattern", "batch_{isa13}.x12")
    b.widget("receiver_qualifier").setCurrentIndex(b.widget("receiver_qualifier").findData("30"))
    b.widget("element_separator").setCurrentIndex(b.widget("element_separator").findData("|"))
    b.widget("max_claims_per_file").setValue(100)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.status.text() == "Saved.", timeout=10_000)
    saved = settings.get_clearinghouse(demo_db)
    assert (saved.gs_sender, saved.file_pattern, saved.receiver_qualifier,
            saved.element_separator, saved.max_claims_per_file) == (
        "SFM42", "batch_{isa13}.x12", "30", "|", 100)


def test_bad_values_show_messages_and_save_nothing(form: ClearinghouseForm, demo_db: Any,
                                                   qtbot: Any) -> None:
    before = settings.get_clearinghouse(demo_db)
    set_text(form, "file_pattern", "batch_{when}.txt")
    set_text(form, "gs_sender", "SFM-42")
    segment = form.binder.widget("segment_terminator")
    form.binder.widget("element_separator").setCurrentIndex(
        form.binder.widget("element_separator").findData("~"))
    segment.setCurrentIndex(segment.findData("~"))
    form.save()
    assert form.status.text() == "Not saved."
    messages = {p.field: p.message for p in clearinghouse_problems(form.binder.values()[0])}
    assert set(messages) == {"file_pattern", "gs_sender", "segment_terminator"}
    label = form.binder.error_label("file_pattern")
    assert "{date} and {isa13}" in label.text()
    assert settings.get_clearinghouse(demo_db) == before


def test_pattern_rules() -> None:
    def problem(pattern: str) -> str:
        found = [p.message for p in clearinghouse_problems({"file_pattern": pattern})]
        return found[0] if found else ""

    assert problem("CD837_{date}_{isa13}.txt") == ""
    assert "{isa13}" in problem("CD837_{date}.txt")
    assert "folder" in problem("out/{isa13}.txt")
    assert "braces" in problem("x_{isa13")
