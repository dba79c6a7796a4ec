"""The code look-up panel: search-as-you-type over every code system, with a detail pane."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.services import codes
from app.ui.codes.jobs import IMPORT_KINDS, JobOutcome, JobRunner, build_index_work, import_work
from app.ui.dialogs import files as file_dialogs

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
SYSTEM_LABELS = {"icd10cm": "ICD-10-CM", "hcpcs": "HCPCS", "cpt": "CPT"}
NOTE_TITLES = (
    ("inclusion", "Inclusion terms"), ("includes", "Includes"), ("excludes1", "Excludes1"),
    ("excludes2", "Excludes2"), ("code_first", "Code first"),
    ("use_additional", "Use additional code"), ("code_also", "Code also"), ("notes", "Notes"),
    ("seventh_note", "7th character note"),
)
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    align: Qt.AlignmentFlag
    text: Callable[[codes.CodeHit], str]


def _billable_text(hit: codes.CodeHit) -> str:
    if hit.billable:
        return "Yes"
    if hit.billable_children:
        return f"No ({hit.billable_children} below)"
    return "No"


COLUMNS = (
    Column("code", "Code", Qt.AlignmentFlag.AlignLeft, lambda h: h.code),
    Column("description", "Description", Qt.AlignmentFlag.AlignLeft,
           lambda h: h.description + (f"  [{h.matched_term}]" if h.matched_term else "")),
    Column("billable", "Billable", Qt.AlignmentFlag.AlignLeft, _billable_text),
    Column("system", "System", Qt.AlignmentFlag.AlignLeft,
           lambda h: SYSTEM_LABELS.get(h.system, h.system)),
)


class CodeHitModel(QAbstractTableModel):
    """Read-only table over one list of search hits (search results are capped, so no paging)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hits: list[codes.CodeHit] = []

    def set_hits(self, hits: Sequence[codes.CodeHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> codes.CodeHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit, column = self._hits[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(hit)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.key == "description":
            return hit.description
        if role in (Qt.ItemDataRole.UserRole, CODE_ROLE):
            return hit.code
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section].header
        return None


def detail_html(detail: codes.CodeDetail | None) -> str:
    """The detail pane's HTML for one code (escaped)."""
    if detail is None:
        return "<p>Select a code to see its details.</p>"
    esc = html.escape
    parts = [f"<h3>{esc(detail.code)} &mdash; {esc(detail.description)}</h3>"]
    billable = "yes" if detail.billable else "no"
    if not detail.billable and detail.billable_children:
        billable += f" ({detail.billable_children} billable codes below)"
    parts.append(f"<p><b>{SYSTEM_LABELS.get(detail.system, detail.system)}</b> &middot; "
                 f"{esc(detail.kind)} &middot; billable: <b>{billable}</b></p>")
    if detail.short_description:
        parts.append(f"<p>Short description: {esc(detail.short_description)}</p>")
    if detail.parents:
        chain = " &rsaquo; ".join(f"{esc(c)} {esc(d)}" for c, d in detail.parents)
        parts.append(f"<p><b>In:</b> {chain}</p>")
    for key, title in NOTE_TITLES:
        texts = detail.notes.get(key)
        if texts:
            items = "".join(f"<li>{esc(t)}</li>" for t in texts)
            parts.append(f"<p><b>{title}</b></p><ul>{items}</ul>")
    if detail.seventh:
        rows = "".join(f"<tr><td><b>{esc(s.char)}</b></td><td>{esc(s.meaning)}</td></tr>"
                       for s in detail.seventh)
        parts.append(f"<p><b>7th character</b> (from {esc(detail.seventh_from)}; pad short "
                     f"codes with placeholder X)</p><table cellspacing='4'>{rows}</table>")
    if detail.valid_from or detail.valid_to:
        parts.append(f"<p>Valid for dates of service {detail.valid_from or '&mdash;'} to "
                     f"{detail.valid_to or 'open'}</p>")
    return "".join(parts)


class CodeLookupWidget(QWidget):
    """Search box, system filter, billable-only box, results table and detail pane.

    Signals:
        code_chosen(system, code): the user pressed Enter or double-clicked a result.
    """

    code_chosen = Signal(str, str)
    SEARCH_DELAY_MS = 150
    LIMIT = 100

    def __init__(self, codes_service_db: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = codes_service_db
        self.cpt_provider: codes.CptProvider | None = None
        self.practice_db: object | None = None
        self.runner = JobRunner(self)
        self.runner.done.connect(self._on_job_done)
        self._timer = QTimer(self, singleShot=True, interval=self.SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self._build_ui()
        self.refresh_status()

    def _build_ui(self) -> None:
        self.search_edit = QLineEdit(placeholderText="Code or words: E11.65, diab typ 2, UTI")
        self.search_edit.setClearButtonEnabled(True)
        self.system_combo = QComboBox()
        for key, label in (("all", "All systems"), ("icd10cm", "ICD-10-CM"),
                           ("hcpcs", "HCPCS"), ("cpt", "CPT")):
            self.system_combo.addItem(label, key)
        self.billable_check = QCheckBox("Billable only")
        self.status_label = QLabel()
        self.build_button = QPushButton("Build ICD-10-CM index")
        self.import_button = QPushButton("Import...")
        menu = QMenu(self.import_button)
        for kind, (title, _pattern) in IMPORT_KINDS.items():
            action = menu.addAction(title.removeprefix("Import ").capitalize() + "...")
            action.setObjectName(f"import_{kind}")
            action.triggered.connect(lambda _checked=False, k=kind: self.import_files(k))
        self.import_button.setMenu(menu)
        self.model = CodeHitModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.detail = QTextBrowser()
        self.detail.setHtml(detail_html(None))
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.system_combo)
        top.addWidget(self.billable_check)
        banner = QHBoxLayout()
        banner.addWidget(self.status_label, 1)
        banner.addWidget(self.build_button)
        banner.addWidget(self.import_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(banner)
        layout.addWidget(splitter, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(self._timer.start)
        self.search_edit.returnPressed.connect(self._choose_current)
        self.system_combo.currentIndexChanged.connect(self.run_search)
        self.billable_check.toggled.connect(self.run_search)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.table.doubleClicked.connect(self._choose_current)
        self.build_button.clicked.connect(self.build_index)

    def set_practice_db(self, db: object) -> None:
        """The practice database the fee schedule and contract imports go to."""
        self.practice_db = db

    def set_cpt_provider(self, provider: codes.CptProvider | None) -> None:
        """Merge CPT codes from the practice fee schedule into the results."""
        self.cpt_provider = provider
        self.run_search()

    @Slot()
    def refresh_status(self) -> None:
        info = codes.status(db=self.db)
        if info.icd_ready:
            self.status_label.setText(f"{info.icd_release}; HCPCS: {info.hcpcs_codes:,} codes")
        else:
            self.status_label.setText("The ICD-10-CM index is not built yet.")
        self.build_button.setVisible(not info.icd_ready)

    @Slot()
    def run_search(self) -> None:
        self._timer.stop()
        hits = codes.search(self.search_edit.text(), system=self.system_combo.currentData(),
                            billable_only=self.billable_check.isChecked(), limit=self.LIMIT,
                            extra_cpt=self.cpt_provider, db=self.db)
        self.model.set_hits(hits)
        if hits:
            self.table.selectRow(0)
        else:
            self.detail.setHtml(detail_html(None))

    @Slot(QModelIndex, QModelIndex)
    def _show_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = self.model.hit(current.row())
        if hit is None:
            self.detail.setHtml(detail_html(None))
        elif hit.system == "cpt":
            self.detail.setHtml(f"<h3>{html.escape(hit.code)} &mdash; "
                                f"{html.escape(hit.description)}</h3><p>CPT code from the "
                                "practice fee schedule. CPT is a registered trademark of the "
                                "American Medical Association.</p>")
        else:
            self.detail.setHtml(detail_html(codes.show(hit.code, system=hit.system, db=self.db)))

    @Slot()
    def _choose_current(self) -> None:
        hit = self.model.hit(self.table.currentIndex().row())
        if hit is not None:
            self.code_chosen.emit(hit.system, hit.code)

    @Slot()
    def build_index(self) -> None:
        if not self.runner.busy:
            self.runner.start("Building the ICD-10-CM index", build_index_work(self.db))

    def import_files(self, kind: str, files: Sequence[Path] | None = None) -> None:
        """Import CMS files of one kind (``hcpcs``, ``ncci_ptp``, ``mue``); asks when no files."""
        title, pattern = IMPORT_KINDS[kind]
        if files is None:
            if kind == "ncci_ptp":
                files = file_dialogs.ask_open_paths(self, title, Path(), pattern)
            else:
                one = file_dialogs.ask_open_path(self, title, Path(), pattern)
                files = [one] if one else []
        if files and not self.runner.busy:
            self.runner.start(title, import_work(kind, list(files), self.db, self.practice_db))

    @Slot(object)
    def _on_job_done(self, outcome: JobOutcome) -> None:
        self.refresh_status()
        if outcome.ok:
            self.run_search()
