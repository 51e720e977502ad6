"""sync_change by change number: the long-poll watcher asks which scopes changed since n

- ix_sync_change_seq: each server process's watcher (kiosk/server/watch.py) reads
  `scope, max(seq) ... WHERE seq > n GROUP BY scope` every half second when the log moved; the
  index keeps that a range read of the few new rows, however long the log.

Revision ID: 0014
Revises: 0009
Create Date: 2026-12-04 19:35:00.000000
"""
from alembic import op


revision = '0014'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sync_change', schema=None) as batch_op:
        batch_op.create_index('ix_sync_change_seq', ['seq'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sync_change', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_change_seq')
