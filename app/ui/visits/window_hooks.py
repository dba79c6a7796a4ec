"""Hook visit entry and charge entry into the main window and the coding queue.

``install(window)`` runs inside ``MainWindow.__init__``: Ctrl+Shift+N opens the New visit
form from any page; the coding queue gets "New visit..." and "Enter charges..." buttons
(Ctrl+Shift+C on the selected visit).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton, QWidget

from app.ui import actions, errors
from app.ui.changes import ChangeBus
from app.ui.visits.charge_entry_view import ChargeEntryDialog
from app.ui.visits.visit_dialog import VisitDialog


def open_charge_entry(parent: QWidget, bus: ChangeBus, db: Any,
                      encounter_id: int) -> ChargeEntryDialog | None:
    """Open charge entry on a saved visit (errors shown; None then)."""
    try:
        dialog = ChargeEntryDialog(parent, bus, db, encounter_id)
    except Exception as exc:  # noqa: BLE001 - e.g. NotFound: shown, the page stays usable
        errors.show_error(parent, exc)
        return None
    dialog.show()
    return dialog


def open_new_visit(parent: QWidget, bus: ChangeBus, db: Any,
                   patient_id: int | None = None) -> VisitDialog:
    """Open the New visit form; "Save and enter charges" continues into charge entry."""
    dialog = VisitDialog(parent, bus, db, patient_id)

    def saved(record: Any) -> None:
        if dialog.then_charges and record.id:
            parent.last_charge_entry = open_charge_entry(  # type: ignore[attr-defined]
                parent, bus, db, record.id)

    dialog.saved.connect(saved)
    dialog.show()
    return dialog


def _queue_buttons(window: Any) -> None:
    page = window.coding
    bar = page.queue.layout().itemAt(0).layout()
    new = QPushButton("&New visit...")
    new.setObjectName("queue_new_visit")
    new.setToolTip(f"{actions.shortcut('new_visit').description} (Ctrl+Shift+N)")
    new.clicked.connect(lambda: open_queue_visit(window))
    charges = QPushButton("Enter c&harges...")
    charges.setObjectName("queue_charge_entry")
    charges.setToolTip(f"{actions.shortcut('charge_entry').description} (Ctrl+Shift+C)")
    charges.clicked.connect(lambda: open_queue_charges(window))
    bar.insertWidget(1, new)
    bar.insertWidget(2, charges)
    actions.make_action(page, "charge_entry", lambda: open_queue_charges(window),
                        widget_scope=True)


def open_queue_visit(window: Any) -> VisitDialog:
    window.go_to(0)
    window.last_visit_dialog = open_new_visit(window, window.bus, window.db)
    return window.last_visit_dialog  # type: ignore[no-any-return]


def open_queue_charges(window: Any) -> ChargeEntryDialog | None:
    encounter_id = window.coding.queue.table.current_id()
    if encounter_id is None:
        window.statusBar().showMessage("Choose a visit in the work queue first.", 5000)
        return None
    window.last_charge_entry = open_charge_entry(window, window.bus, window.db, encounter_id)
    return window.last_charge_entry  # type: ignore[no-any-return]


def _fees_page(window: Any) -> None:
    from app.ui.fees.fees_page import FeesPage

    window.fees = FeesPage(window.db, window.bus)
    window.pages.append(window.fees)
    window.stack.addWidget(window.fees)
    window.nav.addItem(window.fees.title)
    window.nav.item(window.nav.count() - 1).setToolTip("Fees (Ctrl+7)")
    index = len(window.pages) - 1
    window.actions_by_name["go_fees"] = actions.make_action(
        window, "go_fees", lambda: window.go_to(index))


def install(window: Any) -> None:
    """Add New visit (all pages), the queue buttons and the Fees page (Ctrl+7)."""
    action = actions.make_action(window, "new_visit", lambda: open_queue_visit(window))
    window.actions_by_name["new_visit"] = action
    menu = next((a.menu() for a in window.menuBar().actions() if a.text() == "&Patients"),
                None)
    if menu is not None:
        menu.addAction(action)
    _queue_buttons(window)
    _fees_page(window)
