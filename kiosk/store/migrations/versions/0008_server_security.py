"""server security: login throttling, the security log, revocable staff tokens, device
secret rotation

- login_throttle: failed sign-ins per account name and per client address with the back-off
  they earned (kept in the database, so a restart or a second server process does not reset it).
- security_event: every sign-in (outcome, account, address; never a password), logouts.
- staff_token.revoked_at: `kiosk staff logout USER` ends that account's sessions.
- device.next_secret_hash / secret_rotated_at: a device secret is replaced without a window in
  which a lost answer locks the PC out.

Revision ID: 0008
Revises: 0010
Create Date: 2026-12-04 18:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'login_throttle',
        sa.Column('key', sa.String(length=120), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('last_failure_at', sa.DateTime(), nullable=False),
        sa.Column('locked_until', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('key'),
    )
    op.create_table(
        'security_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('username', sa.String(length=80), nullable=True),
        sa.Column('address', sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('security_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_security_event_at'), ['at'], unique=False)
    with op.batch_alter_table('staff_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_secret_hash', sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column('secret_rotated_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.drop_column('secret_rotated_at')
        batch_op.drop_column('next_secret_hash')
    with op.batch_alter_table('staff_token', schema=None) as batch_op:
        batch_op.drop_column('revoked_at')
    with op.batch_alter_table('security_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_security_event_at'))
    op.drop_table('security_event')
    op.drop_table('login_throttle')
