import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app.codesets import icd10_build, index_db  # noqa: E402
from app.paths import RESOURCES  # noqa: E402
from app.services.codes import CodeHit  # noqa: E402
from app.ui.codes.code_lookup import CodeHitModel, CodeLookupWidget, detail_html  # noqa: E402

SAMPLES = RESOURCES / "codesets" / "samples"


@pytest.fixture(scope="module")
def icd_index(tmp_path_factory):
    target = tmp_path_factory.getbasetemp() / "icd-shared" / "codesets-icd10cm.sqlite3"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        icd10_build.build_icd_index(target)
    return target


@pytest.fixture
def db(tmp_path, icd_index) -> Path:
    path = tmp_path / "codesets.sqlite3"
    os.symlink(icd_index, index_db.icd_index_path(path))
    return path


@pytest.fixture
def widget(qtbot, db):
    w = CodeLookupWidget(db)
    qtbot.addWidget(w)
    w.outcomes = []
    w.runner.report = w.outcomes.append
    return w


def test_model(qtmodeltester):
    model = CodeHitModel()
    model.set_hits([CodeHit("icd10cm", "E11.65", "Type 2 diabetes with hyperglycemia", True),
                    CodeHit("icd10cm", "E11", "Type 2 diabetes mellitus", False, 87, "exact")])
    qtmodeltester.check(model)
    assert model.data(model.index(1, 2)) == "No (87 below)"


def test_search_as_you_type_and_detail(qtbot, widget):
    qtbot.keyClicks(widget.search_edit, "diab typ 2 hyperg")
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0, timeout=2000)
    assert widget.model.hit(0).code == "E11.65"
    text = widget.detail.toPlainText()
    assert "Type 2 diabetes mellitus with hyperglycemia" in text
    assert "Excludes1" in text and "E08-E13" in text
    with qtbot.waitSignal(widget.code_chosen) as signal:
        widget.search_edit.returnPressed.emit()
    assert signal.args == ["icd10cm", "E11.65"]


def test_filters_and_seventh_character_table(qtbot, widget):
    widget.search_edit.setText("S72.001")
    widget.run_search()
    assert widget.model.hit(0).code == "S72.001"
    assert "7th character" in widget.detail.toPlainText()
    widget.billable_check.setChecked(True)
    assert all(widget.model.hit(r).billable for r in range(widget.model.rowCount()))
    widget.system_combo.setCurrentIndex(widget.system_combo.findData("hcpcs"))
    widget.search_edit.setText("wellness")
    widget.run_search()
    assert {widget.model.hit(r).system for r in range(widget.model.rowCount())} == {"hcpcs"}


def test_cpt_provider_merged(widget):
    widget.set_cpt_provider(lambda q, n: [CodeHit("cpt", "99213", "Office visit (ours)", True)])
    widget.search_edit.setText("99213")
    widget.run_search()
    assert (widget.model.hit(0).system, widget.model.hit(0).code) == ("cpt", "99213")
    assert "American Medical Association" in widget.detail.toPlainText()


def test_import_dialog_success_and_problems(qtbot, widget, tmp_path):
    with qtbot.waitSignal(widget.runner.done, timeout=10000):
        widget.import_files("hcpcs", [SAMPLES / "HCPC2026_JAN_ANWEB_sample.txt"])
    assert widget.outcomes[-1].ok and "14 rows" in widget.outcomes[-1].summary()
    bad = tmp_path / "MCR_MUE_PractitionerServices_Eff_01-01-2026.csv"
    bad.write_text("J1100,x,9,\nJ1885,1,7,\n", encoding="latin-1")
    with qtbot.waitSignal(widget.runner.done, timeout=10000):
        widget.import_files("mue", [bad])
    outcome = widget.outcomes[-1]
    assert not outcome.ok and len(outcome.problems) == 3
    assert "rejected" in outcome.summary()


def test_detail_html_escapes():
    assert "<p>Select" in detail_html(None)
