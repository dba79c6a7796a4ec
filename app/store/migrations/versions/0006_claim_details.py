"""claim details: CLIA number, supervising/ordering/line rendering providers, CLM20 delay
reason, EPSDT referral, last menstrual period, attachments, line end dates, anesthesia minutes

Revision ID: 0006x
Revises: 0002s
"""
from alembic import op
import sqlalchemy as sa


revision = "0006x"
down_revision = "0002s"
branch_labels = None
depends_on = None

_ENCOUNTER_COLUMNS = ("supervising_provider_id", "last_menstrual_period", "delay_reason",
                      "epsdt_referral", "attachments_json")
_LINE_COLUMNS = ("end_date", "rendering_provider_id", "ordering_provider_id", "unit_code")


def _add_provider_column(table: str, column: str) -> None:
    # Standard SQL (SQLite and PostgreSQL alike): a nullable column with a REFERENCES
    # clause, added in place. Alembic's add_column would emit a separate ADD CONSTRAINT,
    # which SQLite refuses, and batch mode would rebuild tables the ledger refers to.
    op.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES providers (id)")


def upgrade() -> None:
    # Plain ADD COLUMN everywhere: no table is rebuilt.
    op.add_column("practice", sa.Column("clia_number", sa.String(length=10), nullable=False,
                                        server_default=""))
    _add_provider_column("encounters", "supervising_provider_id")
    op.add_column("encounters", sa.Column("last_menstrual_period", sa.Date(), nullable=True))
    op.add_column("encounters", sa.Column("delay_reason", sa.String(length=2), nullable=False,
                                          server_default=""))
    op.add_column("encounters", sa.Column("epsdt_referral", sa.String(length=2),
                                          nullable=False, server_default=""))
    op.add_column("encounters", sa.Column("attachments_json", sa.Text(), nullable=False,
                                          server_default=""))
    op.add_column("service_lines", sa.Column("end_date", sa.Date(), nullable=True))
    _add_provider_column("service_lines", "rendering_provider_id")
    _add_provider_column("service_lines", "ordering_provider_id")
    op.add_column("service_lines", sa.Column("unit_code", sa.String(length=2), nullable=False,
                                             server_default="UN"))


def downgrade() -> None:
    with op.batch_alter_table("service_lines") as batch:
        for name in _LINE_COLUMNS:
            batch.drop_column(name)
    with op.batch_alter_table("encounters") as batch:
        for name in _ENCOUNTER_COLUMNS:
            batch.drop_column(name)
    with op.batch_alter_table("practice") as batch:
        batch.drop_column("clia_number")
