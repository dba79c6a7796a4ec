"""deposits, payment plans, collection accounts

Revision ID: 0012d
Revises: 0007f
Create Date: 2026-12-03 13:30:00

Self-contained: the trigger text is written here (not imported) so the migration keeps
meaning what it meant when it was written.
"""
from alembic import op
import sqlalchemy as sa


revision = '0012d'
down_revision = '0007f'
branch_labels = None
depends_on = None

_CLOSED = "a closed deposit cannot change"
_SLIP = "the deposit total differs from the bank slip"
_ITEM_CLOSED = "(SELECT state FROM deposits WHERE id = {side}.deposit_id) = 'closed'"
TRIGGERS = {
    "deposit_closed_no_update": ("UPDATE", "deposits", "OLD.state = 'closed'", _CLOSED),
    "deposit_closed_no_delete": ("DELETE", "deposits", "OLD.state = 'closed'", _CLOSED),
    "deposit_close_needs_slip": (
        "UPDATE", "deposits",
        "OLD.state = 'open' AND NEW.state = 'closed' AND NEW.slip_amount IS NOT (SELECT COALESCE(SUM(amount), 0) "
        "FROM deposit_items WHERE deposit_id = NEW.id)", _SLIP),
    "deposit_item_closed_insert": ("INSERT", "deposit_items", _ITEM_CLOSED.format(side="NEW"),
                                   _CLOSED),
    "deposit_item_closed_update": (
        "UPDATE", "deposit_items",
        _ITEM_CLOSED.format(side="OLD") + " OR " + _ITEM_CLOSED.format(side="NEW"), _CLOSED),
    "deposit_item_closed_delete": ("DELETE", "deposit_items", _ITEM_CLOSED.format(side="OLD"),
                                   _CLOSED),
}


def _tables() -> None:
    op.create_table('deposits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('deposit_date', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=50), nullable=False),
    sa.Column('eft_key', sa.String(length=90), nullable=True),
    sa.Column('state', sa.String(length=6), nullable=False),
    sa.Column('slip_amount', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('cash_check','card','eft')", name='deposit_kind'),
    sa.CheckConstraint("state IN ('open','closed')", name='deposit_state'),
    sa.CheckConstraint("state = 'open' OR (slip_amount IS NOT NULL AND closed_at IS NOT NULL)",
                       name='deposit_closed_has_slip'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('eft_key')
    )
    op.create_index('ix_deposits_state', 'deposits', ['state', 'deposit_date'], unique=False)
    op.create_table('deposit_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deposit_id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=True),
    sa.Column('ledger_entry_id', sa.Integer(), nullable=True),
    sa.Column('method', sa.String(length=5), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(payment_id IS NULL) != (ledger_entry_id IS NULL)',
                       name='deposit_item_one_source'),
    sa.CheckConstraint("method IN ('cash','check','card','ach','eft','other')",
                       name='deposit_item_method'),
    sa.ForeignKeyConstraint(['deposit_id'], ['deposits.id'], ),
    sa.ForeignKeyConstraint(['ledger_entry_id'], ['ledger_entries.id'], ),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ledger_entry_id'),
    sa.UniqueConstraint('payment_id')
    )
    op.create_index(op.f('ix_deposit_items_deposit_id'), 'deposit_items', ['deposit_id'],
                    unique=False)
    op.create_table('payment_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('monthly_amount', sa.Integer(), nullable=False),
    sa.Column('plan_total', sa.Integer(), nullable=False),
    sa.Column('first_due', sa.Date(), nullable=False),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('monthly_amount > 0', name='plan_monthly_positive'),
    sa.CheckConstraint('plan_total > 0', name='plan_total_positive'),
    sa.CheckConstraint("state IN ('active','cancelled','completed')", name='plan_state'),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_payment_plans_patient_id'), 'payment_plans', ['patient_id'],
                    unique=False)
    op.create_table('collection_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('agency', sa.String(length=60), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=6), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint('amount > 0', name='collection_amount_positive'),
    sa.CheckConstraint("state IN ('sent','closed')", name='collection_state'),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_collection_accounts_patient_id'), 'collection_accounts',
                    ['patient_id'], unique=False)


def upgrade() -> None:
    _tables()
    for name, (event, table, when, message) in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} BEFORE {event} ON {table} WHEN {when} "
                   f"BEGIN SELECT RAISE(ABORT, '{message}'); END")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index(op.f('ix_collection_accounts_patient_id'), table_name='collection_accounts')
    op.drop_table('collection_accounts')
    op.drop_index(op.f('ix_payment_plans_patient_id'), table_name='payment_plans')
    op.drop_table('payment_plans')
    op.drop_index(op.f('ix_deposit_items_deposit_id'), table_name='deposit_items')
    op.drop_table('deposit_items')
    op.drop_index('ix_deposits_state', table_name='deposits')
    op.drop_table('deposits')
