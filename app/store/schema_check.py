"""What a ClaimDesk practice database must hold: revision, tables, the append-only triggers.

Used when a database is opened (``Database``) and when a backup is checked before a restore.
Works on a plain DB-API/SQLAlchemy connection through SQL text, so it can also look at files
that are not (yet) ClaimDesk databases.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from app.domain.errors import EnvironmentProblem

# Name -> table. The ledger and the audit log refuse UPDATE, DELETE and REPLACE.
REQUIRED_TRIGGERS: dict[str, str] = {
    "ledger_no_update": "ledger_entries",
    "ledger_no_delete": "ledger_entries",
    "ledger_no_replace": "ledger_entries",
    "audit_no_update": "audit_log",
    "audit_no_delete": "audit_log",
    "audit_no_replace": "audit_log",
    # A closed deposit and its items never change; closing needs the slip to match (0012d).
    "deposit_closed_no_update": "deposits",
    "deposit_closed_no_delete": "deposits",
    "deposit_close_needs_slip": "deposits",
    "deposit_item_closed_insert": "deposit_items",
    "deposit_item_closed_update": "deposit_items",
    "deposit_item_closed_delete": "deposit_items",
}


def missing_triggers(conn: Connection) -> list[str]:
    """The required triggers absent from the database (sorted names)."""
    rows = conn.execute(text("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'"))
    present = {(name, table) for name, table in rows}
    return sorted(n for n, table in REQUIRED_TRIGGERS.items() if (n, table) not in present)


def check_triggers(conn: Connection, where: str) -> None:
    """Refuse a database whose append-only triggers are missing.

    A missing trigger means the file was changed outside ClaimDesk; re-creating it silently
    would hide that (and anything rewritten meanwhile), so the database is refused instead.

    Raises:
        EnvironmentProblem: names ``where`` and the first missing trigger.
    """
    missing = missing_triggers(conn)
    if missing:
        raise EnvironmentProblem(
            f"{where} lacks the safety trigger {missing[0]}"
            + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
            + ": it was changed outside ClaimDesk and is not opened.",
            hint="Restore the practice from a backup made by ClaimDesk.")


def table_names(conn: Connection) -> set[str]:
    """Names of the tables in the database."""
    rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
    return {name for (name,) in rows}
