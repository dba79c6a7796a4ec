"""The Batches page: batch history with each batch's claims, Save again, acknowledgments.

New batch opens the export dialog; Import acknowledgment reads a 999 or 277CA and shows which
claims were accepted, rejected or not matched (or that the file was already imported).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import paths
from app.domain.changes import Changes
from app.services import batches, claim_queries
from app.services.batches import AckResult, BatchInfo
from app.ui import actions, dialogs, jobs, ui_state
from app.ui.batches import prompts
from app.ui.batches.export_dialog import FOLDER_KEY, ExportDialog
from app.ui.changes import ChangeBus
from app.ui.models.columns import ALIGN_RIGHT, Column, date_column, money_column
from app.ui.models.table_model import RowTableModel
from app.ui.presenters.remit_reports import ack_headline, ack_lines
from app.ui.widgets.page import Page
from app.ui.widgets.table import DataTable

BATCH_COLUMNS: list[Column] = [
    Column("created_at", "Created", 130, formatter=lambda d: d.strftime("%m/%d/%Y %H:%M")),
    Column("file_name", "File", 250),
    Column("claims", "Claims", 60, ALIGN_RIGHT),
    money_column("total_charge", "Total", 90),
    Column("isa13", "ISA13", 90, formatter=lambda n: f"{n:09d}"),
    Column("gs06", "GS06", 60, ALIGN_RIGHT),
    Column("usage", "Usage", 60, formatter=lambda u: "Test" if str(u) == "T" else "Production"),
    Column("status", "Status", 80, formatter=lambda s: str(s).capitalize()),
]
BATCH_CLAIM_COLUMNS: list[Column] = [
    Column("control_number", "Claim", 100),
    Column("patient", "Patient", 150),
    Column("payer", "Payer", 140),
    date_column("date_of_service", "DOS", 86),
    Column("status", "Status", 90, formatter=lambda s: str(s).capitalize()),
    money_column("billed", "Charge", 86),
]
ACK_COLUMNS: list[Column] = [
    Column("control_number", "Claim / group", 140),
    Column("outcome", "Result", 120),
]
X12_FILTER = "X12 files (*.txt *.x12 *.edi *.837 *.999 *.277);;All files (*)"


class BatchesPage(Page):
    title = "Batches"
    watches = ("claims", "settings")
    message = Signal(str)

    def __init__(self, db: object, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(db, bus, parent)
        self.history_model = RowTableModel(BATCH_COLUMNS, self)
        self.history = DataTable("batches_history", self)
        self.history.setObjectName("batches_table")
        self.history.set_model(self.history_model, BATCH_COLUMNS)
        self.history.selectionModel().selectionChanged.connect(self._batch_selected)
        self.claims_model = RowTableModel(BATCH_CLAIM_COLUMNS, self)
        self.claims = DataTable("batches_claims", self)
        self.claims.setObjectName("batch_claims_table")
        self.claims.set_model(self.claims_model, BATCH_CLAIM_COLUMNS)
        self.ack_model = RowTableModel(ACK_COLUMNS, self)
        self.ack_table = DataTable("batches_ack", self)
        self.ack_table.set_model(self.ack_model, ACK_COLUMNS)
        self.ack_headline = QLabel("No acknowledgment imported in this session.")
        self.ack_headline.setObjectName("ack_headline")
        self.ack_headline.setWordWrap(True)
        self.export_dialog: ExportDialog | None = None
        self.last_ack: AckResult | None = None
        self._build_layout()

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        for name, text, slot in (("batch_export", "&New batch...", self.new_batch),
                                 ("batch_import_ack", "Import &acknowledgment...",
                                  self.import_ack),
                                 ("batch_resave", "Save a&gain...", self.save_again)):
            action = actions.make_action(self, name, slot, widget_scope=True)
            button = QPushButton(text)
            button.setObjectName(f"{name}_button")
            button.setToolTip(action.toolTip())
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch(1)
        ack_box = QGroupBox("Last acknowledgment (999 / 277CA)")
        ack_layout = QVBoxLayout(ack_box)
        ack_layout.addWidget(self.ack_headline)
        ack_layout.addWidget(self.ack_table)
        lower = QSplitter(Qt.Orientation.Horizontal)
        claims_box = QGroupBox("Claims in the selected batch")
        QVBoxLayout(claims_box).addWidget(self.claims)
        lower.addWidget(claims_box)
        lower.addWidget(ack_box)
        lower.setSizes([640, 400])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.history)
        self.splitter.addWidget(lower)
        ui_state.restore_splitter(self.splitter, "batches_page")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

    # history ------------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        super().refresh()
        keep = self.history.current_id()
        self.history_model.set_rows(batches.history(self.db))  # type: ignore[arg-type]
        row = self.history_model.row_of_id(keep) if keep is not None else 0
        self.history.select_row(max(row, 0))
        self._show_claims()

    def current_batch(self) -> BatchInfo | None:
        batch_id = self.history.current_id()
        row = self.history_model.row_of_id(batch_id) if batch_id is not None else -1
        return self.history_model.row_at(row) if row >= 0 else None

    @Slot(QItemSelection, QItemSelection)
    def _batch_selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._show_claims()

    def _show_claims(self) -> None:
        batch = self.current_batch()
        ids = list(batch.claim_ids) if batch else []
        self.claims_model.set_rows(claim_queries.claim_rows(self.db, ids)  # type: ignore[arg-type]
                                   if ids else [])

    # actions ------------------------------------------------------------------------------
    @Slot()
    def new_batch(self) -> ExportDialog:
        dialog = ExportDialog(self, self.db, self.bus)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(lambda r: self.message.emit(
            f"Batch {r.file.name}: {r.claims} claims submitted."))
        self.export_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def save_again(self) -> None:
        batch = self.current_batch()
        if batch is None:
            return
        folder = Path(ui_state.last_folder(FOLDER_KEY, str(paths.exports_dir())))
        path = dialogs.ask_save_path(self, "Save the batch file again",
                                     folder / batch.file_name, X12_FILTER)
        if path is None:
            return
        jobs.run_op(self, lambda: batches.resave_batch(self.db, batch.id, path),  # type: ignore[arg-type]
                    on_success=lambda p: self.message.emit(f"Batch file saved again: {p}"))

    @Slot()
    def import_ack(self) -> None:
        folder = Path(ui_state.last_folder("acks", str(paths.exports_dir())))
        path = prompts.ask_open_path(self, "Import a 999 or 277CA acknowledgment", folder,
                                     X12_FILTER)
        if path is None:
            return
        ui_state.set_last_folder("acks", str(path.parent))
        jobs.run_op(self, lambda: batches.import_ack(self.db, path),  # type: ignore[arg-type]
                    on_success=self._ack_imported)

    def _ack_imported(self, outcome: tuple[AckResult, Changes]) -> None:
        result, changes = outcome
        self.last_ack = result
        self.ack_headline.setText(ack_headline(result))
        self.ack_model.set_rows(ack_lines(result))
        self.message.emit(ack_headline(result))
        self.bus.publish(changes)
        self.refresh()

    def save_state(self) -> None:
        for table in (self.history, self.claims, self.ack_table):
            table.save_state()
        ui_state.save_splitter(self.splitter, "batches_page")
