"""The set-up wizard's pages: each field is checked as it is typed; Next waits for a clean page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.domain.base import Record
from app.domain.practice import Clearinghouse, Practice, Provider, UsageMode
from app.services.setup import StarterPayer
from app.ui.forms import FormBinder
from app.ui.presenters.form_values import Kind
from app.ui.presenters.setup_checks import Extra, check_record, practice_extra
from app.ui.widgets.fields import address_grid, buddy_label, combo, line, make_form

ADDRESS_LABELS = {"address.street1": "Street", "address.city": "City",
                  "address.state": "State", "address.zip": "ZIP"}


class _Checked:
    """One record on a page: its binder, model, and the labels of its fields."""

    def __init__(self, binder: FormBinder, model: type[Record], extra: Extra | None) -> None:
        self.binder, self.model, self.extra = binder, model, extra
        self.labels: dict[str, str] = dict(ADDRESS_LABELS)
        self.ok = False

    def row(self, form: QFormLayout, label: str, path: str, widget: QWidget,
            kind: Kind = Kind.TEXT) -> QWidget:
        form.addRow(buddy_label(label, widget), self.binder.add(path, widget, kind))
        self.labels[path] = label.replace("&", "").rstrip(":")
        return widget

    def check(self) -> list[str]:
        """Show the problems of filled fields; returns the labels of empty required ones."""
        data, conversion = self.binder.values()
        filled = {path: bool(str(f.raw() or "").strip())
                  for path, f in self.binder.fields.items()}
        result = check_record(self.model, self.binder.source, data, conversion, filled,
                              self.extra)
        self.binder.show_problems(result.shown, focus=False)
        self.ok = result.ok
        return [self.labels.get(p, p) for p in result.empty_required]


class CheckedPage(QWizardPage):
    """A page of records; ``isComplete`` is false while any of them has a problem."""

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.records: list[_Checked] = []
        self.todo = QLabel()
        self.todo.setObjectName("page_todo")
        self.todo.setWordWrap(True)
        self.todo.setStyleSheet("color: #555;")

    def record(self, source: str, model: type[Record], extra: Extra | None = None) -> _Checked:
        checked = _Checked(FormBinder(source, self), model, extra)
        checked.binder.edited.connect(self.recheck)
        self.records.append(checked)
        return checked

    @Slot()
    def recheck(self) -> None:
        empty = [label for r in self.records for label in r.check()]
        self.todo.setText(f"Still to fill in: {', '.join(dict.fromkeys(empty))}."
                          if empty else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return all(r.ok for r in self.records)

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        self.recheck()

    def problems_text(self) -> str:
        """Every problem shown on the page (tests and the accessible description)."""
        return "\n".join(r.binder.error_text(p) for r in self.records
                         for p in r.binder.fields if r.binder.error_text(p))


class PracticePage(CheckedPage):
    """The practice, which is also the billing provider on every claim."""

    def __init__(self) -> None:
        super().__init__("Your practice", "The billing provider as it appears on every claim. "
                         "ClaimDesk bills as the practice (its NPI and EIN).")
        self.form = self.record("Practice", Practice, practice_extra)
        form = make_form()
        r = self.form.row
        self.first = r(form, "&Legal name:", "legal_name",
                       line("As registered with the IRS", None, 60))
        r(form, "NP&I (type 2):", "npi", line("10 digits", 140, 10))
        r(form, "&EIN (TIN):", "ein", line("12-3456789", 140, 10), Kind.EIN)
        r(form, "&Taxonomy:", "taxonomy", line("207Q00000X", 140, 10), Kind.UPPER)
        address = address_grid(self.form.binder, "address")
        form.addRow(buddy_label("&Address:", self.form.binder.widget("address.street1")),
                    address)
        r(form, "&Phone:", "phone", line("(555) 555-0100", 160), Kind.PHONE)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.todo)

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        super().initializePage()
        self.first.setFocus()

    def values(self) -> dict[str, Any]:
        return self.form.binder.values()[0]


class ProvidersPage(CheckedPage):
    """Rendering providers: one or more people who see patients."""

    def __init__(self) -> None:
        super().__init__("Rendering providers", "Who sees the patients: each provider's own "
                         "individual (type 1) NPI. Add more now or later in Settings.")
        self.groups: list[tuple[QGroupBox, _Checked]] = []
        self.holder = QVBoxLayout()
        inner = QWidget()
        inner.setLayout(self.holder)
        self.holder.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight to the fields
        self.scroll = scroll
        self.add_provider()  # before the button: the first field leads the Tab order
        self.add_button = QPushButton("&Add another provider")
        self.add_button.setObjectName("add_provider")
        self.add_button.clicked.connect(self.add_provider)
        bar = QHBoxLayout()
        bar.addWidget(self.todo, 1)
        bar.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bar)

    @Slot()
    def add_provider(self) -> None:
        number = len(self.groups) + 1
        checked = self.record(f"Provider {number}", Provider)
        box = QGroupBox(f"Provider {number}")
        form = make_form()
        r = checked.row
        first = r(form, "&First name:", "first_name", line("", None, 35))
        r(form, "Last na&me:", "last_name", line("", None, 60))
        r(form, "&Credential:", "credential", line("MD, DO, NP, PA", 120, 10), Kind.UPPER)
        r(form, "NP&I (type 1):", "npi", line("10 digits", 140, 10))
        r(form, "&Taxonomy:", "taxonomy", line("207Q00000X", 140, 10), Kind.UPPER)
        if number > 1:
            remove = QPushButton("&Remove this provider")
            remove.clicked.connect(lambda: self.remove_provider(box))
            form.addRow("", remove)
        box.setLayout(form)
        self.holder.insertWidget(self.holder.count() - 1, box)
        self.groups.append((box, checked))
        self.recheck()
        first.setFocus()
        self.scroll.ensureWidgetVisible(box)

    def remove_provider(self, box: QGroupBox) -> None:
        for index, (group, checked) in enumerate(self.groups):
            if group is box:
                del self.groups[index]
                self.records.remove(checked)
                box.deleteLater()
                break
        self.recheck()
        self.groups[-1][1].binder.widget("first_name").setFocus()

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        super().initializePage()
        self.groups[0][1].binder.widget("first_name").setFocus()

    def values(self) -> list[dict[str, Any]]:
        return [checked.binder.values()[0] for _box, checked in self.groups]


class ClearinghousePage(CheckedPage):
    """The clearinghouse: who receives the 837 files, and the ids it assigned."""

    def __init__(self) -> None:
        super().__init__("Clearinghouse", "From your clearinghouse enrollment papers. Start in "
                         "Test mode until the clearinghouse says you may send real claims.")
        self.form = self.record("Clearinghouse", Clearinghouse)
        self.form.binder.fixed = {"isa_qualifier": "ZZ", "receiver_qualifier": "ZZ"}
        form = make_form()
        r = self.form.row
        self.first = r(form, "Clearing&house name:", "name", line("", None, 60))
        r(form, "&Submitter name:", "submitter_name", line("Usually the practice", None, 60))
        r(form, "Submitter &ID:", "submitter_id",
          line("Assigned by the clearinghouse", 220, 15))
        r(form, "&Receiver name:", "receiver_name", line("Usually the clearinghouse", None, 60))
        r(form, "Recei&ver ID:", "receiver_id", line("Assigned by the clearinghouse", 220, 15))
        r(form, "&Contact name:", "contact_name", line("Who answers for the submitter", None, 60))
        r(form, "Contact &phone:", "contact_phone", line("(555) 555-0100", 160), Kind.PHONE)
        r(form, "Contact &email:", "contact_email", line("", None, 80))
        r(form, "&Usage:", "usage", combo(
            [("Test (T): claims are not adjudicated", UsageMode.TEST.value),
             ("Production (P): claims are real", UsageMode.PRODUCTION.value)], 280))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.todo)

    def prefill(self, practice: dict[str, Any]) -> None:
        """Offer the practice's name and phone where the clearinghouse usually wants them."""
        b = self.form.binder
        for path, value in (("submitter_name", practice.get("legal_name", "")),
                            ("contact_phone", practice.get("phone", ""))):
            edit = b.widget(path)
            if not edit.text():  # type: ignore[attr-defined]
                edit.setText(str(value or ""))  # type: ignore[attr-defined]

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        super().initializePage()
        self.first.setFocus()

    def values(self) -> dict[str, Any]:
        return self.form.binder.values()[0]


class PayersPage(QWizardPage):
    """The payers the practice bills, ticked on the starter list."""

    def __init__(self, starters: list[StarterPayer]) -> None:
        super().__init__()
        self.setTitle("Payers you bill")
        self.setSubTitle("Tick each payer (Space ticks the highlighted one). Self-pay is always "
                         "added. Payer ids and names can be edited later in Settings > Payers.")
        self.list = QListWidget()
        self.list.setObjectName("starter_payers")
        for payer in starters:
            item = QListWidgetItem(f"{payer.name}  ({payer.payer_id}, {payer.filing_indicator}, "
                                   f"{payer.timely_filing_days} days to file)")
            item.setData(Qt.ItemDataRole.UserRole, payer.payer_id)
            item.setToolTip(payer.note)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        label = buddy_label("Starter &list:", self.list)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        self.list.setFocus()

    def payer_ids(self) -> list[str]:
        return [str(self.list.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]
