"""The whole practice as one JSON document: export, and all-or-nothing import."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.domain.changes import Changes
from app.domain.document import (
    PracticeDocument,
    json_path,
    reference_problems,
    value_problems,
)
from app.domain.errors import ImportRejected, Problem, UserError
from app.domain.progress import CancelToken, ProgressFn, no_progress
from app.store.database import Database, UnitOfWork
from app.store.document_io import (
    DOCUMENT,
    is_empty,
    read_document,
    workflow_problems,
    write_document,
)


def export_document(db: Database) -> PracticeDocument:
    """Read the whole practice."""
    with db.reading() as session:
        return read_document(session)


def document_json(doc: PracticeDocument) -> str:
    """Stable, pretty JSON text of a document."""
    return json.dumps(doc.model_dump(mode="json"), indent=1, sort_keys=True) + "\n"


def export_json(db: Database, out: Path) -> int:
    """Write the practice to ``out``; returns the number of bytes written."""
    text = document_json(export_document(db))
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    return len(text.encode("utf-8"))


def _load_json(text: str, source: str) -> Any:
    """Parse JSON with numbers as exact ``Decimal`` (never float); bad text is a problem."""
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=Decimal)
    except json.JSONDecodeError as exc:
        problem = Problem(source, "", f"not valid JSON: {exc.msg}", line=exc.lineno)
    except RecursionError:
        problem = Problem(source, "$", "the JSON is nested too deeply to be a practice document.")
    except ValueError as exc:  # e.g. an integer literal longer than Python's digit limit
        problem = Problem(source, "$", f"a number cannot be read: {str(exc)[:120]}")
    raise ImportRejected([problem]) from None


def _validate(data: Any, source: str) -> PracticeDocument:
    """Pydantic validation in a decimal context that never raises on a huge or odd number.

    Huge values then fail a field check or :func:`value_problems`, each with its JSON path.
    """
    with localcontext() as ctx:
        for trap in (InvalidOperation, Overflow, DivisionByZero):
            ctx.traps[trap] = False
        try:
            return PracticeDocument.model_validate(data)
        except (ArithmeticError, RecursionError):
            raise ImportRejected([Problem(source, "$", "the document holds numbers or nesting "
                                          "ClaimDesk cannot read.")]) from None


def parse_document(text: str, source: str) -> PracticeDocument:
    """Validate JSON text into a document, reporting every problem with its JSON path.

    Args:
        text: the JSON text.
        source: the file name, for messages.

    Returns:
        The document, every value storable.

    Raises:
        ImportRejected: malformed JSON or invalid content.
    """
    data = _load_json(text, source)
    try:
        doc = _validate(data, source)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            message = str(err["msg"]).removeprefix("Value error, ")
            if err["loc"] == () and isinstance(data, dict):
                problems.extend(_reference_problems(data, source) or
                                [Problem(source, "$", message)])
                continue
            problems.append(Problem(source, json_path(err["loc"]), message))
        raise ImportRejected(problems) from None
    found = value_problems(doc) + workflow_problems(doc.workflow)
    if found:
        raise ImportRejected([Problem(source, path, message) for path, message in found])
    return doc


def _reference_problems(data: dict[str, Any], source: str) -> list[Problem]:
    try:
        doc = PracticeDocument.model_construct(**data)
        return [Problem(source, _dotted_to_json_path(p.split(":")[0]), p.split(": ", 1)[1])
                for p in reference_problems(doc)]
    except Exception:  # noqa: BLE001 - fall back to the summary message
        return []


def _dotted_to_json_path(dotted: str) -> str:
    """``patients.3.policies.0.payer_id`` -> ``$.patients[3].policies[0].payer_id``."""
    return json_path(tuple(int(p) if p.isdigit() else p for p in dotted.split(".")))


def import_document(db: Database, doc: PracticeDocument, *, progress: ProgressFn = no_progress,
                    cancel: CancelToken | None = None) -> Changes:
    """Load a document into an empty database in one transaction.

    Raises:
        UserError: the database already holds a practice.
        Cancelled: the user cancelled; nothing was written.
    """
    with UnitOfWork(db) as uow:
        if not is_empty(uow.session):
            raise UserError("The database already holds a practice; import into a new database.",
                            hint="Use --db with a new file name.")
        write_document(uow.session, doc, progress=progress, cancel=cancel)
        uow.commit()
    return Changes.everything()


def import_json(db: Database, path: Path, *, progress: ProgressFn = no_progress,
                cancel: CancelToken | None = None) -> PracticeDocument:
    """Validate ``path`` and import it all-or-nothing."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"Cannot read {path}: {exc}") from None
    source = Path(path).name
    doc = parse_document(text, source)
    try:
        import_document(db, doc, progress=progress, cancel=cancel)
    except ImportRejected as exc:
        raise ImportRejected([replace(p, source=source) if p.source == DOCUMENT else p
                              for p in exc.problems]) from None
    return doc
