"""visit entry: PDF visit notes in the database; ended fee-schedule and contract rows

Revision ID: 0009v
Revises: 0011p
Create Date: 2026-12-03 13:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009v'
down_revision = '0011p'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('visit_note_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('encounter_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(content) > 0', name='note_not_empty'),
    sa.ForeignKeyConstraint(['encounter_id'], ['encounters.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('encounter_id')
    )
    with op.batch_alter_table('fee_schedule', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended', sa.Boolean(), server_default='0',
                                      nullable=False))
    with op.batch_alter_table('payer_contracts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended', sa.Boolean(), server_default='0',
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('payer_contracts', schema=None) as batch_op:
        batch_op.drop_column('ended')
    with op.batch_alter_table('fee_schedule', schema=None) as batch_op:
        batch_op.drop_column('ended')
    op.drop_table('visit_note_files')
