"""File > Import visits...: choose an export, map its columns, preview, answer, import.

State lives in the Qt-free presenters (``app.ui.presenters.import_mapping`` and
``import_preview``); every read and the commit run off the GUI thread through
``app.ui.jobs``; the commit's ``Changes`` go on the change bus.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.intake import ImportDocument
from app.services import intake, intake_csv, intake_screens
from app.services.intake_plan import ImportPlan
from app.ui import jobs, ui_state
from app.ui.changes import ChangeBus
from app.ui.dialogs import files as file_dialogs
from app.ui.presenters.import_mapping import MappingPresenter
from app.ui.presenters.import_preview import PreviewPresenter

FILE_FILTER = ("EHR exports (*.csv *.tsv *.xlsx *.hl7 *.txt *.json *.ndjson);;"
               "All files (*)")


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _item(text: object) -> QTableWidgetItem:
    return QTableWidgetItem(str(text))


class ImportDialog(QDialog):
    """The three steps of an import: source, column mapping (CSV/Excel), preview."""

    def __init__(self, db: Any, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.source: Path | None = None
        self.doc: ImportDocument | None = None
        self.mapping: MappingPresenter | None = None
        self.preview: PreviewPresenter | None = None
        self.imported: intake.IntakeResult | None = None
        self._questions_of: PreviewPresenter | None = None  # whose questions the table shows
        self.setWindowTitle("Import visits - ClaimDesk")
        self.resize(1100, 640)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.source_label = QLabel("Choose an EHR export: a CSV or Excel file, HL7 messages "
                                   "or FHIR JSON, or a folder of them.")
        self.source_label.setWordWrap(True)
        file_button = QPushButton("Choose &file...")
        file_button.clicked.connect(self.choose_file)
        folder_button = QPushButton("Choose f&older...")
        folder_button.clicked.connect(self.choose_folder)
        top.addWidget(self.source_label, 1)
        top.addWidget(file_button)
        top.addWidget(folder_button)
        layout.addLayout(top)
        self.steps = QStackedWidget()
        self.steps.addWidget(QWidget())
        self.steps.addWidget(self._mapping_page())
        self.steps.addWidget(self._preview_page())
        layout.addWidget(self.steps, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_button = QPushButton("&Import")
        self.import_button.setObjectName("import_commit")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.commit)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)

    # pages ------------------------------------------------------------------------------
    def _mapping_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.mapping_status = QLabel()
        self.mapping_status.setObjectName("mapping_status")
        layout.addWidget(self.mapping_status)
        self.mapping_table = _table(["Column in the file", "Sample values", "ClaimDesk field"],
                                    "mapping_table")
        header = self.mapping_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.mapping_table.setColumnWidth(2, 280)
        layout.addWidget(self.mapping_table, 1)
        row = QHBoxLayout()
        label = QLabel("Save this mapping &as:")
        self.mapping_name = QLineEdit()
        self.mapping_name.setObjectName("mapping_name")
        label.setBuddy(self.mapping_name)
        self.mapping_name.textChanged.connect(lambda _t: self._mapping_checked())
        self.mapping_problems = QLabel()
        self.mapping_problems.setStyleSheet("color: #b00020;")
        self.preview_button = QPushButton("&Preview")
        self.preview_button.setObjectName("mapping_preview")
        self.preview_button.clicked.connect(self.preview_mapped)
        row.addWidget(label)
        row.addWidget(self.mapping_name)
        row.addWidget(self.mapping_problems, 1)
        row.addWidget(self.preview_button)
        layout.addLayout(row)
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        upper = QHBoxLayout()
        self.counts_table = _table(["What", "Count"], "preview_counts")
        rows = self.counts_table.verticalHeader()
        rows.setDefaultSectionSize(22)
        self.counts_table.setFixedSize(320, 10 * 22 + 30)
        self.counts_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.counts_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.updated_table = _table(["Updated patient", "Changed fields"], "preview_updated")
        upper.addWidget(self.counts_table)
        upper.addWidget(self.updated_table, 1)
        layout.addLayout(upper)
        layout.addWidget(QLabel("Possible matches (same name and birth date): is this the "
                                "existing patient?"))
        self.questions_table = _table(["Source", "Where", "Answer"], "preview_questions")
        layout.addWidget(self.questions_table, 1)
        layout.addWidget(QLabel("Problems"))
        self.problems_table = _table(["Severity", "Where", "Field", "What is wrong"],
                                     "preview_problems")
        layout.addWidget(self.problems_table, 1)
        self.summary = QLabel()
        self.summary.setObjectName("preview_summary")
        layout.addWidget(self.summary)
        return page

    # choosing the source ----------------------------------------------------------------
    @Slot()
    def choose_file(self) -> None:
        folder = Path(ui_state.last_folder("ehr_import", str(Path.home())))
        path = file_dialogs.ask_open_path(self, "Import visits from a file", folder, FILE_FILTER)
        if path is not None:
            ui_state.set_last_folder("ehr_import", str(path.parent))
            self.open_source(path)

    @Slot()
    def choose_folder(self) -> None:
        folder = Path(ui_state.last_folder("ehr_import", str(Path.home())))
        path = file_dialogs.ask_folder(self, "Import visits from a folder", folder)
        if path is not None:
            ui_state.set_last_folder("ehr_import", str(path))
            self.open_source(path)

    def open_source(self, path: Path) -> None:
        """Start over with ``path``: the mapping screen for CSV/Excel, else the preview."""
        self.source, self.doc, self.preview = path, None, None
        self.import_button.setEnabled(False)
        self.source_label.setText(f"Source: {path}")
        if intake_screens.needs_mapping(path):
            name = intake_screens.source_name(path)
            jobs.run_op(self, lambda: (intake_screens.file_columns(path),
                                       intake.load_mapping(self.db, name)),
                        on_success=lambda result: self._show_mapping(name, *result))
        else:
            self._read_and_preview(None)

    def _show_mapping(self, name: str, columns: intake_screens.FileColumns,
                      saved: dict[str, str] | None) -> None:
        mapping = saved or intake_csv.auto_mapping(columns.headers)
        self.mapping = MappingPresenter(columns, name, mapping, saved is not None)
        self.mapping_name.setText(name)
        self.mapping_status.setText(self.mapping.status())
        rows = self.mapping.rows()
        self.mapping_table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            self.mapping_table.setItem(i, 0, _item(row.column))
            self.mapping_table.setItem(i, 1, _item(row.samples))
            box = QComboBox()
            for field, label in MappingPresenter.choices():
                box.addItem(label, field)
            box.setCurrentIndex(max(0, box.findData(row.field)))
            box.currentIndexChanged.connect(
                lambda _i, column=row.column, b=box: self._field_chosen(column, b))
            self.mapping_table.setCellWidget(i, 2, box)
        self._mapping_checked()
        self.steps.setCurrentIndex(1)
        self.mapping_table.setFocus()

    def _field_chosen(self, column: str, box: QComboBox) -> None:
        assert self.mapping is not None
        self.mapping.set_field(column, str(box.currentData()))
        for i, row in enumerate(self.mapping.rows()):
            other = self.mapping_table.cellWidget(i, 2)
            if isinstance(other, QComboBox) and other is not box:
                other.blockSignals(True)
                other.setCurrentIndex(max(0, other.findData(row.field)))
                other.blockSignals(False)
        self._mapping_checked()

    def _mapping_checked(self) -> None:
        if self.mapping is None:
            return
        self.mapping.name = self.mapping_name.text()
        problems = self.mapping.problems()
        self.mapping_problems.setText(" ".join(problems))
        self.preview_button.setEnabled(not problems)

    @Slot()
    def preview_mapped(self) -> None:
        """Save the mapping under its name, then read the file with it and preview."""
        self._mapping_checked()
        if self.mapping is None or self.mapping.problems():
            return
        name, mapping = self.mapping_name.text().strip(), self.mapping.mapping()
        jobs.run_op(self, lambda: intake.save_mapping(self.db, name, mapping),
                    on_success=lambda _r: self._read_and_preview(mapping))

    # preview ----------------------------------------------------------------------------
    def _read_and_preview(self, mapping: dict[str, str] | None) -> None:
        source = self.source
        assert source is not None

        def work(_progress: Any, _cancel: Any) -> tuple[ImportDocument, ImportPlan, Any]:
            doc = intake.read_source(source, mapping=mapping)
            plan = intake.preview(self.db, doc)
            ids = {i for q in plan.questions for i in q.candidate_ids}
            return doc, plan, intake_screens.candidates(self.db, ids)

        jobs.run_long(self, work, label=f"Reading {source.name}...",
                      on_success=lambda result: self._show_preview(*result))

    def _show_preview(self, doc: ImportDocument, plan: ImportPlan, candidates: Any) -> None:
        self.doc = doc
        self.preview = PreviewPresenter(plan, candidates)
        self._fill_preview()
        self.steps.setCurrentIndex(2)

    def _fill_preview(self) -> None:
        p = self.preview
        assert p is not None
        counts = p.counts()
        self.counts_table.setRowCount(len(counts))
        for i, (label, number) in enumerate(counts):
            self.counts_table.setItem(i, 0, _item(label))
            item = _item(f"{number:,}")
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.counts_table.setItem(i, 1, item)
        updated = p.updated_rows()
        self.updated_table.setRowCount(len(updated))
        for i, (key, changed) in enumerate(updated):
            self.updated_table.setItem(i, 0, _item(key))
            self.updated_table.setItem(i, 1, _item(changed))
        if self._questions_of is not p or self.questions_table.rowCount() != len(p.questions):
            self._fill_questions()  # a new preview, or a question the answers brought up
        problems = p.problem_rows()
        self.problems_table.setRowCount(len(problems))
        for i, row in enumerate(problems):
            for col, text in enumerate((row.severity, row.where, row.field, row.message)):
                self.problems_table.setItem(i, col, _item(text))
        self.summary.setText(p.summary())
        self.import_button.setEnabled(p.can_import())

    def _fill_questions(self) -> None:
        p = self.preview
        assert p is not None
        rows = p.question_rows()
        self._questions_of = p
        self.questions_table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            self.questions_table.setItem(i, 0, _item(row.key))
            self.questions_table.setItem(i, 1, _item(row.source))
            box = QComboBox()
            box.addItem("(choose)", None)
            for value, label in row.choices:
                box.addItem(label, value)
            box.setCurrentIndex(max(0, box.findData(p.answer(row.key))))
            box.currentIndexChanged.connect(
                lambda _i, key=row.key, b=box: self.answer(key, b.currentData()))
            self.questions_table.setCellWidget(i, 2, box)

    def answer(self, key: str, choice: int | str | None) -> None:
        """The user's answer to a possible match: preview again with every answer."""
        p, doc = self.preview, self.doc
        assert p is not None and doc is not None
        p.set_answer(key, choice)
        answers = dict(p.answers)
        self.import_button.setEnabled(False)
        jobs.run_op(self, lambda: intake.preview(self.db, doc, answers),
                    on_success=self._previewed_again)

    def _previewed_again(self, plan: ImportPlan) -> None:
        assert self.preview is not None
        self.preview.update(plan)
        self._fill_preview()

    # import -----------------------------------------------------------------------------
    @Slot()
    def commit(self) -> None:
        """Import everything previewed, in one transaction, off the GUI thread."""
        p, doc = self.preview, self.doc
        if p is None or doc is None or not p.can_import():
            return
        answers = dict(p.answers)
        self.import_button.setEnabled(False)
        jobs.run_long(self, lambda progress, cancel: intake.commit(
                          self.db, doc, answers, progress=progress, cancel=cancel),
                      label="Importing...", on_success=self._imported,
                      on_failure=self._failed, on_cancel=self._cancelled)

    def _imported(self, outcome: tuple[intake.IntakeResult, Any]) -> None:
        result, changes = outcome
        self.bus.publish(changes)
        c = result.plan.counts()
        self.summary.setText(f"Imported: {c['new_patients']} new and {c['updated_patients']} "
                             f"updated patients, {c['new_visits']} new visits.")
        self.import_button.setEnabled(False)
        self.imported = result

    def _cancelled(self) -> None:
        self.summary.setText("Import cancelled; nothing was written.")
        if self.preview is not None:
            self.import_button.setEnabled(self.preview.can_import())

    def _failed(self, _exc: BaseException) -> bool:
        if self.preview is not None:
            self.import_button.setEnabled(self.preview.can_import())
        return False  # shown by the error hook
