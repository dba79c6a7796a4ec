"""claim snapshots: what each claim carried when it left the practice

Revision ID: 0007f
Revises: 0004e
Create Date: 2026-11-24 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007f'
down_revision = '0004e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('claim_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.Column('channel', sa.String(length=5), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('control_number', sa.String(length=20), nullable=False),
    sa.Column('frequency_code', sa.String(length=1), nullable=False),
    sa.Column('payer_claim_number', sa.String(length=50), nullable=False),
    sa.Column('place_of_service', sa.String(length=2), nullable=False),
    sa.Column('diagnoses', sa.String(length=120), nullable=False),
    sa.Column('total_charge', sa.Integer(), nullable=False),
    sa.Column('lines_json', sa.Text(), nullable=False),
    sa.CheckConstraint('sequence >= 1', name='snapshot_sequence'),
    sa.CheckConstraint("channel IN ('837P','paper')", name='snapshot_channel'),
    sa.CheckConstraint('total_charge >= 0', name='snapshot_total'),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], ),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('claim_id', 'sequence')
    )
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER claim_snapshots_no_{verb.lower()} BEFORE {verb} ON claim_snapshots "
            "BEGIN SELECT RAISE(ABORT, 'a sent claim is frozen: send a replacement claim'); END"
        )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS claim_snapshots_no_update")
    op.execute("DROP TRIGGER IF EXISTS claim_snapshots_no_delete")
    op.drop_table('claim_snapshots')
