"""A code box with a search-as-you-type popup that never takes the keyboard focus.

Typing searches (debounced); Down/Up move in the popup, Enter picks, Escape closes it. Enter
without a highlighted row picks the hit whose code equals what was typed, so a coder who
knows the code just types it and presses Enter.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QWidget

from app.domain.codes import CodeHit
from app.ui.codes.code_lookup import CodeHitModel

Search = Callable[[str], list[CodeHit]]
SEARCH_DELAY_MS = 150
POPUP_ROWS = 10


def _bare(code: str) -> str:
    return code.replace(".", "").strip().upper()


class CodePopup(QTableView):
    """The results list, shown over the page under its code box."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("code_popup")
        self.hits = CodeHitModel(self)
        self.setModel(self.hits)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.horizontalHeader()
        header.hide()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.setColumnHidden(3, True)
        self.setStyleSheet("QTableView#code_popup { border: 1px solid #5b7fa6; "
                           "background: white; }")
        self.hide()

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def move(self, delta: int) -> None:  # type: ignore[override]
        count = self.hits.rowCount()
        if count:
            row = max(0, min(count - 1, self.current_row() + delta))
            self.selectRow(row)
            self.scrollTo(self.hits.index(row, 0))


class CodeEntry(QLineEdit):
    """The code box. ``chosen`` carries the picked hit."""

    chosen = Signal(object)  # CodeHit

    def __init__(self, search: Search, host: QWidget, placeholder: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_fn = search
        self.host = host
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.popup = CodePopup(host)
        self.popup.clicked.connect(lambda index: self._choose(index.row()))
        self.timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.textEdited.connect(lambda _text: self.timer.start())
        host.installEventFilter(self)

    @Slot()
    def run_search(self) -> None:
        self.timer.stop()
        text = self.text().strip()
        hits = self.search_fn(text) if text else []
        self.popup.hits.set_hits(hits)
        self.popup.clearSelection()
        self.popup.setCurrentIndex(self.popup.hits.index(-1, -1))
        if hits and self.hasFocus():
            self._show_popup()
        else:
            self.popup.hide()

    def _show_popup(self) -> None:
        rows = min(POPUP_ROWS, self.popup.hits.rowCount())
        height = rows * self.popup.verticalHeader().defaultSectionSize() + 4
        width = max(self.width(), 560)
        below = self.mapTo(self.host, QPoint(0, self.height()))
        y = below.y() if below.y() + height <= self.host.height() \
            else self.mapTo(self.host, QPoint(0, 0)).y() - height
        x = min(below.x(), max(0, self.host.width() - width))
        self.popup.setGeometry(x, max(0, y), width, height)
        self.popup.show()
        self.popup.raise_()

    def hide_popup(self) -> None:
        self.timer.stop()
        self.popup.hide()

    def _choose(self, row: int) -> None:
        hit = self.popup.hits.hit(row)
        if hit is not None:
            self.hide_popup()
            self.chosen.emit(hit)

    def _enter(self) -> None:
        if self.timer.isActive() or not self.popup.hits.rowCount():
            self.run_search()
        if self.popup.isVisible() and self.popup.current_row() >= 0:
            self._choose(self.popup.current_row())
            return
        typed = _bare(self.text())
        hits = [self.popup.hits.hit(r) for r in range(self.popup.hits.rowCount())]
        exact = [i for i, h in enumerate(hits) if h is not None and _bare(h.code) == typed]
        if exact:
            self._choose(exact[0])
        elif len(hits) == 1:
            self._choose(0)
        elif hits:
            self._show_popup()
            self.popup.move(1)
        elif typed:
            self.hide_popup()
            self.chosen.emit(CodeHit(system="", code=self.text().strip().upper(),
                                     description="", billable=True, match="typed"))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        visible = self.popup.isVisible()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip():
            self._enter()
            return
        if key == Qt.Key.Key_Escape and visible:
            self.hide_popup()
            return
        moves = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: POPUP_ROWS,
                 Qt.Key.Key_PageUp: -POPUP_ROWS}
        if key in moves and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            if not visible and self.text().strip():
                self.run_search()
            if self.popup.isVisible():
                self.popup.move(moves[key] if self.popup.current_row() >= 0 or moves[key] > 0
                                else 0)
                return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QEvent) -> None:  # type: ignore[override]  # noqa: N802
        self.hide_popup()
        super().focusOutEvent(event)  # type: ignore[arg-type]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.host and event.type() == QEvent.Type.Resize:
            self.popup.hide()
        return False
