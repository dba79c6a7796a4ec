"""The whole practice as one JSON document: export, and all-or-nothing import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.domain.changes import Changes
from app.domain.document import PracticeDocument, reference_problems
from app.domain.errors import ImportRejected, Problem, UserError
from app.domain.progress import CancelToken, ProgressFn, no_progress
from app.store.database import Database, UnitOfWork
from app.store.document_io import is_empty, read_document, write_document


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


def _json_path(loc: tuple[Any, ...]) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)


def parse_document(text: str, source: str) -> PracticeDocument:
    """Validate JSON text into a document, reporting every problem with its JSON path.

    Raises:
        ImportRejected: malformed JSON or invalid content.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRejected([Problem(source, "", f"not valid JSON: {exc.msg}",
                                      line=exc.lineno)]) from None
    try:
        return PracticeDocument.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            message = str(err["msg"]).removeprefix("Value error, ")
            if err["loc"] == () and isinstance(data, dict):
                problems.extend(_reference_problems(data, source) or
                                [Problem(source, "$", message)])
                continue
            problems.append(Problem(source, _json_path(err["loc"]), message))
        raise ImportRejected(problems) from None


def _reference_problems(data: dict[str, Any], source: str) -> list[Problem]:
    try:
        doc = PracticeDocument.model_construct(**data)
        return [Problem(source, "$." + p.split(":")[0], p.split(": ", 1)[1])
                for p in reference_problems(doc)]
    except Exception:  # noqa: BLE001 - fall back to the summary message
        return []


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
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"Cannot read {path}: {exc}") from None
    doc = parse_document(text, Path(path).name)
    import_document(db, doc, progress=progress, cancel=cancel)
    return doc
