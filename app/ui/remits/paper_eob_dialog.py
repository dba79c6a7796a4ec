"""Paper EOB: key a check and its EOB lines in a grid, preview, then post.

Keyboard first: the payer id has focus, Tab walks the header into the grid, Tab/Enter walk the
cells (a new row appears under the last one), an empty claim cell repeats the claim above.
The Status column says at once whether a row balances. State and rules live in
``app.ui.presenters.paper_eob``; the service runs off the GUI thread (a preview is a dry run
of the very same posting).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import Problem, ValidationFailed
from app.domain.money import format_money
from app.services import paper_eob
from app.services.remittances import PostingSummary
from app.ui import jobs, ui_state
from app.ui.changes import ChangeBus
from app.ui.dialogs.record_dialog import banner_label
from app.ui.presenters import paper_eob as pe
from app.ui.presenters.form_values import format_date, parse_date
from app.ui.widgets.fields import buddy_label, date_line, line, make_form, money_line

STATUS = len(pe.COLUMNS)
WIDTHS = (90, 40, 70, 75, 75, 75, 240, 85, 150)


class PaperEobDialog(QDialog):
    """Key a paper EOB and post it with the 835 engine."""

    def __init__(self, parent: QWidget | None, bus: ChangeBus, db: Any,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paper_eob_dialog")
        self.setWindowTitle("Paper EOB")
        self.bus, self.db, self.busy = bus, db, False
        self.presenter = pe.PaperEobPresenter(today or date.today())
        self.summary: PostingSummary | None = None
        self.banner = banner_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self._form())
        layout.addWidget(self._grid(), 1)
        self.result_label = QLabel()
        self.result_label.setObjectName("paper_eob_result")
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.buttons = QDialogButtonBox()
        self.preview_button = self.buttons.addButton("Pre&view",
                                                     QDialogButtonBox.ButtonRole.ActionRole)
        self.post_button = self.buttons.addButton("&Post EOB",
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.preview_button.clicked.connect(lambda: self.run(dry_run=True))
        self.buttons.accepted.connect(lambda: self.run(dry_run=False))
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.payer.setFocus()
        self.resize(1060, 560)
        ui_state.restore_geometry(self, "paper_eob_dialog")
        self._sync()

    def _form(self) -> Any:
        form = make_form()
        self.payer = line("Payer id as billed", 160, 20)
        self.payer.setObjectName("eob_payer")
        self.check = line("Check number", 160, 40)
        self.check.setObjectName("eob_check")
        self.date = date_line()
        self.date.setObjectName("eob_date")
        self.date.setText(format_date(self.presenter.payment_date))
        self.amount = money_line()
        self.amount.setObjectName("eob_check_amount")
        for label, widget in (("Pa&yer id:", self.payer), ("&Check number:", self.check),
                              ("Payment &date:", self.date), ("Check &amount:", self.amount)):
            form.addRow(buddy_label(label, widget), widget)
            widget.textChanged.connect(self._sync)
        return form

    def _grid(self) -> QTableWidget:
        self.grid = QTableWidget(1, STATUS + 1)
        self.grid.setObjectName("eob_grid")
        self.grid.setHorizontalHeaderLabels([*pe.HEADERS, "Status"])
        for column, width in enumerate(WIDTHS):
            self.grid.setColumnWidth(column, width)
        self.grid.horizontalHeader().setSectionResizeMode(STATUS, QHeaderView.ResizeMode.Stretch)
        self.grid.setTabKeyNavigation(True)
        self._status_item(0)
        self.grid.itemChanged.connect(self._cell_changed)
        return self.grid

    def _status_item(self, row: int) -> QTableWidgetItem:
        item = QTableWidgetItem("")
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.grid.setItem(row, STATUS, item)
        return item

    @Slot(QTableWidgetItem)
    def _cell_changed(self, item: QTableWidgetItem) -> None:
        if item.column() >= STATUS:
            return
        p, row = self.presenter, item.row()
        p.set_cell(row, pe.COLUMNS[item.column()], item.text())
        p.fill_down_claim(row)
        self.grid.blockSignals(True)
        if p.rows[row].cells["claim"] and self.grid.item(row, 0) is None:
            self.grid.setItem(row, 0, QTableWidgetItem(p.rows[row].cells["claim"]))
        while self.grid.rowCount() < len(p.rows):
            self.grid.insertRow(self.grid.rowCount())
            self._status_item(self.grid.rowCount() - 1)
        self.grid.blockSignals(False)
        self._sync()

    @Slot()
    def _sync(self) -> None:
        if not hasattr(self, "grid"):
            return
        p = self.presenter
        p.payer, p.check_number = self.payer.text(), self.check.text()
        p.check_amount = self.amount.text()
        p.payment_date = parse_date(self.date.text()) or p.payment_date
        self.grid.blockSignals(True)
        for row in range(len(p.rows)):
            text = p.row_status(row)
            item = self.grid.item(row, STATUS) or self._status_item(row)
            item.setText(text or ("" if p.rows[row].blank else "balanced"))
            item.setForeground(QColor("#8a1c1c" if text else "#1b5e20"))
        self.grid.blockSignals(False)
        ready = p.can_post and not self.busy
        self.preview_button.setEnabled(ready)
        self.post_button.setEnabled(ready)

    def run(self, dry_run: bool) -> None:
        """Preview (a dry run of the posting) or post the keyed EOB."""
        if self.busy:
            return
        self._sync()
        problems = self.presenter.problems()
        if problems:
            self._show(problems)
            return
        self.busy = True
        self._sync()
        eob = self.presenter.eob()
        jobs.run_op(self, lambda: paper_eob.post_paper_eob(self.db, eob, dry_run,
                                                           source="Paper EOB"),
                    on_success=lambda out: self._done(out, dry_run),
                    on_failure=self._failed)

    def _show(self, problems: list[Problem]) -> None:
        self.banner.setText("Nothing was posted:\n" + "\n".join(x.message for x in problems))
        self.banner.show()

    def _done(self, outcome: tuple[PostingSummary, Any], dry_run: bool) -> None:
        self.busy = False
        summary, changes = outcome
        self.summary = summary
        self.banner.hide()
        held = f", {len(summary.held)} held (possible duplicate?)" if summary.held else ""
        head = "Preview (nothing posted)" if dry_run else "Posted"
        self.result_label.setText(
            f"{head}: {summary.claims_matched} claim(s), paid {format_money(summary.paid)}, "
            f"adjusted {format_money(summary.adjusted)}, patient "
            f"{format_money(summary.patient_responsibility)}, {summary.denials} denial(s), "
            f"{summary.exceptions} unmatched{held}.")
        self._sync()
        if not dry_run:
            self.bus.publish(changes)
            self.accept()

    def _failed(self, exc: BaseException) -> bool:
        self.busy = False
        self._sync()
        if isinstance(exc, ValidationFailed):
            self._show(exc.problems)
            return True
        self.banner.setText("Nothing was posted. What you keyed is still here.")
        self.banner.show()
        return False

    def done(self, result: int) -> None:
        ui_state.save_geometry(self, "paper_eob_dialog")
        super().done(result)
