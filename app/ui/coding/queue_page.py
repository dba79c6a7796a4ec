"""The coding page: the work queue and provider queries, and the coding view of one visit.

Enter on a queue row opens the visit; Alt+Left (or marking it coded) returns to the queue
with the next visit selected. Leaving unsaved codes asks first.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services import encounters, settings
from app.ui import actions, errors
from app.ui.changes import ChangeBus
from app.ui.coding import coding_dialogs
from app.ui.coding.editor_view import EncounterCodingView
from app.ui.coding.queries_panel import QueriesPanel
from app.ui.coding.queue_model import COLUMNS, FILTERS, CodingQueueModel
from app.ui.widgets.fields import buddy_label
from app.ui.widgets.page import Page
from app.ui.widgets.table import DataTable

SEARCH_DELAY_MS = 150
__all__ = ["COLUMNS", "CodingQueuePage"]  # COLUMNS: the queue columns (also for small lists)


class WorkQueuePanel(QWidget):
    """Filters over the SQL-paged queue table."""

    def __init__(self, db: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("coding_search")
        self.search.setPlaceholderText("Patient: last name[, first] · account · DOB  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("coding_status_filter")
        for label, statuses in FILTERS:
            self.status_filter.addItem(label, statuses)
        self.provider_filter = QComboBox()
        self.provider_filter.setObjectName("coding_provider_filter")
        self.provider_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.count_label = QLabel()
        self.model = CodingQueueModel(db, self)
        self.table = DataTable("coding_queue", self)
        self.table.setObjectName("coding_queue_table")
        self.table.set_model(self.model, self.model.columns)
        self.table.enable_sorting(self.model.sort_column(), Qt.SortOrder.AscendingOrder)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(buddy_label("&Status:", self.status_filter))
        bar.addWidget(self.status_filter)
        bar.addWidget(buddy_label("Pro&vider:", self.provider_filter))
        bar.addWidget(self.provider_filter)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.setFocusProxy(self.table)

    def fill_providers(self, db: Any) -> None:
        keep = self.provider_filter.currentData()
        self.provider_filter.blockSignals(True)
        self.provider_filter.clear()
        self.provider_filter.addItem("All providers", None)
        for provider in settings.list_providers(db, "rendering"):
            self.provider_filter.addItem(provider.display_name, provider.id)
        self.provider_filter.setCurrentIndex(max(self.provider_filter.findData(keep), 0))
        self.provider_filter.blockSignals(False)

    def reload(self, keep: int | None) -> None:
        f = self.model.filter
        f.statuses = tuple(self.status_filter.currentData() or ())
        f.search = self.search.text()
        f.provider_id = self.provider_filter.currentData()
        self.model.reload()
        count = self.model.rowCount()
        self.count_label.setText(f"{count:,} visit{'s' if count != 1 else ''}")
        row = self.model.row_of_id(keep) if keep is not None else -1
        self.table.select_row(row if row >= 0 else 0)


class CodingQueuePage(Page):
    title = "Coding"
    watches = ("encounters", "codes", "patients", "settings", "charges")

    def __init__(self, db: Any, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(db, bus, parent)
        self.queue = WorkQueuePanel(db)
        self.queries = QueriesPanel(db, bus)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("coding_tabs")
        self.tabs.addTab(self.queue, "&Work queue")
        self.tabs.addTab(self.queries, "Provider &queries")
        self.view = EncounterCodingView(db, bus)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.stack)
        self.timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.reload_queue)
        self._connect()

    def _connect(self) -> None:
        q = self.queue
        q.search.textChanged.connect(self.timer.start)
        q.search.returnPressed.connect(lambda: q.table.setFocus())
        q.status_filter.currentIndexChanged.connect(self.reload_queue)
        q.provider_filter.currentIndexChanged.connect(self.reload_queue)
        q.table.activated.connect(self._activated)
        q.table.horizontalHeader().sortIndicatorChanged.connect(self._sorted)
        self.queries.open_visit.connect(self.open_encounter)
        self.view.leave.connect(self.show_queue)
        self.view.coded.connect(self._coded)
        actions.make_action(self.tabs, "coding_switch_tab", self.switch_tab, widget_scope=True)

    # queue --------------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        super().refresh()
        self.queue.fill_providers(self.db)
        self.queue.reload(self.queue.table.current_id())
        self.queries.refresh()
        if self.stack.currentWidget() is self.view and not self.view.has_unsaved() \
                and self.view.encounter_id is not None:
            self.view.load(encounters.get(self.db, self.view.encounter_id))

    @Slot()
    def reload_queue(self) -> None:
        self.timer.stop()
        self.queue.reload(self.queue.table.current_id())

    @Slot(int, Qt.SortOrder)
    def _sorted(self, column: int, order: Qt.SortOrder) -> None:
        header = self.queue.table.horizontalHeader()
        model = self.queue.model
        if not model.is_sortable(column):
            header.blockSignals(True)
            header.setSortIndicator(model.sort_column(), Qt.SortOrder.DescendingOrder
                                    if model.descending else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)

    @Slot()
    def switch_tab(self) -> None:
        self.tabs.setCurrentIndex(1 - self.tabs.currentIndex())
        self.tabs.currentWidget().setFocus()

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_encounter(self.queue.model.id_at(index.row()))

    # the coding view ----------------------------------------------------------------------
    @Slot(int)
    def open_encounter(self, encounter_id: int) -> bool:
        if not self.view.open_encounter(encounter_id):
            return False
        self.stack.setCurrentWidget(self.view)
        self.view.focus_dx()
        return True

    @Slot()
    def show_queue(self) -> None:
        current = self.view.encounter_id
        self.stack.setCurrentWidget(self.tabs)
        if self.stale:
            self.refresh()
        row = self.queue.model.row_of_id(current) if current is not None else -1
        if row >= 0:
            self.queue.table.select_row(row)
        self.tabs.currentWidget().setFocus()

    @Slot(int)
    def _coded(self, encounter_id: int) -> None:
        """Back to the queue on the visit after the one just coded."""
        ids = self.queue.model.ids()
        following = ids[ids.index(encounter_id) + 1:] if encounter_id in ids else []
        self.stack.setCurrentWidget(self.tabs)
        self.refresh()
        target = next((i for i in following if self.queue.model.row_of_id(i) >= 0), None)
        self.queue.table.select_row(self.queue.model.row_of_id(target) if target else 0)
        self.queue.table.setFocus()

    def has_unsaved(self) -> bool:
        return self.view.has_unsaved()

    def confirm_close(self) -> bool:
        """Closing the window: save, discard or keep editing the open visit."""
        if not self.view.has_unsaved():
            return True
        answer = coding_dialogs.ask_save(self, "the open visit")
        if answer == coding_dialogs.SAVE:
            try:
                self.view.load(encounters.save(self.db, self.view.editor.save_data())[0])
            except Exception as exc:  # noqa: BLE001 - shown; the window stays open
                errors.show_error(self, exc)
                return False
        return answer != coding_dialogs.CANCEL

    def focus_search(self) -> None:
        if self.stack.currentWidget() is self.view:
            self.view.focus_dx()
            return
        self.tabs.setCurrentIndex(0)
        self.queue.search.setFocus()
        self.queue.search.selectAll()

    def save_state(self) -> None:
        self.queue.table.save_state()
        self.queries.table.save_state()
        self.view.save_state()
