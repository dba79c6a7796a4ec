"""import keys remember when the source wrote the record (HL7 MSH-7), so an older message
arriving after a newer one does not undo it

Revision ID: 0010m
Revises: 0009v
"""
from alembic import op
import sqlalchemy as sa


revision = '0010m'
down_revision = '0009v'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: the table is not rebuilt.
    op.add_column("import_keys", sa.Column("source_time", sa.String(length=14), nullable=False,
                                           server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("import_keys") as batch:
        batch.drop_column("source_time")
