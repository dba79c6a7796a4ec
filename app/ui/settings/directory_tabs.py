"""Providers and payers: small filterable lists (proxy model) with edit dialogs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.practice import FilingIndicator, Payer, Provider, ProviderRole, Submission
from app.services import settings, setup
from app.ui.changes import ChangeBus
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.models.columns import ALIGN_RIGHT, Column, phone_column
from app.ui.models.table_model import RowTableModel
from app.ui.presenters.form_values import Kind
from app.ui.widgets.fields import add_row, address_grid, combo, line, make_form, spin
from app.ui.widgets.table import DataTable

FILING_LABELS: dict[FilingIndicator, str] = {
    FilingIndicator.COMMERCIAL: "CI - Commercial", FilingIndicator.MEDICARE_B: "MB - Medicare B",
    FilingIndicator.MEDICAID: "MC - Medicaid", FilingIndicator.BCBS: "BL - Blue Cross/Shield",
    FilingIndicator.HMO: "HM - HMO", FilingIndicator.CHAMPUS: "CH - Tricare/Champus",
    FilingIndicator.VA: "VA - Veterans Affairs", FilingIndicator.WORKERS_COMP: "WC - Workers comp",
    FilingIndicator.OTHER_FEDERAL: "OF - Other federal", FilingIndicator.SELF_PAY: "ZZ - Self-pay",
}


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


PROVIDER_COLUMNS: list[Column] = [
    Column("display_name", "Name", 220),
    Column("role", "Role", 90, formatter=lambda r: str(r.value).capitalize()),
    Column("npi", "NPI", 100),
    Column("taxonomy", "Taxonomy", 100),
    Column("active", "Active", 60, formatter=_yes_no),
]
PAYER_COLUMNS: list[Column] = [
    Column("name", "Name", 220),
    Column("payer_id", "Payer ID", 90),
    Column("filing_indicator", "Filing", 150, formatter=lambda f: FILING_LABELS[f]),
    Column("submission", "Submission", 90, formatter=lambda s: str(s.value).capitalize()),
    Column("timely_filing_days", "Timely filing", 90, ALIGN_RIGHT,
           formatter=lambda d: f"{d} days"),
    phone_column("phone", "Phone"),
    Column("active", "Active", 60, formatter=_yes_no),
]


class ProviderDialog(RecordDialog):
    def __init__(self, parent: QWidget | None, bus: ChangeBus, db: Any,
                 provider: Provider | None) -> None:
        super().__init__(parent, bus, "Edit provider" if provider else "Add provider",
                         "Provider", lambda data: settings.save_provider(db, data),
                         "provider_dialog", Provider)
        form = make_form()
        b = self.binder
        add_row(form, b, "&Role:", "role", combo(
            [("Rendering (in-house)", ProviderRole.RENDERING.value),
             ("Referring (outside)", ProviderRole.REFERRING.value)], 200))
        add_row(form, b, "&Last name:", "last_name", line("", None, 60))
        add_row(form, b, "&First name:", "first_name", line("", None, 35))
        add_row(form, b, "&Middle:", "middle_name", line("", 180, 25))
        add_row(form, b, "&Credential:", "credential", line("MD, DO, NP", 100, 10))
        add_row(form, b, "&NPI:", "npi", line("10 digits", 140, 10))
        add_row(form, b, "&Taxonomy:", "taxonomy", line("207Q00000X", 140, 10), Kind.UPPER)
        add_row(form, b, "&Active:", "active", QCheckBox("Can be chosen on new visits"))
        self.body.addLayout(form)
        self.binder.write(provider if provider else {"active": True,
                                                     "role": ProviderRole.RENDERING})
        self.restore_size()


class PayerDialog(RecordDialog):
    def __init__(self, parent: QWidget | None, bus: ChangeBus, db: Any,
                 payer: Payer | None) -> None:
        super().__init__(parent, bus, "Edit payer" if payer else "Add payer", "Payer",
                         lambda data: settings.save_payer(db, data), "payer_dialog", Payer)
        form = make_form()
        b = self.binder
        if payer is None:  # a new payer may start from the starter list (resources/)
            self.starter = QComboBox()
            self.starter.setObjectName("starter_payer")
            self.starter.addItem("(enter the payer yourself)", None)
            for item in setup.starter_payers():
                self.starter.addItem(f"{item.name} ({item.payer_id})", item)
            self.starter.currentIndexChanged.connect(self._from_starter)
            form.addRow("Fro&m the list:", self.starter)
        add_row(form, b, "&Name:", "name", line("", None, 60))
        add_row(form, b, "&Payer ID:", "payer_id", line("Electronic payer ID", 160, 20))
        add_row(form, b, "&Filing indicator:", "filing_indicator", combo(
            [(label, f.value) for f, label in FILING_LABELS.items()], 200))
        add_row(form, b, "&Submission:", "submission", combo(
            [("Electronic (837)", Submission.ELECTRONIC.value),
             ("Paper (CMS-1500)", Submission.PAPER.value), ("None", Submission.NONE.value)]))
        add_row(form, b, "&Timely filing:", "timely_filing_days", spin(3650))
        add_row(form, b, "P&hone:", "phone", line("(555) 555-0100", 160), Kind.PHONE)
        add_row(form, b, "&Active:", "active", QCheckBox("Can be chosen on new policies"))
        self.body.addLayout(form)
        self.address_box = QGroupBox("Claims mailing address (for paper claims)")
        self.address_box.setCheckable(True)
        box_form = make_form()
        box_form.addRow("Address:", address_grid(b, "address"))
        self.address_box.setLayout(box_form)
        self.body.addWidget(self.address_box)
        b.optional_group("address", self.address_box.isChecked)
        self.binder.write(payer if payer else {"active": True, "timely_filing_days": 365})
        self.address_box.setChecked(payer is not None and payer.address is not None)
        self.restore_size()

    @Slot(int)
    def _from_starter(self, index: int) -> None:
        item = self.starter.itemData(index)
        if item is None:
            return
        for key, value in (("name", item.name), ("payer_id", item.payer_id),
                           ("filing_indicator", item.filing_indicator),
                           ("timely_filing_days", item.timely_filing_days)):
            self.binder.fields[key].set(value)


class DirectoryTab(QWidget):
    """A filterable list of providers or payers with Add and Edit."""

    def __init__(self, name: str, columns: list[Column], load: Callable[[], list[Any]],
                 make_dialog: Callable[[QWidget, Any], QDialog]) -> None:
        super().__init__()
        self.load_fn, self.make_dialog = load, make_dialog
        self.model = RowTableModel(columns, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit()
        self.filter.setObjectName(f"{name}_filter")
        self.filter.setPlaceholderText("Filter")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = DataTable(f"settings_{name}", self)
        self.table.setObjectName(f"{name}_table")
        self.table.set_model(self.proxy, columns)
        self.table.enable_sorting(0, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(self.edit)
        add = QPushButton("&Add...")
        add.setObjectName(f"add_{name}")
        add.clicked.connect(self.add)
        edit = QPushButton("&Edit...")
        edit.setObjectName(f"edit_{name}")
        edit.clicked.connect(self.edit)
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(add)
        bar.addWidget(edit)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.dialog: QDialog | None = None

    def load(self) -> None:
        keep = self.table.current_id()
        self.model.set_rows(self.load_fn())
        row = self.model.row_of_id(keep) if keep is not None else 0
        index = self.proxy.mapFromSource(self.model.index(max(row, 0), 0))
        if index.isValid():
            self.table.setCurrentIndex(index)

    @Slot()
    def add(self) -> QDialog:
        return self._open(None)

    @Slot()
    def edit(self) -> QDialog | None:
        record_id = self.table.current_id()
        row = self.model.row_of_id(record_id) if record_id is not None else -1
        return self._open(self.model.row_at(row)) if row >= 0 else None

    def _open(self, record: Any) -> QDialog:
        dialog = self.make_dialog(self, record)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def save_state(self) -> None:
        self.table.save_state()
