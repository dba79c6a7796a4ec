"""store safety: the ledger and the audit log refuse REPLACE, UPDATE and DELETE

Revision ID: 0002s
Revises: 0001
Create Date: 2026-11-24 09:00:00

Self-contained: the trigger text is written here (not imported) so the migration keeps
meaning what it meant when it was written.
"""
from alembic import op

revision = "0002s"
down_revision = "0001"
branch_labels = None
depends_on = None

_LEDGER = "the ledger is append-only: post a correcting entry"
_AUDIT = "the audit log is append-only"


def _refuse(name: str, event: str, table: str, message: str, when: str = "") -> str:
    return (f"CREATE TRIGGER {name} BEFORE {event} ON {table} {when}"
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END")


def upgrade() -> None:
    # REPLACE deletes the old row without firing DELETE triggers (recursive_triggers is off),
    # so an INSERT that meets an existing id is refused before it can replace anything.
    op.execute(_refuse("ledger_no_replace", "INSERT", "ledger_entries", _LEDGER,
                       "WHEN EXISTS (SELECT 1 FROM ledger_entries WHERE id = NEW.id) "))
    op.execute(_refuse("audit_no_update", "UPDATE", "audit_log", _AUDIT))
    op.execute(_refuse("audit_no_delete", "DELETE", "audit_log", _AUDIT))
    op.execute(_refuse("audit_no_replace", "INSERT", "audit_log", _AUDIT,
                       "WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) "))


def downgrade() -> None:
    for name in ("audit_no_replace", "audit_no_delete", "audit_no_update", "ledger_no_replace"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
