"""The coding view's writes as ops: save, mark coded, provider query and answer, favorites.

Each op gathers its input on the GUI thread, runs the service on the database pool, then
reloads the view and publishes the ``Changes``. A failure never clears what was typed.

The ops know the view only through :class:`CodingHost`, the few members they use; the view
module imports this one, never the other way round.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from app.domain.changes import Changes
from app.domain.encounters import Encounter
from app.domain.errors import UserError, ValidationFailed
from app.services import encounters, settings
from app.ui import errors, jobs
from app.ui.changes import ChangeBus
from app.ui.coding import coding_dialogs
from app.ui.coding.editor_panels import VisitHeader
from app.ui.coding.favorites_dialog import Favorite, FavoritesDialog
from app.ui.presenters.coding_editor import CodingEditor


class CodingHost(Protocol):
    """What the ops use of the coding view (``EncounterCodingView`` provides it)."""

    db: Any
    bus: ChangeBus
    editor: CodingEditor
    encounter_id: int | None
    header: VisitHeader
    dialog: Any
    leave: SignalInstance
    coded: SignalInstance

    def has_unsaved(self) -> bool: ...

    def load(self, enc: Encounter) -> None: ...

    def run_checks(self) -> None: ...

    def show_findings(self) -> None: ...

    def show_header(self) -> None: ...

    def go_to_finding(self, row: int) -> None: ...

    def focus_dx(self) -> None: ...

    def focus_lines(self) -> None: ...

    def changed(self, rows: bool = True) -> None: ...


class EditorOps:
    """Save, mark coded, query, answer, favorites and the leave check for one view.

    Args:
        view: the coding view the ops read from and reload.
        parent: the widget dialogs, errors and jobs belong to (the view itself).
    """

    def __init__(self, view: CodingHost, parent: QWidget) -> None:
        self.view = view
        self.parent = parent
        self.busy = False

    @property
    def db(self) -> Any:
        return self.view.db

    def _data(self) -> dict[str, Any] | None:
        try:
            return self.view.editor.save_data()
        except ValidationFailed as exc:
            self.view.show_findings()
            errors.show_error(self.parent, exc)
            return None

    def _run(self, work: Any, done: Any) -> None:
        if self.busy:
            return
        self.busy = True

        def success(result: Any) -> None:
            self.busy = False
            done(result)

        def failure(exc: BaseException) -> bool:
            self.busy = False
            self.view.run_checks()
            return False  # shown by ui.errors; the edit stays as typed

        jobs.run_op(self.parent, work, on_success=success, on_failure=failure)

    def _reloaded(self, enc: Encounter, changes: Changes, message: str) -> None:
        self.view.load(enc)
        self.view.bus.publish(changes)
        window = self.parent.window()
        status = getattr(window, "statusBar", None)
        if status is not None:
            status().showMessage(message, 5000)

    # save ---------------------------------------------------------------------------------
    def save(self, then: Any = None) -> None:
        data = self._data()
        if data is None:
            return

        def done(result: tuple[Encounter, Changes]) -> None:
            self._reloaded(result[0], result[1], "Codes saved.")
            if then is not None:
                then()

        self._run(lambda: encounters.save(self.db, data), done)

    def may_leave(self) -> bool:
        """True when nothing is unsaved (or the user discards); Save saves, then leaves."""
        view = self.view
        if not view.has_unsaved():
            return True
        answer = coding_dialogs.ask_save(self.parent, "this visit")
        if answer == coding_dialogs.DISCARD:
            view.editor.load(view.editor.encounter)
            return True
        if answer == coding_dialogs.SAVE:
            self.save(then=view.leave.emit)
        return False

    # mark coded ---------------------------------------------------------------------------
    def mark_coded(self) -> None:
        view = self.view
        missing = encounters.missing_parts(len(view.editor.diagnoses), len(view.editor.lines))
        if missing:
            if view.editor.diagnoses:
                view.focus_lines()
            else:
                view.focus_dx()
            errors.show_error(self.parent, UserError(missing))
            return
        view.run_checks()
        blocking = view.editor.blocking()
        if blocking:
            view.go_to_finding(view.editor.findings.index(blocking[0]))
            errors.show_error(self.parent, UserError(
                f"{len(blocking)} coding error(s) must be fixed before the visit is coded: "
                f"{blocking[0].message}", hint=blocking[0].hint))
            return
        warnings = view.editor.warnings()
        if not warnings:
            self._mark({})
            return
        dialog = coding_dialogs.AcceptWarningsDialog(self.parent, warnings)
        dialog.accepted.connect(lambda: self._mark(dialog.accepted_reasons()))
        view.dialog = dialog
        dialog.open()

    def _mark(self, accepted: dict[tuple[str, str], str]) -> None:
        view = self.view
        data = self._data() if view.editor.dirty else None
        if view.editor.dirty and data is None:
            return
        encounter_id = view.encounter_id or 0

        def work() -> tuple[Encounter, Changes]:
            if data is not None:
                encounters.save(self.db, data)
            return encounters.mark_coded(self.db, encounter_id, accepted=accepted)

        def done(result: tuple[Encounter, Changes]) -> None:
            self._reloaded(result[0], result[1], "Visit marked coded.")
            view.coded.emit(encounter_id)

        self._run(work, done)

    # provider query -----------------------------------------------------------------------
    def query_provider(self) -> None:
        view = self.view
        if view.encounter_id is None:
            return
        dialog = coding_dialogs.QueryDialog(self.parent, view.header.title.text().rstrip(" *"))
        dialog.accepted.connect(lambda: self._ask(*dialog.values()))
        view.dialog = dialog
        dialog.open()

    def _ask(self, question: str, choices: list[str]) -> None:
        data = self._data() if self.view.editor.dirty else None
        if self.view.editor.dirty and data is None:
            return
        encounter_id = self.view.encounter_id or 0

        def work() -> tuple[Encounter, Changes]:
            version = encounters.save(self.db, data)[0].version if data else None
            _query_id, changes = encounters.ask_provider(self.db, encounter_id, question,
                                                         choices, version)
            return encounters.get(self.db, encounter_id), changes

        self._run(work, lambda r: self._reloaded(r[0], r[1], "Query sent to the provider."))

    def record_answer(self) -> None:
        view = self.view
        open_queries = encounters.queries(self.db, view.encounter_id, open_only=True) \
            if view.encounter_id else []
        if not open_queries:
            errors.show_error(self.parent, UserError("This visit has no open provider query."))
            return
        dialog = coding_dialogs.AnswerDialog(self.parent, open_queries[-1],
                                             view.header.title.text().rstrip(" *"))
        dialog.accepted.connect(lambda: self._answer(open_queries[-1].id, dialog.value()))
        view.dialog = dialog
        dialog.open()

    def _answer(self, query_id: int, answer: str) -> None:
        encounter_id = self.view.encounter_id or 0

        def work() -> tuple[Encounter, Changes]:
            _eid, changes = encounters.answer_query(self.db, query_id, answer)
            return encounters.get(self.db, encounter_id), changes

        keep = self.view.editor if self.view.editor.dirty else None

        def done(result: tuple[Encounter, Changes]) -> None:
            if keep is not None:  # keep the typed codes; only the status and note change
                keep.encounter = keep.encounter.model_copy(update={
                    "coding_status": result[0].coding_status,
                    "coding_note": result[0].coding_note, "version": result[0].version})
                self.view.show_header()
                self.view.bus.publish(result[1])
                return
            self._reloaded(result[0], result[1], "Answer recorded; the visit is back in "
                           "the coding queue.")

        self._run(work, done)

    # favorites ----------------------------------------------------------------------------
    def favorites(self) -> None:
        view = self.view
        if view.encounter_id is None:
            return
        provider_id = view.editor.encounter.rendering_provider_id
        items = encounters.favorites(self.db, provider_id)
        names = {p.id: p.display_name for p in settings.list_providers(self.db)}
        dialog = FavoritesDialog(self.parent, names.get(provider_id, "the provider"), items)
        dialog.picked.connect(self._add_favorites)
        dialog.save_visit.connect(lambda: self._save_favorites(provider_id, items))
        view.dialog = dialog
        dialog.open()

    def _add_favorites(self, picked: list[Favorite]) -> None:
        view = self.view
        for system, code, label in picked:
            if system == "icd10cm":
                view.editor.add_diagnosis(code, label)
            else:
                view.editor.add_line(code, label)
        view.changed()

    def _save_favorites(self, provider_id: int, items: list[Favorite]) -> None:
        editor = self.view.editor
        known = {(s, c) for s, c, _ in items}
        new = [("icd10cm", c, editor.descriptions.get(c, "")) for c in editor.diagnoses]
        new += [("hcpcs" if d.code[0].isalpha() else "cpt", d.code, d.description)
                for d in editor.lines]
        merged = items + [n for n in new if (n[0], n[1]) not in known]
        self._run(lambda: encounters.set_favorites(self.db, provider_id, merged),
                  lambda changes: self.view.bus.publish(changes))
