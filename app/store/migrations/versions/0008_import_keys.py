"""import keys: records brought in from an EHR by the source's own key

Revision ID: 0008i
Revises: 0006x
"""
from alembic import op
import sqlalchemy as sa


revision = '0008i'
down_revision = '0006x'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('import_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('source_system', sa.String(length=60), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kind', 'source_system', 'key')
    )


def downgrade() -> None:
    op.drop_table('import_keys')
