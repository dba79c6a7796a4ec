"""The claims tab: filters, paged claim list with totals, claim editor, findings, history.

Actions (toolbar and shortcuts) are enabled from the claim status transition table.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QToolBar, QVBoxLayout, QWidget

from app.domain.changes import Changes
from app.domain.claims import ClaimStatus
from app.domain.errors import ClaimDeskError
from app.domain.money import format_money
from app.services import billing, claim_queries, claims, sent_claims
from app.ui import actions, errors, jobs, ui_state
from app.ui.billing import prompts
from app.ui.billing.claim_editor import ClaimEditor
from app.ui.billing.claim_filters import ClaimFilterBar
from app.ui.billing.claim_model import ClaimTableModel
from app.ui.billing.findings_pane import FindingsPane, HistoryPane
from app.ui.changes import ChangeBus
from app.ui.presenters import billing_editor as pe
from app.ui.presenters.billing_findings import FindingLine, Target
from app.ui.printing.claim_printing import ClaimPrinter
from app.ui.widgets.table import DataTable

STATE_KEY = "billing_claims"
#: Toolbar actions: table row name, slot name, needs a selected claim.
TOOLBAR = (("billing_build", "build_all", False), ("billing_scrub", "scrub", True),
           ("billing_hold", "hold", True), ("billing_release", "release", True),
           ("billing_preview", "preview", True), ("billing_print", "print_claim", True))


class ClaimWorkspace(QWidget):
    jump = Signal(str, object)  # jump kind, claim_queries.ClaimContext
    message = Signal(str)

    def __init__(self, db: Any, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.claim_id: int | None = None
        self.state = pe.ActionState()
        self.filters = ClaimFilterBar(db)
        self.model = ClaimTableModel(db, self)
        self.table = DataTable(STATE_KEY, self)
        self.table.setObjectName("claims_table")
        self.table.set_model(self.model, self.model.columns)
        self.table.enable_sorting(self.model.sort_column(), Qt.SortOrder.DescendingOrder)
        self.totals = QLabel()
        self.totals.setObjectName("claim_totals")
        self.editor = ClaimEditor()
        self.findings = FindingsPane()
        self.history = HistoryPane()
        self.printer = ClaimPrinter(self, db, bus)
        self.toolbar = QToolBar("Claims")
        self.toolbar.setObjectName("billing_toolbar")
        self.actions_by_name: dict[str, QAction] = {}
        for name, slot, _needs in TOOLBAR:
            action = actions.make_action(self, name, getattr(self, slot), widget_scope=True)
            self.actions_by_name[name] = action
            self.toolbar.addAction(action)
        self.actions_by_name["billing_findings"] = actions.make_action(
            self, "billing_findings", self.focus_findings, widget_scope=True)
        self._build_layout()
        self._connect()
        self._update_actions()

    def _build_layout(self) -> None:
        self.side = QTabWidget()
        self.side.setObjectName("claim_side_tabs")
        self.side.addTab(self.findings, "&Findings")
        self.side.addTab(self.history, "&History")
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.setObjectName("billing_lower_splitter")
        lower.addWidget(self.editor)
        lower.addWidget(self.side)
        lower.setSizes([640, 560])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("billing_splitter")
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.totals)
        self.splitter.addWidget(top)
        self.splitter.addWidget(lower)
        self.splitter.setSizes([330, 470])
        self.lower = lower
        ui_state.restore_splitter(self.splitter, STATE_KEY)
        ui_state.restore_splitter(self.lower, f"{STATE_KEY}_lower")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.filters)
        layout.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        self.filters.changed.connect(self.apply_filters)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sorted)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._after_reset)
        self.findings.jump.connect(self.jump_to)
        self.findings.accept_requested.connect(self.accept_warning)
        self.editor.jump_requested.connect(self._jump_requested)
        self.editor.save_requested.connect(self.save_header)

    # list ---------------------------------------------------------------------------------
    def reload(self) -> None:
        keep = self.claim_id
        self.filters.load_choices()
        self.model.set_filters(self.filters.filters())
        self._select(keep)

    @Slot()
    def apply_filters(self) -> None:
        self.model.set_filters(self.filters.filters())
        self._select(self.claim_id)

    def _select(self, claim_id: int | None) -> None:
        row = self.model.row_of_id(claim_id) if claim_id is not None else -1
        self.table.select_row(row if row >= 0 else 0)
        if self.model.rowCount() == 0:
            self.show_claim(None)

    @Slot()
    def _after_reset(self) -> None:
        t = self.model.totals
        self.totals.setText(
            f"{t.count:,} claim{'s' if t.count != 1 else ''}   ·   Billed "
            f"{format_money(t.billed)}   Paid {format_money(t.paid)}   Adjusted "
            f"{format_money(t.adjusted)}   Patient resp. {format_money(t.patient_responsibility)}"
            f"   Balance {format_money(t.balance)}")

    @Slot(int, Qt.SortOrder)
    def _sorted(self, column: int, order: Qt.SortOrder) -> None:
        header = self.table.horizontalHeader()
        if not self.model.is_sortable(column):
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column(),
                                    Qt.SortOrder.DescendingOrder if self.model.descending
                                    else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)
        self._select(self.claim_id)

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        claim_id = self.model.id_at(current.row()) if current.isValid() else None
        if claim_id != self.claim_id or claim_id is None:
            self.show_claim(claim_id)

    # the selected claim -------------------------------------------------------------------
    def show_claim(self, claim_id: int | None) -> None:
        self.claim_id = claim_id
        if claim_id is None:
            self.state = pe.ActionState()
            self.editor.set_claim(None)
            self.findings.set_findings(None)
            self.history.set_history([])
            self._update_actions()
            return
        try:
            claim, amounts = claims.get_claim(self.db, claim_id)
            self.state = pe.action_state(claim.status, claim.submitted_on,
                                         claim.frequency_code)
            self.editor.set_claim(claim, sent_claims.claim_as_billed(self.db, claim_id), amounts,
                                  self.state)
        except ClaimDeskError as exc:  # e.g. the practice is not set up: list stays usable
            self.editor.set_claim(None)
            self.editor.title.setText(exc.message)
        self.findings.set_findings(billing.findings(self.db, claim_id),
                                   claim_queries.accepted_warnings(self.db, claim_id))
        self.history.set_history(claims.history(self.db, claim_id))
        self._update_actions()

    def _update_actions(self) -> None:
        enabled = {"billing_scrub": self.state.scrub, "billing_hold": self.state.hold,
                   "billing_release": self.state.release, "billing_print": self.state.print,
                   "billing_preview": self.claim_id is not None}
        for name, flag in enabled.items():
            self.actions_by_name[name].setEnabled(flag)

    @Slot(object)
    def jump_to(self, target: Target) -> None:
        self.editor.go_to(target)

    @Slot()
    def focus_findings(self) -> None:
        self.side.setCurrentWidget(self.findings)
        self.findings.table.setFocus()

    @Slot(str)
    def _jump_requested(self, kind: str) -> None:
        if self.claim_id is not None:
            self.jump.emit(kind, claim_queries.claim_context(self.db, self.claim_id))

    # operations ---------------------------------------------------------------------------
    def _done(self, changes: Changes, text: str) -> None:
        self.bus.publish(changes)
        self.message.emit(text)

    def _run(self, work: Any, text: str) -> None:
        claim_id = self.claim_id
        jobs.run_op(self, work, on_success=lambda changes: self._after_op(claim_id, changes,
                                                                          text))

    def _after_op(self, claim_id: int | None, changes: Changes, text: str) -> None:
        self._done(changes, text)
        self.reload()
        if claim_id is not None and claim_id == self.claim_id:
            self.show_claim(claim_id)

    @Slot()
    def build_all(self) -> None:
        jobs.run_long(self, lambda p, c: billing.build_claims(self.db, progress=p, cancel=c),
                      label="Building claims for all coded visits...",
                      on_success=self._built)

    def _built(self, outcome: Any) -> None:
        result, changes = outcome
        self._done(changes, f"Built {len(result.claims)} claim(s): {result.ready} ready, "
                   f"{result.draft} draft; {result.self_pay} self-pay visit(s).")
        self.reload()

    @Slot()
    def scrub(self) -> None:
        claim_id = self.claim_id
        if claim_id is None or not self.state.scrub:
            return
        self._run(lambda: billing.scrub_claims(self.db, [claim_id])[1], "Scrubbed.")

    @Slot()
    def hold(self) -> None:
        claim_id = self.claim_id
        if claim_id is None or not self.state.hold:
            return
        reason = prompts.ask_reason(self, "Hold claim", "Why hold this claim?")
        if reason:
            self._run(lambda: billing.hold(self.db, claim_id, reason), "Claim on hold.")

    @Slot()
    def release(self) -> None:
        claim_id = self.claim_id
        if claim_id is None or not self.state.release:
            return
        reason = prompts.ask_reason(self, "Release claim", "Why release it?", "released")
        if reason:
            self._run(lambda: billing.release(self.db, claim_id, reason), "Claim released.")

    @Slot(object)
    def accept_warning(self, line: FindingLine) -> None:
        claim_id = self.claim_id
        if claim_id is None:
            return
        reason = prompts.ask_reason(self, "Accept warning",
                                    f"{line.rule_id}: {line.message}\n\nReason for accepting:")
        if reason:
            self._run(lambda: billing.accept_warning(self.db, claim_id, line.rule_id,
                                                     line.location, reason),
                      "Warning accepted; claim scrubbed again.")

    @Slot()
    def save_header(self) -> None:
        claim = self.editor.claim
        if claim is None or not self.state.edit_note or claim.id is None:
            return
        values = self.editor.header_values()
        self._run(lambda: claim_queries.save_claim_header(self.db, claim.id or 0,
                                                          claim.version, **values),
                  "Claim saved.")

    @Slot()
    def preview(self) -> None:
        if self.claim_id is not None:
            self.printer.preview([self.claim_id])

    @Slot()
    def print_claim(self) -> None:
        if self.claim_id is not None and self.state.print:
            self.printer.print_claims([self.claim_id])

    def current_status(self) -> ClaimStatus | None:
        return self.editor.claim.status if self.editor.claim is not None else None

    def save_state(self) -> None:
        self.table.save_state()
        ui_state.save_splitter(self.splitter, STATE_KEY)
        ui_state.save_splitter(self.lower, f"{STATE_KEY}_lower")

    def show_error(self, exc: BaseException) -> None:
        errors.show_error(self, exc)
