"""The 837P batch export dialog (issue 6).

Ready claims to electronic payers, all checked, with a payer filter; the count and total charge
follow the check boxes. Export runs ``services.batches.export_837`` as a job (progress after
500 ms, Cancel). A refused batch shows every problem (claim, field, message; copyable) and
writes nothing; a written batch shows the file, ISA13/GS06/ST02, claims and total.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import paths
from app.services import batches, claim_queries
from app.services.batches import BatchInvalid, BatchResult
from app.ui import jobs, ui_state
from app.ui.batches import prompts
from app.ui.batches.claim_pick_model import PICK_COLUMNS, ClaimPickModel
from app.ui.batches.report_widgets import FiguresView, ProblemReport
from app.ui.changes import ChangeBus
from app.ui.presenters.remit_reports import batch_result_rows, selection_text
from app.ui.widgets.table import DataTable

STATE_KEY = "batch_export_dialog"
FOLDER_KEY = "batches"


class ExportDialog(QDialog):
    """Pick ready claims and write them as one 837P file."""

    exported = Signal(object)  # BatchResult

    def __init__(self, parent: QWidget | None, db: Any, bus: ChangeBus) -> None:
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.setWindowTitle("Export 837P batch")
        self.payer = QComboBox()
        self.payer.setObjectName("batch_payer")
        self.payer.setMinimumWidth(220)
        self.summary = QLabel()
        self.summary.setObjectName("batch_summary")
        self.model = ClaimPickModel(self)
        self.model.dataChanged.connect(self._update_summary)
        self.model.modelReset.connect(self._update_summary)
        self.table = DataTable("batch_export_claims", self)
        self.table.setObjectName("batch_claims")
        self.table.set_model(self.model, PICK_COLUMNS)
        self.folder = QLineEdit(ui_state.last_folder(FOLDER_KEY, str(paths.exports_dir())))
        self.folder.setObjectName("batch_folder")
        self.validate = QCheckBox("&Validate with pyx12 before writing")
        self.validate.setChecked(True)
        self.problems = ProblemReport("batch_export_problems")
        self.result = FiguresView()
        self.result.setObjectName("batch_result")
        self.outcome = QStackedWidget()
        self.outcome.addWidget(QLabel("Check the claims, then Export (Alt+E)."))
        self.outcome.addWidget(self.problems)
        self.outcome.addWidget(self.result)
        self._build_layout()
        self.last_result: BatchResult | None = None
        self.busy = False
        self.payer.currentIndexChanged.connect(self._payer_changed)
        self._load_payers()
        self.resize(900, 640)
        ui_state.restore_geometry(self, STATE_KEY)

    def _build_layout(self) -> None:
        all_button, none_button = QPushButton("Select &all"), QPushButton("Select &none")
        all_button.clicked.connect(lambda: self.model.set_all(True))
        none_button.clicked.connect(lambda: self.model.set_all(False))
        browse = QPushButton("&Browse...")
        browse.clicked.connect(self._browse)
        top = QHBoxLayout()
        payer_label = QLabel("&Payer:")
        payer_label.setBuddy(self.payer)
        for widget in (payer_label, self.payer, all_button, none_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.summary)
        out = QHBoxLayout()
        folder_label = QLabel("&Folder:")
        folder_label.setBuddy(self.folder)
        for widget in (folder_label, self.folder, browse, self.validate):
            out.addWidget(widget)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setObjectName("export_button")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.outcome)
        split.setSizes([360, 220])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(out)
        layout.addWidget(self.buttons)

    # loading ------------------------------------------------------------------------------
    def _load_payers(self) -> None:
        rows = claim_queries.claim_rows(self.db, batches.ready_claims(self.db))
        payers = sorted({(r.payer, r.payer_id) for r in rows})
        self.payer.blockSignals(True)
        self.payer.clear()
        self.payer.addItem(f"All payers ({len(rows)} ready)", None)
        for name, code in payers:
            count = sum(1 for r in rows if r.payer_id == code)
            self.payer.addItem(f"{name} ({count})", code)
        self.payer.blockSignals(False)
        self.model.set_rows(rows)

    @Slot(int)
    def _payer_changed(self, _index: int) -> None:
        self.reload()

    def reload(self) -> None:
        code = self.payer.currentData()
        ids = batches.ready_claims(self.db, code)
        self.model.set_rows(claim_queries.claim_rows(self.db, ids))

    @Slot()
    def _update_summary(self) -> None:
        count = len(self.model.checked_rows())
        self.summary.setText(selection_text(count, self.model.total()))
        self.export_button.setEnabled(count > 0 and not self.busy)

    @Slot()
    def _browse(self) -> None:
        folder = prompts.ask_folder(self, "Folder for 837 files", Path(self.folder.text()))
        if folder is not None:
            self.folder.setText(str(folder))

    # export -------------------------------------------------------------------------------
    @Slot()
    def export(self) -> None:
        ids = [r.id for r in self.model.checked_rows()]
        if not ids or self.busy:
            return
        folder = Path(self.folder.text().strip() or paths.exports_dir())
        folder.mkdir(parents=True, exist_ok=True)
        ui_state.set_last_folder(FOLDER_KEY, str(folder))
        validate = self.validate.isChecked()
        self._set_busy(True)
        jobs.run_long(self, lambda p, c: batches.export_837(
            self.db, folder, ids, validate=validate, progress=p, cancel=c),
            label=f"Writing {len(ids)} claims to an 837P file...", on_success=self._exported,
            on_failure=self._failed, on_cancel=lambda: self._set_busy(False))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_summary()

    def _exported(self, outcome: tuple[BatchResult, Any]) -> None:
        result, changes = outcome
        self._set_busy(False)
        self.last_result = result
        self.result.show_figures(f"Batch written: {result.claims} claims are now submitted.",
                                 batch_result_rows(result))
        self.outcome.setCurrentWidget(self.result)
        self.bus.publish(changes)
        self._load_payers()
        self.exported.emit(result)

    def _failed(self, exc: BaseException) -> bool:
        self._set_busy(False)
        if not isinstance(exc, BatchInvalid):
            return False
        self.problems.show_problems(f"Not exported: {exc.message} Correct the claims below "
                                    "and export again.", exc.problems)
        self.outcome.setCurrentWidget(self.problems)
        return True

    def done(self, result: int) -> None:
        ui_state.save_geometry(self, STATE_KEY)
        self.table.save_state()
        self.problems.save_state()
        super().done(result)
