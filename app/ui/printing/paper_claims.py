"""The paper-claims queue: ready claims to paper payers, printed as CMS-1500 forms.

Data-only mode (black data for pre-printed red forms) and the printer offsets live here; the
offsets are saved in the practice settings and checked with the alignment page.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services import claim_queries, printing
from app.ui import actions, jobs
from app.ui.billing.claim_model import COLUMNS as CLAIM_COLUMNS
from app.ui.changes import ChangeBus
from app.ui.models.columns import ID_ROLE
from app.ui.models.table_model import RowTableModel
from app.ui.printing.claim_printing import ClaimPrinter
from app.ui.widgets.fields import buddy_label
from app.ui.widgets.table import DataTable

COLUMNS = [c for c in CLAIM_COLUMNS if c.key not in ("paid", "adjusted", "has_errors",
                                                     "patient_responsibility", "balance")]


def _offset_box(name: str, tip: str) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(-30, 30)
    box.setSuffix(" /10 in")
    box.setToolTip(tip)
    return box


class PaperClaimsView(QWidget):
    message = Signal(str)

    def __init__(self, db: Any, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.model = RowTableModel(COLUMNS, self)
        self.table = DataTable("paper_claims", self)
        self.table.setObjectName("paper_claims")
        self.table.set_model(self.model, COLUMNS)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.count = QLabel()
        self.data_only = QCheckBox("&Data only (pre-printed red forms)")
        self.data_only.setObjectName("print_data_only")
        self.offset_x = _offset_box("print_offset_x", "Tenths of an inch; + moves right")
        self.offset_y = _offset_box("print_offset_y", "Tenths of an inch; + moves down")
        self.buttons: dict[str, QPushButton] = {}
        self.printer = ClaimPrinter(self, db, bus)
        self.printer.printed.connect(self._printed)
        self.print_action = actions.make_action(self, "billing_print", self.print_selected,
                                                widget_scope=True)
        self.preview_action = actions.make_action(self, "billing_preview",
                                                  self.preview_selected, widget_scope=True)
        self._build_layout()
        for control in (self.data_only.toggled, self.offset_x.valueChanged,
                        self.offset_y.valueChanged):
            control.connect(self._settings_changed)

    def _button(self, text: str, name: str, slot: Any, tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        self.buttons[name] = button
        return button

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Ready claims to payers that take paper."))
        top.addStretch(1)
        top.addWidget(self.count)
        setup = QHBoxLayout()
        setup.addWidget(self.data_only)
        setup.addSpacing(12)
        setup.addWidget(buddy_label("Offset &right:", self.offset_x))
        setup.addWidget(self.offset_x)
        setup.addWidget(buddy_label("&down:", self.offset_y))
        setup.addWidget(self.offset_y)
        setup.addWidget(self._button("Save o&ffsets", "save_offsets", self.save_offsets,
                                     "Remember the offsets for this practice"))
        setup.addWidget(self._button("A&lignment page...", "alignment_page", self.alignment,
                                     "Print a test page on a red form to check the offsets"))
        setup.addStretch(1)
        setup.addWidget(self._button("Pre&view", "paper_preview", self.preview_selected,
                                     self.preview_action.toolTip()))
        setup.addWidget(self._button("&Print selected...", "paper_print", self.print_selected,
                                     self.print_action.toolTip()))
        setup.addWidget(self._button("Print &all...", "paper_print_all", self.print_all,
                                     "Print every claim in the queue"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(setup)

    def reload(self) -> None:
        rows = claim_queries.claim_rows(self.db, printing.paper_queue(self.db))
        self.model.set_rows(rows)
        self.count.setText(f"{len(rows):,} claim{'s' if len(rows) != 1 else ''} to print")
        x, y = printing.printer_offsets(self.db)
        for box, value in ((self.offset_x, x), (self.offset_y, y)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self._settings_changed()
        for name in ("paper_preview", "paper_print", "paper_print_all"):
            self.buttons[name].setEnabled(bool(rows))
        self.print_action.setEnabled(bool(rows))
        self.preview_action.setEnabled(bool(rows))
        if rows:
            self.table.select_row(0)

    @Slot()
    def _settings_changed(self) -> None:
        self.printer.data_only = self.data_only.isChecked()
        self.printer.offsets = (self.offset_x.value(), self.offset_y.value())

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [int(self.model.index(r, 0).data(ID_ROLE)) for r in rows]

    @Slot()
    def preview_selected(self) -> None:
        self.printer.preview(self.selected_ids() or [r.id for r in self.model.rows()])

    @Slot()
    def print_selected(self) -> None:
        self.printer.print_claims(self.selected_ids())

    @Slot()
    def print_all(self) -> None:
        self.printer.print_claims([r.id for r in self.model.rows()])

    @Slot(object)
    def _printed(self, result: printing.PrintResult) -> None:
        self.message.emit(f"Rendered {result.pages} page(s); {result.submitted} claim(s) "
                          "submitted on paper.")
        self.reload()

    @Slot()
    def save_offsets(self) -> None:
        x, y = self.offset_x.value(), self.offset_y.value()
        jobs.run_op(self, lambda: printing.save_printer_offsets(self.db, x, y),
                    on_success=lambda changes: (self.bus.publish(changes), self.message.emit(
                        f"Printer offsets saved: {x / 10:+.1f} in right, {y / 10:+.1f} in down.")))

    @Slot()
    def alignment(self) -> None:
        self.printer.alignment(self.offset_x.value(), self.offset_y.value())

    def save_state(self) -> None:
        self.table.save_state()
