"""No amount or header is cut off in the batch lists; an elided text cell shows it whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app.services import batches
from app.ui.batches.batches_page import BatchesPage
from app.ui.changes import ChangeBus
from app.ui.models.columns import ALIGN_RIGHT
from app.ui.widgets.table import DataTable


def assert_nothing_cut(table: DataTable) -> None:
    header = table.horizontalHeader()
    model = table.model()
    for column in range(header.count()):
        width = header.sectionSize(column)
        assert width >= header.sectionSizeFromContents(column).width(), (
            model.headerData(column, Qt.Orientation.Horizontal))
        align = model.headerData(column, Qt.Orientation.Horizontal,
                                 Qt.ItemDataRole.TextAlignmentRole)
        if align is not None and int(align) & int(ALIGN_RIGHT.value) & 0x2:
            assert width >= table.sizeHintForColumn(column), (
                model.headerData(column, Qt.Orientation.Horizontal))


def test_batch_totals_charges_and_headers_fit(demo_db: Any, qtbot: Any, tmp_path: Path) -> None:
    page = BatchesPage(demo_db, ChangeBus())
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    ready = batches.ready_claims(demo_db)
    _result, changes = batches.export_837(demo_db, tmp_path, ready, validate=False)
    page.bus.publish(changes)
    assert page.history_model.rowCount() == 1 and page.claims_model.rowCount() > 0
    for table in (page.history, page.claims):
        assert_nothing_cut(table)
    index = page.claims_model.index(0, 1)  # the patient's name
    assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data()
    page.grab().save("/tmp/tripsa_batches.png")
