"""File > Import visits in the window: mapping -> preview -> answer a possible match -> import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox

from app.services import encounters, intake, patients, settings
from app.ui.changes import ChangeBus
from app.ui.imports.import_dialog import ImportDialog

HEADER = ("Pt Acct,Last Name,First Name,DOB,Sex,Address,City,State,Zip,Visit ID,"
          "Date of Service,Rendering NPI,Diagnoses,CPT,Charge")


def _csv(db: Any, folder: Path) -> tuple[Path, int]:
    npi = next(p.npi for p in settings.list_providers(db, "rendering"))
    existing = patients.detail(db, patients.search(db, "")[0].id).patient
    rows = [f"EHR-1,{existing.last_name},{existing.first_name},{existing.birth_date:%m/%d/%Y},"
            f"{existing.sex.value},1 Elm St,Springfield,IL,62701,VQ1,11/02/2026,{npi},E11.9,"
            "99213,110.00",
            f"EHR-2,Quill,Nora,03/04/1977,F,2 Oak St,Springfield,IL,62702,VQ2,11/03/2026,"
            f"{npi},I10,99214,160.00"]
    path = folder / "visits-2026-11-30.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    assert existing.id is not None
    return path, existing.id


def _combo(table: Any, row: int, col: int = 2) -> QComboBox:
    box = table.cellWidget(row, col)
    assert isinstance(box, QComboBox)
    return box


def _counts(dialog: ImportDialog) -> dict[str, str]:
    t = dialog.counts_table
    return {t.item(i, 0).text(): t.item(i, 1).text() for i in range(t.rowCount())}


def test_mapping_preview_answer_import(qtbot: Any, demo_db: Any, tmp_path: Path,
                                       error_reports: list[Any]) -> None:
    source, existing_id = _csv(demo_db, tmp_path)
    bus = ChangeBus()
    dialog = ImportDialog(demo_db, bus)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    dialog.open_source(source)
    qtbot.waitUntil(lambda: dialog.steps.currentIndex() == 1)
    # "Pt Acct" is no header ClaimDesk knows: the MRN must be chosen by hand
    assert not dialog.preview_button.isEnabled()
    assert dialog.mapping_name.text() == "visits"
    box = _combo(dialog.mapping_table, 0)
    assert box.currentData() == ""
    assert _combo(dialog.mapping_table, 10).currentData() == "date_of_service"
    box.setCurrentIndex(box.findData("mrn"))
    assert dialog.preview_button.isEnabled()
    dialog.grab().save("/tmp/import_mapping.png")
    qtbot.mouseClick(dialog.preview_button, qtbot_button())
    qtbot.waitUntil(lambda: dialog.steps.currentIndex() == 2, timeout=60_000)
    assert intake.load_mapping(demo_db, "visits") == dialog.mapping.mapping()  # type: ignore
    counts = _counts(dialog)
    assert counts["Possible matches to answer"] == "1" and counts["New patients"] == "1"
    assert not dialog.import_button.isEnabled()
    answer = _combo(dialog.questions_table, 0)
    assert answer.itemData(1) == existing_id
    dialog.grab().save("/tmp/import_preview.png")
    answer.setCurrentIndex(1)  # "this is the existing patient"
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=60_000)
    assert _counts(dialog)["New visits"] == "2"
    with qtbot.waitSignal(bus.changed, timeout=60_000):
        qtbot.mouseClick(dialog.import_button, qtbot_button())
    assert not error_reports
    assert dialog.imported is not None
    assert dialog.imported.patient_ids["EHR-1"] == existing_id  # answered: not a new patient
    assert len(dialog.imported.plan.new_patients) == 1
    assert len(dialog.imported.encounter_ids) == 2
    first = encounters.get(demo_db, dialog.imported.encounter_ids[0])
    assert first.patient_id == existing_id and first.lines[0].code == "99213"
    assert "Imported" in dialog.summary.text()
    # next time the saved mapping is offered; the same file again brings nothing new
    dialog.open_source(source)
    qtbot.waitUntil(lambda: "saved as 'visits'" in dialog.mapping_status.text())
    assert _combo(dialog.mapping_table, 0).currentData() == "mrn"
    qtbot.mouseClick(dialog.preview_button, qtbot_button())
    qtbot.waitUntil(lambda: "nothing new" in dialog.summary.text(), timeout=60_000)
    assert _counts(dialog)["Skipped (imported before)"] == "2"
    assert dialog.questions_table.rowCount() == 0


def qtbot_button() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_file_menu_opens_the_import_on_the_chosen_file(
        qtbot: Any, demo_db: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from app.ui.app import create_main_window
    from app.ui.dialogs import files

    source, _ = _csv(demo_db, tmp_path)
    monkeypatch.setattr(files, "ask_open_path", lambda *_args: source)
    window = create_main_window(demo_db)
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    assert "Import visits..." in [a.text().replace("&", "") for a in file_menu.actions()]
    window.actions_by_name["import_visits"].trigger()
    qtbot.waitUntil(lambda: window.import_dialog.steps.currentIndex() == 1)
    assert str(source) in window.import_dialog.source_label.text()
    window.import_dialog.close()
