"""Report widgets shared by the batch and remittance screens.

``ProblemReport``: every validation problem (where, field, line, message) in a table, with a
"Copy report" button. ``FiguresView``: label/value rows (a batch result, a posting summary).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import Problem
from app.ui.batches.tip_model import TipTableModel
from app.ui.models.columns import Column
from app.ui.presenters.remit_reports import problem_report, problem_rows
from app.ui.widgets.table import DataTable

PROBLEM_COLUMNS: list[Column] = [
    Column("where", "Where", 150),
    Column("field", "Field", 150),
    Column("line", "Line", 50),
    Column("message", "Problem", 360),
]


class ProblemReport(QWidget):
    """A copyable list of problems under a headline."""

    def __init__(self, state_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headline = QLabel()
        self.headline.setObjectName("problem_headline")
        self.headline.setWordWrap(True)
        self.headline.setStyleSheet("color: #b00020; font-weight: 600;")
        self.model = TipTableModel(PROBLEM_COLUMNS, self)
        self.table = DataTable(state_key, self)
        self.table.setObjectName("problem_table")
        self.table.set_model(self.model, PROBLEM_COLUMNS)
        self.table.setWordWrap(True)
        self.copy_button = QPushButton("&Copy report")
        self.copy_button.setToolTip("Copy every problem to the clipboard (tab-separated)")
        self.copy_button.clicked.connect(self.copy)
        bar = QHBoxLayout()
        bar.addWidget(self.headline, 1)
        bar.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.problems: list[Problem] = []

    def show_problems(self, headline: str, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        self.headline.setText(headline)
        rows = problem_rows(problems)
        self.model.set_rows(rows)
        self.table.setColumnHidden(2, not any(r.line for r in rows))
        self.table.resizeRowsToContents()

    def report_text(self) -> str:
        return problem_report(self.problems, self.headline.text())

    @Slot()
    def copy(self) -> None:
        QApplication.clipboard().setText(self.report_text())

    def save_state(self) -> None:
        self.table.save_state()


class FiguresView(QWidget):
    """Label/value rows under a headline; values can be selected and copied."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headline = QLabel()
        self.headline.setObjectName("figures_headline")
        self.headline.setWordWrap(True)
        self.headline.setStyleSheet("font-weight: 600;")
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setVerticalSpacing(3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.headline)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.values: dict[str, str] = {}

    def show_figures(self, headline: str, rows: Sequence[tuple[str, str]]) -> None:
        self.headline.setText(headline)
        while self.form.rowCount():
            self.form.removeRow(0)
        self.values = dict(rows)
        for label, value in rows:
            text = QLabel(value)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setWordWrap(True)
            self.form.addRow(f"{label}:", text)
