"""Provider queries: the list (open first), recording answers, printing to PDF."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QSizeF, Signal, Slot
from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app import paths
from app.domain.errors import UserError
from app.services import coding, encounters
from app.ui import actions, dialogs, errors, jobs, ui_state
from app.ui.changes import ChangeBus
from app.ui.coding.coding_dialogs import AnswerDialog
from app.ui.models.columns import Column, date_column
from app.ui.models.table_model import RowTableModel
from app.ui.widgets.table import DataTable


@dataclass(frozen=True)
class QueryRow:
    """A provider query with its visit."""

    id: int
    encounter_id: int
    asked_at: str
    date_of_service: Any
    patient: str
    provider: str
    question: str
    choices: str
    status: str
    answer: str
    query: encounters.ProviderQuery


COLUMNS = [
    Column("asked_at", "Asked", 118),
    date_column("date_of_service", "DOS", 84),
    Column("patient", "Patient", 170),
    Column("provider", "Provider", 110),
    Column("question", "Question", 300),
    Column("choices", "Choices", 160),
    Column("status", "Status", 74, formatter=lambda s: "Open" if s == "open" else "Answered"),
    Column("answer", "Answer", 200),
]


def query_rows(db: Any, open_only: bool) -> list[QueryRow]:
    found = encounters.queries(db, open_only=open_only)
    visits = {r.id: r for r in coding.queue_rows(db, sorted({q.encounter_id for q in found}))}
    rows = []
    for q in found:
        visit = visits.get(q.encounter_id)
        rows.append(QueryRow(
            q.id, q.encounter_id, q.asked_at, visit.date_of_service if visit else None,
            visit.patient if visit else "?", visit.provider if visit else "?", q.question,
            " / ".join(q.choices), q.status, q.answer, q))
    return sorted(rows, key=lambda r: (r.status != "open", -r.id))


def queries_html(rows: list[QueryRow]) -> str:
    """Printable queries: one block per query with choices to tick and room to answer."""
    esc = html.escape
    parts = ["<h2>Provider queries</h2>"]
    for r in rows:
        dos = f"{r.date_of_service:%m/%d/%Y}" if r.date_of_service else ""
        choices = "".join(f"<li>&#9744; {esc(c)}</li>" for c in r.query.choices)
        answer = esc(r.answer) if r.answer else "<br>" + "_" * 70
        parts.append(
            f"<hr><p><b>{esc(r.patient)}</b> &middot; DOS {dos} &middot; {esc(r.provider)}"
            f" &middot; asked {esc(r.asked_at)}</p><p><b>Question:</b> {esc(r.question)}</p>"
            + (f"<ul>{choices}</ul>" if choices else "")
            + f"<p><b>Answer:</b> {answer}</p><p>Provider signature / date: "
            + "_" * 40 + "</p>")
    return "".join(parts)


def write_pdf(rows: list[QueryRow], path: Path) -> Path:
    """Render the queries to a Letter-size PDF."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    writer.setResolution(96)
    document = QTextDocument()
    document.setHtml(queries_html(rows))
    page = writer.pageLayout().paintRectPixels(writer.resolution()).size()
    document.setPageSize(QSizeF(page))
    document.print_(writer)
    return path


class QueriesPanel(QWidget):
    """All provider queries; Enter opens the visit, Ctrl+Shift+A records the answer."""

    open_visit = Signal(int)

    def __init__(self, db: Any, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.dialog: AnswerDialog | None = None
        self.open_only = QCheckBox("&Open queries only")
        self.open_only.setObjectName("queries_open_only")
        self.open_only.toggled.connect(self.refresh)
        self.count_label = QLabel()
        self.model = RowTableModel(COLUMNS, self)
        self.table = DataTable("coding_queries", self)
        self.table.setObjectName("queries_table")
        self.table.set_model(self.model, COLUMNS)
        self.table.activated.connect(self._activated)
        bar = QHBoxLayout()
        bar.addWidget(self.open_only)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        for name, slot in (("coding_answer", self.record_answer),
                           ("coding_print_queries", self.print_queries)):
            action = actions.make_action(self, name, slot, widget_scope=True)
            button = QPushButton(action.text())
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.setFocusProxy(self.table)

    @Slot()
    def refresh(self) -> None:
        keep = self.table.current_id()
        rows = query_rows(self.db, self.open_only.isChecked())
        self.model.set_rows(rows)
        self.count_label.setText(f"{sum(r.status == 'open' for r in rows)} open")
        row = self.model.row_of_id(keep) if keep is not None else -1
        self.table.select_row(max(row, 0))

    def current(self) -> QueryRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_visit.emit(self.model.row_at(index.row()).encounter_id)

    @Slot()
    def record_answer(self) -> None:
        row = self.current()
        if row is None or row.status != "open":
            errors.show_error(self, UserError("Select an open query first."))
            return
        visit = f"{row.patient} · DOS {row.date_of_service:%m/%d/%Y}"
        dialog = AnswerDialog(self, row.query, visit)
        dialog.accepted.connect(lambda: self._answer(row.id, dialog.value()))
        self.dialog = dialog
        dialog.open()

    def _answer(self, query_id: int, answer: str) -> None:
        jobs.run_op(self, lambda: encounters.answer_query(self.db, query_id, answer),
                    on_success=lambda result: self.bus.publish(result[1]))

    @Slot()
    def print_queries(self) -> None:
        """Print the listed queries (or only the selected one) to a PDF file."""
        rows = self.model.rows()
        if not rows:
            return
        folder = Path(ui_state.last_folder("queries", str(paths.exports_dir())))
        path = dialogs.ask_save_path(self, "Print provider queries",
                                     folder / "provider-queries.pdf", "PDF (*.pdf)")
        if path is None:
            return
        ui_state.set_last_folder("queries", str(path.parent))
        write_pdf(rows, path)
        dialogs.inform(self, "Provider queries", f"Written to {path}")
