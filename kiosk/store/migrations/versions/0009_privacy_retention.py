"""privacy: public screens' brakes kept across restarts; the retention purge may erase event notes

- public_throttle: code look-ups per screen and second-factor misses (kiosk/privacy/throttle.py).
- retention_purge: a row exists only inside the retention purge's transaction.
- enrollment_code.roles, device.roles: what a PC is for; a public-only PC gets minimised
  dossiers (kiosk/privacy/roles.py). dossier.second_factor: on such a PC, the second factor
  as salted hashes.
- Dossier events stay append-only: on SQLite (the PCs) the update trigger now lets through one
  change only — inside the retention purge (a row in retention_purge), the note set to NULL
  and `collected_by` removed from `data`, id, time and status unchanged. Deletes are still
  refused. The server (PostgreSQL) is the archive: its trigger is unchanged.

Revision ID: 0009
Revises: 0006b
Create Date: 2026-12-04 18:40:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0006b'
branch_labels = None
depends_on = None

_ERASURE = (
    "EXISTS (SELECT 1 FROM retention_purge) AND NEW.note IS NULL AND NEW.id = OLD.id "
    "AND NEW.dossier_id = OLD.dossier_id AND NEW.at = OLD.at AND NEW.to_status = OLD.to_status"
)


def upgrade() -> None:
    op.create_table('public_throttle',
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('level', sa.Float(), nullable=False),
    sa.Column('since', sa.Float(), nullable=False),
    sa.Column('until', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_public_throttle'))
    )
    op.create_table('retention_purge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_purge'))
    )
    for table in ('enrollment_code', 'device'):
        op.add_column(table, sa.Column('roles', sa.String(length=120), server_default='counter', nullable=False))
    op.add_column('dossier', sa.Column('second_factor', sa.String(length=200), nullable=True))
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS dossier_event_no_update")
    op.execute(
        "CREATE TRIGGER dossier_event_no_update BEFORE UPDATE ON dossier_event "
        f"WHEN NOT ({_ERASURE}) "
        "BEGIN SELECT RAISE(ABORT, 'dossier_event rows are append-only'); END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS dossier_event_no_update")
        op.execute(
            "CREATE TRIGGER dossier_event_no_update BEFORE UPDATE ON dossier_event "
            "BEGIN SELECT RAISE(ABORT, 'dossier_event rows are append-only'); END"
        )
    # plain ALTER TABLE ... DROP COLUMN: no rebuild (the dossier keeps its foreign keys)
    for table, column in (('dossier', 'second_factor'), ('device', 'roles'),
                          ('enrollment_code', 'roles')):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    op.drop_table('retention_purge')
    op.drop_table('public_throttle')
