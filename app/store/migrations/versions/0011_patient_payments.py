"""patient payments: money from patients, the ledger entries carrying it, voids

Revision ID: 0011p
Revises: 0012d
"""
from alembic import op
import sqlalchemy as sa


revision = '0011p'
down_revision = '0012d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('patient_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_key', sa.String(length=40), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('encounter_id', sa.Integer(), nullable=True),
    sa.Column('method', sa.String(length=5), nullable=False),
    sa.Column('channel', sa.String(length=7), nullable=False),
    sa.Column('reference', sa.String(length=50), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('amount > 0', name='patient_payment_positive'),
    sa.CheckConstraint("method IN ('cash','check','card','ach')", name='patient_payment_method'),
    sa.CheckConstraint("channel IN ('checkin','desk','mail','phone','portal')",
                       name='patient_payment_channel'),
    sa.ForeignKeyConstraint(['encounter_id'], ['encounters.id'], ),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('payment_key', name='uq_patient_payment_key')
    )
    with op.batch_alter_table('patient_payments', schema=None) as batch_op:
        batch_op.create_index('ix_patient_payments_received', ['received_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_patient_payments_patient_id'), ['patient_id'],
                              unique=False)
    op.create_table('patient_payment_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=9), nullable=False),
    sa.CheckConstraint("role IN ('applied','unapplied','moved','voided')",
                       name='patient_payment_entry_role'),
    sa.ForeignKeyConstraint(['entry_id'], ['ledger_entries.id'], ),
    sa.ForeignKeyConstraint(['payment_id'], ['patient_payments.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('entry_id', name='uq_patient_payment_entry')
    )
    with op.batch_alter_table('patient_payment_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patient_payment_entries_payment_id'),
                              ['payment_id'], unique=False)
    op.create_table('patient_payment_voids',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('voided_on', sa.Date(), nullable=False),
    sa.Column('voided_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(trim(reason)) > 0', name='void_needs_reason'),
    sa.ForeignKeyConstraint(['payment_id'], ['patient_payments.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('payment_id', name='uq_patient_payment_void')
    )


def downgrade() -> None:
    op.drop_table('patient_payment_voids')
    with op.batch_alter_table('patient_payment_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patient_payment_entries_payment_id'))
    op.drop_table('patient_payment_entries')
    with op.batch_alter_table('patient_payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patient_payments_patient_id'))
        batch_op.drop_index('ix_patient_payments_received')
    op.drop_table('patient_payments')
