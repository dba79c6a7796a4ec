"""The statement run: filters, a preview table of the run with totals, PDF, final run, CSV.

The final run is confirmed and recorded in each patient's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import paths
from app.domain.errors import Problem, ValidationFailed
from app.domain.money import format_money
from app.domain.statements import StatementData
from app.services import printing, statements
from app.services.statements import RunOptions
from app.ui import dialogs, errors, jobs, ui_state
from app.ui.changes import ChangeBus
from app.ui.models.columns import ALIGN_RIGHT, Column, money_column
from app.ui.models.table_model import RowTableModel
from app.ui.presenters.form_values import ConversionError, Kind, from_text
from app.ui.printing.claim_printing import ClaimPrinter, new_pdf
from app.ui.widgets.fields import buddy_label, money_line
from app.ui.widgets.table import DataTable

BUCKETS = {0: "Current", 31: "31-60 days", 61: "61-90 days", 91: "91-120 days",
           121: "Over 120 days"}


@dataclass(frozen=True)
class StatementRow:
    """One statement of the run."""

    id: int
    guarantor: str
    account_number: str
    visits: int
    amount_due: Decimal
    oldest: str


COLUMNS: list[Column] = [
    Column("guarantor", "Guarantor", 220),
    Column("account_number", "Account", 100),
    Column("visits", "Lines", 60, ALIGN_RIGHT),
    money_column("amount_due", "Amount due", 100),
    Column("oldest", "Oldest bucket", 120),
]


def statement_rows(run: list[StatementData]) -> list[StatementRow]:
    return [StatementRow(id=n, guarantor=s.guarantor_name, account_number=s.account_number,
                         visits=len(s.lines), amount_due=s.amount_due,
                         oldest=BUCKETS.get(s.aging.oldest_days, f"{s.aging.oldest_days}+ days"))
            for n, s in enumerate(run)]


class StatementRunView(QWidget):
    message = Signal(str)
    previewed = Signal()

    def __init__(self, db: Any, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.run: list[StatementData] = []
        self.statement_date = QDateEdit(QDate.currentDate())
        self.statement_date.setObjectName("statement_date")
        self.statement_date.setCalendarPopup(True)
        self.statement_date.setDisplayFormat("MM/dd/yyyy")
        self.min_balance: QLineEdit = money_line()
        self.min_balance.setObjectName("statement_min_balance")
        self.min_balance.setText("5.00")
        self.due_days = QSpinBox()
        self.due_days.setObjectName("statement_due_days")
        self.due_days.setRange(0, 120)
        self.due_days.setValue(30)
        self.model = RowTableModel(COLUMNS, self)
        self.table = DataTable("statement_run", self)
        self.table.setObjectName("statement_table")
        self.table.set_model(self.model, COLUMNS)
        self.totals = QLabel("Choose the filters and preview the run.")
        self.totals.setObjectName("statement_totals")
        self.printer = ClaimPrinter(self, db, bus)  # opens the PDF previews
        self.buttons: dict[str, QPushButton] = {}
        self._build_layout()
        self.min_balance.returnPressed.connect(self.preview_run)

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        self.buttons[name] = button
        return button

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        for label, widget in (("Statement &date:", self.statement_date),
                              ("&Minimum balance:", self.min_balance),
                              ("Due in (da&ys):", self.due_days)):
            bar.addWidget(buddy_label(label, widget))
            bar.addWidget(widget)
            bar.addSpacing(10)
        bar.addWidget(self._button("Pre&view run", "statement_preview_run", self.preview_run))
        bar.addStretch(1)
        out = QHBoxLayout()
        out.addWidget(self.totals, 1)
        out.addWidget(self._button("Preview P&DF", "statement_preview_pdf", self.preview_pdf))
        out.addWidget(self._button("Save &CSV...", "statement_csv", self.save_csv))
        out.addWidget(self._button("&Final run...", "statement_final", self.final_run))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(out)
        self._enable_outputs()

    def _enable_outputs(self) -> None:
        for name in ("statement_preview_pdf", "statement_csv", "statement_final"):
            self.buttons[name].setEnabled(bool(self.run))

    def options(self) -> RunOptions:
        """The run's filters (raises ValidationFailed for an unreadable minimum)."""
        try:
            minimum = from_text(Kind.MONEY, self.min_balance.text())
        except ConversionError as exc:
            raise ValidationFailed([Problem("Statement run", "min_balance", str(exc))]) from None
        qdate = self.statement_date.date()
        return RunOptions(statement_date=date(qdate.year(), qdate.month(), qdate.day()),
                          min_balance=minimum, due_days=self.due_days.value())

    def _options_or_error(self) -> RunOptions | None:
        try:
            return self.options()
        except ValidationFailed as exc:
            errors.show_error(self, exc)
            return None

    @Slot()
    def preview_run(self) -> None:
        opts = self._options_or_error()
        if opts is not None:
            jobs.run_op(self, lambda: statements.preview(self.db, opts),
                        on_success=self._show_run)

    def _show_run(self, run: list[StatementData]) -> None:
        self.run = run
        self.model.set_rows(statement_rows(run))
        total = sum((s.amount_due for s in run), Decimal("0.00"))
        self.totals.setText(f"{len(run):,} statement{'s' if len(run) != 1 else ''}  ·  "
                            f"total due {format_money(total)}")
        self._enable_outputs()
        self.previewed.emit()

    def total_due(self) -> Decimal:
        return sum((r.amount_due for r in self.model.rows()), Decimal("0.00"))

    @Slot()
    def preview_pdf(self) -> None:
        opts = self._options_or_error()
        if opts is None:
            return
        out = new_pdf("statements")
        jobs.run_long(self, lambda p, c: printing.print_statements(
            self.db, out, opts, progress=p, cancel=c), label="Rendering statements...",
            on_success=lambda _r: self.printer.open_preview(
                out, "Statements preview (nothing recorded)",
                f"statements-{opts.statement_date:%Y%m%d}-preview.pdf"))

    def _ask(self, title: str, name: str, file_filter: str) -> Path | None:
        folder = Path(ui_state.last_folder("statements", str(paths.exports_dir())))
        path = dialogs.ask_save_path(self, title, folder / name, file_filter)
        if path is not None:
            ui_state.set_last_folder("statements", str(path.parent))
        return path

    @Slot()
    def final_run(self) -> None:
        opts = self._options_or_error()
        if opts is None or not self.run or not dialogs.confirm(
                self, "Final statement run",
                f"Record {len(self.run)} statement(s) dated {opts.statement_date:%m/%d/%Y} in "
                "the patients' history and write the PDF to mail?", yes="Run and record"):
            return
        out = self._ask("Save the statements to mail", f"statements-{opts.statement_date:%Y%m%d}"
                        ".pdf", "PDF (*.pdf)")
        if out is not None:
            jobs.run_long(self, lambda p, c: printing.print_statements(
                self.db, out, opts, final=True, progress=p, cancel=c),
                label="Final statement run...", on_success=lambda r: self._final_done(r, out))

    def _final_done(self, result: tuple[int, int, Any], out: Path) -> None:
        count, pages, changes = result
        self.bus.publish(changes)
        self.message.emit(f"Final run recorded: {count} statement(s), {pages} page(s) in {out}")
        self.printer.open_preview(out, f"Statements: final run ({count})", out.name,
                                  temporary=False)  # the user's file: keep it
        self.preview_run()

    @Slot()
    def save_csv(self) -> None:
        opts = self._options_or_error()
        if opts is None or not self.run:
            return
        out = self._ask("Save the mailing list", f"statements-{opts.statement_date:%Y%m%d}.csv",
                        "CSV (*.csv)")
        if out is not None:
            run = list(self.run)
            jobs.run_op(self, lambda: statements.write_mailing_csv(run, out),
                        on_success=lambda n: self.message.emit(f"Wrote {n} row(s) to {out}"))

    def save_state(self) -> None:
        self.table.save_state()
