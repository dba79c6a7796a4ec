"""Every keyboard shortcut in one table, and a helper that turns rows into QActions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class Shortcut:
    """One named action with its key sequence and a description for menus and tooltips."""

    name: str
    keys: str
    text: str
    description: str


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("go_coding", "Ctrl+1", "&Coding", "Show the coding work queue"),
    Shortcut("go_billing", "Ctrl+2", "&Billing", "Show the claim list"),
    Shortcut("go_patients", "Ctrl+3", "&Patients", "Show the patient list"),
    Shortcut("go_settings", "Ctrl+4", "&Settings", "Practice, providers, payers, clearinghouse"),
    Shortcut("find", "Ctrl+F", "&Find", "Focus the search or filter box of the page"),
    Shortcut("new_patient", "Ctrl+N", "&New patient...", "Register a new patient"),
    Shortcut("new_visit", "Ctrl+Shift+N", "New &visit...",
             "Enter a visit: patient, date, providers, place, authorization, note"),
    Shortcut("charge_entry", "Ctrl+Shift+C", "Enter &charges...",
             "Key the superbill of the selected visit: codes, units, pointers"),
    Shortcut("charge_build", "Ctrl+Alt+B", "Save and &build claim",
             "Save the charges and send the visit straight to a claim (no errors left)"),
    Shortcut("go_fees", "Ctrl+7", "&Fees", "Fee schedule and payer contracts, with history"),
    Shortcut("refresh", "F5", "&Refresh", "Reload the current page from the database"),
    Shortcut("save", "Ctrl+S", "&Save", "Save the form"),
    Shortcut("save_close", "Ctrl+Return", "Save && &Close", "Save the form and close it"),
    Shortcut("backup", "Ctrl+Shift+B", "&Backup...", "Copy the database to a backup file"),
    Shortcut("export_json", "Ctrl+Shift+E", "&Export JSON...", "Write the whole practice as JSON"),
    Shortcut("import_visits", "Ctrl+Shift+I", "&Import visits...",
             "Bring patients, coverage and visits in from an EHR export (CSV, HL7, FHIR)"),
    Shortcut("quit", "Ctrl+Q", "&Quit", "Close ClaimDesk"),
    Shortcut("code_lookup", "Ctrl+K", "Code &lookup...",
             "Search ICD-10-CM, HCPCS and the fee schedule; import code files"),
    Shortcut("take_payment", "Ctrl+Shift+M", "&Take payment...",
             "Take a patient payment (a copay at check-in, a check, a card)"),
    Shortcut("patient_ledger", "Ctrl+Shift+G", "Patient le&dger",
             "Show the patient's account ledger"),
    # coding panel
    Shortcut("coding_mark_coded", "F9", "Mark &coded",
             "Save and mark the visit coded (warnings need a reason)"),
    Shortcut("coding_add_dx", "Ctrl+D", "Add &diagnosis", "Type a diagnosis code or words"),
    Shortcut("coding_add_line", "Ctrl+L", "Add &line", "Type a CPT/HCPCS code or words"),
    Shortcut("coding_move_up", "Alt+Up", "Move &up", "Move the diagnosis (or line) up"),
    Shortcut("coding_move_down", "Alt+Down", "Move do&wn", "Move the diagnosis (or line) down"),
    Shortcut("coding_remove", "Ctrl+Delete", "&Remove", "Remove the diagnosis or line"),
    Shortcut("coding_copy_last", "Ctrl+Shift+L", "Copy &last visit",
             "Copy the codes of the patient's last coded visit"),
    Shortcut("coding_favorites", "F4", "&Favorites...", "The provider's quick-pick codes"),
    Shortcut("coding_next_finding", "F8", "Next &finding",
             "Go to the field of the next coding finding"),
    Shortcut("coding_query", "Ctrl+Shift+P", "&Query provider...",
             "Ask the provider a question about this visit"),
    Shortcut("coding_answer", "Ctrl+Shift+A", "Record &answer...",
             "Record the provider's answer to a query"),
    Shortcut("coding_print_queries", "Ctrl+Alt+P", "&Print queries...",
             "Print provider queries to a PDF file"),
    Shortcut("coding_back", "Alt+Left", "Back to the &queue", "Leave the visit (asks to save)"),
    Shortcut("coding_switch_tab", "F6", "Work queue / queries",
             "Switch between the work queue and the provider queries"),
    # billing panel
    Shortcut("billing_build", "Ctrl+B", "&Build all coded",
             "Build and scrub claims for every coded visit without a claim"),
    Shortcut("billing_scrub", "F7", "&Scrub", "Scrub the selected claim again"),
    Shortcut("billing_hold", "Ctrl+H", "&Hold...", "Put the selected claim on hold (reason)"),
    Shortcut("billing_release", "Ctrl+Shift+H", "&Release...",
             "Release the held claim back to draft and scrub it (reason)"),
    Shortcut("billing_preview", "Ctrl+Shift+V", "Pre&view CMS-1500",
             "Preview the claim form (changes nothing)"),
    Shortcut("billing_print", "Ctrl+P", "&Print CMS-1500...",
             "Print the claim form; a ready claim is submitted on paper"),
    Shortcut("billing_accept_warning", "Ctrl+Shift+W", "&Accept warning...",
             "Accept the selected scrubber warning with a reason"),
    Shortcut("billing_findings", "Ctrl+Shift+F", "Go to &findings",
             "Move to the findings of the selected claim"),
    # batches and remittances
    Shortcut("go_batches", "Ctrl+5", "Ba&tches", "Show the 837 batches and acknowledgments"),
    Shortcut("go_remittances", "Ctrl+6", "Re&mittances",
             "ERA posting, denials, exceptions and EOBs"),
    Shortcut("batch_export", "Ctrl+E", "&New 837 batch...",
             "Export ready electronic claims as one 837P file"),
    Shortcut("batch_import_ack", "Ctrl+Shift+K", "Import &acknowledgment...",
             "Import a 999 or 277CA acknowledgment"),
    Shortcut("batch_resave", "Ctrl+Alt+S", "Save a&gain...",
             "Write the selected batch's file again, byte-identical"),
    Shortcut("era_import", "Ctrl+I", "&Import ERA (835)...",
             "Open an 835 file and preview its posting"),
    Shortcut("era_post", "Ctrl+Shift+Return", "&Post ERA", "Post the previewed 835 file"),
    Shortcut("exception_match", "Ctrl+Alt+M", "&Match to claim",
             "Post the unmatched remittance to the chosen claim"),
    Shortcut("denial_to_coding", "Ctrl+Alt+C", "Send to &coding",
             "Return the denied visit to the coding queue with the payer's reason"),
    Shortcut("denial_resubmit", "Ctrl+Alt+R", "Correct && &resubmit",
             "Build a replacement claim (frequency 7) for the denied claim"),
    Shortcut("denial_appeal", "Ctrl+Alt+A", "&Appeal...",
             "Save the appeal letter PDF and mark the claim appealed"),
    Shortcut("denial_write_off", "Ctrl+Alt+W", "&Write off...",
             "Write off what is still open on the claim (reason)"),
    Shortcut("denial_to_patient", "Ctrl+Alt+T", "Bill &patient...",
             "Move the denied amount to the patient (reason)"),
    Shortcut("denial_snooze", "Ctrl+Alt+Z", "Sn&ooze...", "Hide the item until a date"),
    Shortcut("denial_eob", "Ctrl+Alt+E", "Show &EOB", "Show the EOB of the denied claim"),
    # today and dashboard
    Shortcut("go_today", "Ctrl+0", "T&oday", "Show the Today list: every queue, ranked"),
    Shortcut("go_dashboard", "Ctrl+9", "&Dashboard", "KPI tiles, trends and A/R aging"),
    Shortcut("today_open", "Return", "&Open", "Open the screen and field that fixes the item"),
    Shortcut("today_snooze", "S", "&Snooze...", "Hide the item until a date, with a reason"),
    Shortcut("today_done", "D", "Mark &done", "Mark the item done (where that applies)"),
    Shortcut("today_done_delete", "Del", "Mark done", "Mark the item done (where that applies)"),
    Shortcut("list_export_csv", "Ctrl+Shift+X", "Export &CSV...", "Save the list as a CSV file"),
)

_BY_NAME = {s.name: s for s in SHORTCUTS}


def shortcut(name: str) -> Shortcut:
    """The table row named ``name`` (KeyError for an unknown name)."""
    return _BY_NAME[name]


def key_sequence(name: str) -> QKeySequence:
    return QKeySequence(_BY_NAME[name].keys)


def make_action(parent: QWidget, name: str, slot: Callable[[], object] | None = None,
                *, widget_scope: bool = False) -> QAction:
    """A QAction for table row ``name``, added to ``parent`` so its shortcut works there."""
    row = _BY_NAME[name]
    action = QAction(row.text, parent)
    action.setObjectName(f"action_{name}")
    action.setShortcut(QKeySequence(row.keys))
    action.setToolTip(f"{row.description} ({row.keys})")
    action.setStatusTip(row.description)
    if widget_scope:
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    if slot is not None:  # never pass ``checked`` on: ``save(then=False)`` would call False
        action.triggered.connect(lambda *_checked: slot())
    parent.addAction(action)
    return action
