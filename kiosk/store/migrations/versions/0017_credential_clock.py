"""credential_clock: the generation of credentials, for the server's credential cache

- credential_clock (one row, id 1): bumped in the same transaction by every change that can
  end or narrow a device secret or a staff token (kiosk/store/credential_clock.py). Each server
  process caches credentials it verified for up to a minute and clears that cache when the
  number moves (its watcher reads it with the change-log head every half second).

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-04 21:00:00.000000
"""
import sqlalchemy as sa
from alembic import op


revision = '0017'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    clock = op.create_table('credential_clock',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credential_clock'))
    )
    op.bulk_insert(clock, [{'id': 1, 'value': 0}])


def downgrade() -> None:
    op.drop_table('credential_clock')
