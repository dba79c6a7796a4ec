"""today: snoozed or done Today items; indexes for the KPI and Today queries

Revision ID: 0013t
Revises: 0010m
"""
from alembic import op
import sqlalchemy as sa


revision = '0013t'
down_revision = '0010m'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('today_snoozes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_key', sa.String(length=80), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('item_key')
    )
    op.create_index('ix_claims_original', 'claims', ['original_claim_id'])
    op.create_index('ix_claims_submitted', 'claims', ['submitted_on'])
    op.create_index('ix_ledger_claim_sums', 'ledger_entries',
                    ['claim_id', 'account', 'kind', 'posted_on', 'amount'])
    op.create_index('ix_ledger_posted', 'ledger_entries',
                    ['posted_on', 'kind', 'account', 'amount', 'claim_id'])


def downgrade() -> None:
    for name, table in (('ix_ledger_posted', 'ledger_entries'),
                        ('ix_ledger_claim_sums', 'ledger_entries'),
                        ('ix_claims_submitted', 'claims'), ('ix_claims_original', 'claims')):
        op.drop_index(name, table_name=table)
    op.drop_table('today_snoozes')
