"""The claim list's filter bar: status, payer, provider, DOS range, days left, errors."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from app.domain.claims import ClaimStatus
from app.services import settings
from app.services.claim_queries import ClaimFilter
from app.ui.presenters.billing_editor import status_label
from app.ui.presenters.form_values import ConversionError, parse_date
from app.ui.widgets.fields import buddy_label, date_line

DAYS_LEFT: list[tuple[str, int | None]] = [
    ("Any", None), ("Late (0 or less)", 0), ("15 or less", 15), ("30 or less", 30),
    ("60 or less", 60), ("90 or less", 90)]
ERRORS: list[tuple[str, bool | None]] = [
    ("Any", None), ("With errors", True), ("Without errors", False)]


def _combo(name: str, items: list[tuple[str, Any]]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    for label, data in items:
        box.addItem(label, data)
    return box


class ClaimFilterBar(QWidget):
    """Emits ``changed`` whenever a filter changes (dates: when the text parses)."""

    changed = Signal()

    def __init__(self, db: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.status = _combo("claim_status_filter", [("All statuses", None)] + [
            (status_label(s.value), s.value) for s in ClaimStatus])
        self.payer = _combo("claim_payer_filter", [("All payers", None)])
        self.provider = _combo("claim_provider_filter", [("All providers", None)])
        for box in (self.payer, self.provider):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(12)
        self.dos_from = date_line()
        self.dos_from.setObjectName("claim_dos_from")
        self.dos_to = date_line()
        self.dos_to.setObjectName("claim_dos_to")
        for edit in (self.dos_from, self.dos_to):
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("MM/DD/YYYY") + 16)
        self.days_left = _combo("claim_days_left_filter", DAYS_LEFT)
        self.errors = _combo("claim_errors_filter", ERRORS)
        self._build_layout()
        for box in (self.status, self.payer, self.provider, self.days_left, self.errors):
            box.currentIndexChanged.connect(self.changed)
        for edit in (self.dos_from, self.dos_to):
            edit.editingFinished.connect(self._date_edited)

    def _build_layout(self) -> None:
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for label, widget in (("&Status:", self.status), ("Pa&yer:", self.payer),
                              ("Pro&vider:", self.provider), ("&DOS:", self.dos_from),
                              ("to:", self.dos_to), ("Days &left:", self.days_left),
                              ("Err&ors:", self.errors)):
            row.addWidget(buddy_label(label, widget))
            row.addWidget(widget)
            row.addSpacing(6)
        row.addStretch(1)

    def load_choices(self) -> None:
        """Fill the payer and provider lists (keeps the current choice)."""
        payers = [(p.name, p.payer_id) for p in settings.list_payers(self.db)
                  if not p.is_self_pay]
        providers = [(f"{p.last_name}, {p.first_name} {p.credential}".strip(), p.id)
                     for p in settings.list_providers(self.db)]
        for box, items, blank in ((self.payer, payers, "All payers"),
                                  (self.provider, providers, "All providers")):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(blank, None)
            for label, data in items:
                box.addItem(label, data)
            box.setCurrentIndex(max(box.findData(current), 0))
            box.blockSignals(False)

    @Slot()
    def _date_edited(self) -> None:
        for edit in (self.dos_from, self.dos_to):
            edit.setProperty("invalid", self._date(edit) is False)
            edit.style().unpolish(edit)
            edit.style().polish(edit)
        self.changed.emit()

    @staticmethod
    def _date(edit: QLineEdit) -> Any:
        try:
            return parse_date(edit.text())
        except ConversionError:
            return False

    def filters(self) -> ClaimFilter:
        dos_from, dos_to = self._date(self.dos_from), self._date(self.dos_to)
        return ClaimFilter(
            status=self.status.currentData(), payer_code=self.payer.currentData(),
            provider_id=self.provider.currentData(),
            dos_from=dos_from or None, dos_to=dos_to or None,
            max_days_left=self.days_left.currentData(), has_errors=self.errors.currentData())
