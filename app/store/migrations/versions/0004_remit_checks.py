"""remit checks: held remitted claims, credit balances, refund tasks

Revision ID: 0004e
Revises: 0008i
Create Date: 2026-11-24 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004e'
down_revision = '0008i'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('remit_holds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('remit_claim_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('kinds', sa.String(length=200), nullable=False),
    sa.Column('element', sa.String(length=20), nullable=False),
    sa.Column('segment', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('earlier_remit_claim_id', sa.Integer(), nullable=True),
    sa.Column('earlier', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint("state IN ('open','dismissed','posted')", name='hold_state'),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], ),
    sa.ForeignKeyConstraint(['earlier_remit_claim_id'], ['remit_claims.id'], ),
    sa.ForeignKeyConstraint(['remit_claim_id'], ['remit_claims.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('remit_claim_id')
    )
    with op.batch_alter_table('remit_holds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_remit_holds_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index('ix_remit_holds_state', ['state'], unique=False)

    op.create_table('credit_balances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('payer_id', sa.Integer(), nullable=True),
    sa.Column('remit_claim_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('owed_to', sa.String(length=7), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint('amount > 0', name='credit_positive'),
    sa.CheckConstraint("owed_to IN ('payer','patient')", name='credit_owed_to'),
    sa.CheckConstraint("state IN ('open','refunded','applied','written_off')", name='credit_state'),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], ),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], ),
    sa.ForeignKeyConstraint(['payer_id'], ['payers.id'], ),
    sa.ForeignKeyConstraint(['remit_claim_id'], ['remit_claims.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('credit_balances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credit_balances_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_credit_balances_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index('ix_credit_balances_state', ['state'], unique=False)

    op.create_table('refund_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('credit_balance_id', sa.Integer(), nullable=False),
    sa.Column('owed_to', sa.String(length=7), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint("state IN ('open','done','cancelled')", name='refund_task_state'),
    sa.ForeignKeyConstraint(['credit_balance_id'], ['credit_balances.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('refund_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refund_tasks_credit_balance_id'), ['credit_balance_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('refund_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refund_tasks_credit_balance_id'))
    op.drop_table('refund_tasks')
    with op.batch_alter_table('credit_balances', schema=None) as batch_op:
        batch_op.drop_index('ix_credit_balances_state')
        batch_op.drop_index(batch_op.f('ix_credit_balances_patient_id'))
        batch_op.drop_index(batch_op.f('ix_credit_balances_claim_id'))
    op.drop_table('credit_balances')
    with op.batch_alter_table('remit_holds', schema=None) as batch_op:
        batch_op.drop_index('ix_remit_holds_state')
        batch_op.drop_index(batch_op.f('ix_remit_holds_claim_id'))
    op.drop_table('remit_holds')
